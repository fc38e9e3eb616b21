package pdfcheck

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"loket"
)

// checkFile runs CheckFile through a real temp file and returns what was
// written to it.
func checkFile(t testing.TB, r io.Reader, declared int64, opts Options) (*Result, []byte, error) {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), ".tmp-*")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := CheckFile(context.Background(), r, declared, f, opts)
	written, rerr := os.ReadFile(f.Name())
	if rerr != nil {
		t.Fatal(rerr)
	}
	return res, written, err
}

// sameOutcome fails unless Check and CheckFile decided alike.
func sameOutcome(t *testing.T, data []byte, opts Options) {
	t.Helper()
	want, werr := Check(context.Background(), bytes.NewReader(data), 0, opts)
	got, written, gerr := checkFile(t, bytes.NewReader(data), 0, opts)
	if wr, gr := AsRefusal(werr), AsRefusal(gerr); wr != nil || gr != nil {
		if wr == nil || gr == nil || wr.Reason != gr.Reason || wr.LooksLike != gr.LooksLike ||
			wr.Limit != gr.Limit || wr.Size != gr.Size || wr.Pages != gr.Pages {
			t.Fatalf("Check = %v; CheckFile = %v", werr, gerr)
		}
		return
	}
	if werr != nil || gerr != nil {
		t.Fatalf("Check = %v; CheckFile = %v", werr, gerr)
	}
	if got.Data != nil {
		t.Error("CheckFile returned Data")
	}
	if got.SHA256 != want.SHA256 || got.Size != want.Size || got.Pages != want.Pages || got.Version != want.Version {
		t.Errorf("CheckFile = %+v; Check = %+v", *got, *want)
	}
	if !bytes.Equal(written, data) {
		t.Errorf("spool holds %d bytes, not the %d read", len(written), len(data))
	}
}

// Every fixture and every inline case gets the same answer from both
// routes, including the sniffing of non-PDFs (an Office zip is read back
// from the file) and leading junk before the signature.
func TestCheckFileAgreesWithCheck(t *testing.T) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"empty":            {},
		"signature only":   []byte("%PDF-1.7\n"),
		"text":             []byte("NPWP saya 01.234.567.8-901.000"),
		"late signature":   append(bytes.Repeat([]byte(" "), 2000), "%PDF-1.4"...),
		"no pages":         buildPDF(0, 10),
		"51 pages":         buildPDF(51, 10),
		"50 pages":         buildPDF(50, 1000),
		"junk then 3 page": append(bytes.Repeat([]byte("X-Scanner: Canon\r\n"), 50), buildPDF(3, 100)...),
	}
	for _, e := range entries {
		switch filepath.Ext(e.Name()) {
		case ".pdf", ".jpg", ".png", ".docx":
			cases[e.Name()] = fixture(t, e.Name())
		}
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sameOutcome(t, data, Options{})
		})
	}
	t.Run("small limits", func(t *testing.T) {
		sameOutcome(t, fixture(t, "gs_text.pdf"), Options{MaxBytes: 100})
		sameOutcome(t, buildPDF(20, 10), Options{MaxPages: 10})
	})
}

func TestCheckFileSizeLimit(t *testing.T) {
	const limit = loket.MaxDocumentBytes
	atLimit := buildPDFSize(t, 2, limit)
	overLimit := buildPDFSize(t, 2, limit+1)
	tests := []struct {
		name     string
		r        io.Reader
		declared int64
		reason   Reason // "" = accepted
		maxRead  int64
	}{
		{"exactly the limit", bytes.NewReader(atLimit), limit, "", limit},
		{"exactly the limit, size unknown", bytes.NewReader(atLimit), 0, "", limit},
		{"one byte over", bytes.NewReader(overLimit), 0, TooLarge, limit + 1},
		{"one byte over, declared small", bytes.NewReader(overLimit), 1000, TooLarge, limit + 1},
		{"declared over: nothing read", bytes.NewReader(overLimit), limit + 1, TooLarge, 0},
		{"declared huge: nothing read", endless{}, 1 << 40, TooLarge, 0},
		{"never ends", endless{}, 0, TooLarge, limit + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cr := &countingReader{r: tt.r}
			res, written, err := checkFile(t, cr, tt.declared, Options{})
			if cr.n > tt.maxRead || int64(len(written)) != cr.n {
				t.Errorf("read %d bytes and wrote %d, want at most %d", cr.n, len(written), tt.maxRead)
			}
			if tt.reason == "" {
				sum := sha256.Sum256(atLimit)
				if err != nil || res.Size != limit || res.SHA256 != hex.EncodeToString(sum[:]) || res.Pages != 2 {
					t.Fatalf("CheckFile = %+v, %v; want accepted at %d bytes", res, err, limit)
				}
				return
			}
			r := AsRefusal(err)
			if r == nil || r.Reason != tt.reason || r.Limit != limit {
				t.Fatalf("CheckFile = %v; want %s with limit %d", err, tt.reason, limit)
			}
			if !errors.Is(err, loket.ErrTooLarge) {
				t.Errorf("%v should match loket.ErrTooLarge", err)
			}
		})
	}
}

type failingSpool struct{ bytes.Reader }

var errDiskFull = errors.New("no space left on device")

func (*failingSpool) Write([]byte) (int, error) { return 0, errDiskFull }

func TestCheckFileErrors(t *testing.T) {
	data := fixture(t, "gs_text.pdf")
	_, _, err := checkFile(t, &failingReader{after: 100}, 0, Options{})
	if !errors.Is(err, errNetwork) || AsRefusal(err) != nil {
		t.Errorf("reader failing: %v; want the reader's error", err)
	}
	_, err = CheckFile(context.Background(), bytes.NewReader(data), 0, &failingSpool{}, Options{})
	if !errors.Is(err, errDiskFull) || AsRefusal(err) != nil {
		t.Errorf("spool failing: %v; want the write error", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cr := &countingReader{r: endless{}}
	_, err = CheckFile(ctx, cr, 0, &failingSpool{}, Options{})
	if !errors.Is(err, context.Canceled) || cr.n != 0 {
		t.Errorf("cancelled: %v after %d bytes; want context.Canceled before reading", err, cr.n)
	}

	_, _, err = checkFile(t, bytes.NewReader(buildPDF(2000, 1000)), 0, Options{Timeout: time.Nanosecond})
	if r := AsRefusal(err); r == nil || r.Reason != Timeout {
		t.Errorf("parse deadline: %v; want a timeout refusal", err)
	}
}

// A spool closed and removed while pdfcpu may still read it (after a
// timeout) does not crash anything (run with -race).
func TestCheckFileAbandonedParse(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), ".tmp-*")
	if err != nil {
		t.Fatal(err)
	}
	_, err = CheckFile(context.Background(), bytes.NewReader(buildPDF(2000, 1000)), 0, f, Options{Timeout: time.Millisecond})
	f.Close()
	os.Remove(f.Name())
	if err != nil && AsRefusal(err) == nil {
		t.Fatalf("CheckFile: %v", err)
	}
}

// memSpool is an in-memory Spool for fuzzing without touching the disk.
type memSpool struct{ b []byte }

func (m *memSpool) Write(p []byte) (int, error) { m.b = append(m.b, p...); return len(p), nil }
func (m *memSpool) ReadAt(p []byte, off int64) (int, error) {
	return bytes.NewReader(m.b).ReadAt(p, off)
}

// FuzzCheckFile: the streaming route decides exactly like Check, reads no
// more than MaxBytes+1 bytes and spools exactly what it read.
func FuzzCheckFile(f *testing.F) {
	for _, name := range []string{"gs_text.pdf", "qpdf_objstreams.pdf", "leading_junk.pdf", "zero_pages.pdf", "letter.docx"} {
		f.Add(fixture(f, name))
	}
	f.Add([]byte{})
	f.Add([]byte("%PDF-1.4\n"))
	f.Add(buildPDF(3, 16))
	const maxBytes = 64 << 10
	opts := Options{MaxBytes: maxBytes, MaxPages: 5, Timeout: 5 * time.Second}
	f.Fuzz(func(t *testing.T, data []byte) {
		cr := &countingReader{r: bytes.NewReader(data)}
		spool := &memSpool{}
		got, gerr := CheckFile(context.Background(), cr, 0, spool, opts)
		if cr.n > maxBytes+1 || int64(len(spool.b)) != cr.n || !bytes.Equal(spool.b, data[:cr.n]) {
			t.Fatalf("read %d bytes, spooled %d, limit %d", cr.n, len(spool.b), maxBytes)
		}
		want, werr := Check(context.Background(), bytes.NewReader(data), 0, opts)
		wr, gr := AsRefusal(werr), AsRefusal(gerr)
		switch {
		case (werr == nil) != (gerr == nil):
			t.Fatalf("Check = %v; CheckFile = %v", werr, gerr)
		case wr != nil && (gr == nil || wr.Reason != gr.Reason || wr.LooksLike != gr.LooksLike):
			t.Fatalf("Check = %v; CheckFile = %v", werr, gerr)
		case werr == nil && (got.SHA256 != want.SHA256 || got.Size != want.Size || got.Pages != want.Pages):
			t.Fatalf("CheckFile = %+v; Check = %+v", got, want)
		}
	})
}
