package pdfcheck

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"testing"
	"time"

	"loket"
)

func TestCheckSizeLimit(t *testing.T) {
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
		{"never ends, declared small", endless{}, 10, TooLarge, limit + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cr := &countingReader{r: tt.r}
			res, err := Check(context.Background(), cr, tt.declared, Options{})
			if cr.n > tt.maxRead {
				t.Errorf("read %d bytes, want at most %d", cr.n, tt.maxRead)
			}
			if tt.reason == "" {
				if err != nil || res.Size != limit {
					t.Fatalf("Check = %v; want accepted at %d bytes", err, limit)
				}
				return
			}
			r := AsRefusal(err)
			if r == nil || r.Reason != tt.reason || r.Limit != limit {
				t.Fatalf("Check = %v; want %s with limit %d", err, tt.reason, limit)
			}
			if !errors.Is(err, loket.ErrTooLarge) || errors.Is(err, loket.ErrInvalid) {
				t.Errorf("%v should match loket.ErrTooLarge only", err)
			}
		})
	}
}

func TestCheckSmallerLimit(t *testing.T) {
	data := fixture(t, "gs_text.pdf")
	cr := &countingReader{r: bytes.NewReader(data)}
	_, err := Check(context.Background(), cr, 0, Options{MaxBytes: 100})
	if r := AsRefusal(err); r == nil || r.Reason != TooLarge || r.Limit != 100 || r.Size != 101 {
		t.Fatalf("Check = %v; want too_large, limit 100, size 101", err)
	}
	if cr.n != 101 {
		t.Errorf("read %d bytes, want 101", cr.n)
	}
}

type failingReader struct{ after int }

var errNetwork = errors.New("connection reset")

func (f *failingReader) Read(p []byte) (int, error) {
	if f.after <= 0 {
		return 0, errNetwork
	}
	n := min(len(p), f.after)
	f.after -= n
	return n, nil
}

func TestCheckReaderError(t *testing.T) {
	_, err := Check(context.Background(), &failingReader{after: 100}, 0, Options{})
	if !errors.Is(err, errNetwork) || AsRefusal(err) != nil {
		t.Fatalf("Check = %v; want the reader's error, not a refusal", err)
	}
}

func TestCheckCancelledWhileReading(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cr := &countingReader{r: endless{}}
	_, err := Check(ctx, cr, 0, Options{})
	if !errors.Is(err, context.Canceled) || AsRefusal(err) != nil {
		t.Fatalf("Check = %v; want context.Canceled", err)
	}
	if cr.n != 0 {
		t.Errorf("read %d bytes after cancellation", cr.n)
	}
}

// A big many-object file cannot be parsed within a nanosecond: the parse
// deadline gives a Timeout refusal, not an error.
func TestCheckParseTimeout(t *testing.T) {
	data := buildPDF(2000, 1000)
	_, err := Check(context.Background(), bytes.NewReader(data), 0, Options{Timeout: time.Nanosecond})
	if r := AsRefusal(err); r == nil || r.Reason != Timeout {
		t.Fatalf("Check = %v; want timeout refusal", err)
	}
}

// The caller's context ending during the parse is the caller's error.
func TestParseCancelled(t *testing.T) {
	Init()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := parse(ctx, bytes.NewReader(buildPDF(2000, 1000)), time.Minute)
	if !errors.Is(err, context.Canceled) || AsRefusal(err) != nil {
		t.Fatalf("parse = %v; want context.Canceled", err)
	}
}

// pdfcpu must not create its config directory nor print anything.
func TestCheckLeavesNoTrace(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", home)
	stdout, stderr := os.Stdout, os.Stderr
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout, os.Stderr = pw, pw
	for _, name := range []string{"qpdf_pdf20.pdf", "truncated_half.pdf", "incremental_update.pdf", "qpdf_owner_only_aes256.pdf"} {
		_, _ = Check(context.Background(), bytes.NewReader(fixture(t, name)), 0, Options{})
	}
	os.Stdout, os.Stderr = stdout, stderr
	pw.Close()
	printed, _ := io.ReadAll(pr)
	if len(printed) > 0 {
		t.Errorf("Check printed %q", printed)
	}
	entries, _ := os.ReadDir(home)
	for _, e := range entries {
		t.Errorf("Check created %s under the config dir", e.Name())
	}
}
