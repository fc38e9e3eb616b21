package webchat

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"loket"
	"loket/bot"
	"loket/store/files"
	"loket/store/memory"
	"loket/templates"
)

// recordSink is the engine's Accept, recording what it was given.
type recordSink struct {
	mu  sync.Mutex
	got []loket.Inbound
}

func (s *recordSink) Accept(_ context.Context, msgs ...loket.Inbound) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, msgs...)
	return nil
}

type noLines struct{}

func (noLines) Transcript(context.Context, loket.Channel, string, int64, int64, int) ([]loket.ChatLine, error) {
	return nil, nil
}

type uploadEnv struct {
	srv  *httptest.Server
	ch   *Channel
	sink *recordSink
	dir  *files.Dir
	root string
}

func newUploadEnv(t *testing.T) *uploadEnv {
	t.Helper()
	clock := loket.NewFixedClock(time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC))
	eph := memory.New(clock)
	t.Cleanup(func() { eph.Close() })
	ch, err := New(Config{}, noLines{}, eph, eph, clock, templates.Web, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	dir, err := files.NewDir(root)
	if err != nil {
		t.Fatal(err)
	}
	sink := &recordSink{}
	ch.SetSink(sink)
	ch.SetUploads(dir, nil)
	srv := httptest.NewServer(ch.Handler())
	t.Cleanup(srv.Close)
	return &uploadEnv{srv: srv, ch: ch, sink: sink, dir: dir, root: root}
}

const testChat = "0123456789abcdef0123456789abcdef"

// post sends a multipart upload with the given file bytes.
func (e *uploadEnv) post(t *testing.T, name string, data []byte, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("id", "u1")
	_ = mw.WriteField("lang", "id")
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/chat/upload", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: cookieName, Value: e.ch.sign(testChat)})
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "flows", "pdfcheck", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestUpload(t *testing.T) {
	pdf := fixture(t, "gs_text.pdf")
	big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), loket.MaxDocumentBytes)...)
	tests := []struct {
		name   string
		file   string
		data   []byte
		hdr    map[string]string
		status int
		code   string
	}{
		{"pdf", "KTP Budi.pdf", pdf, nil, http.StatusAccepted, ""},
		{"same origin header", "ktp.pdf", pdf, map[string]string{"Sec-Fetch-Site": "same-origin"}, http.StatusAccepted, ""},
		{"cross site", "ktp.pdf", pdf, map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden, loket.EForbidden},
		{"foreign origin", "ktp.pdf", pdf, map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden, loket.EForbidden},
		{"photo", "ktp.jpg", fixture(t, "photo.jpg"), nil, http.StatusUnsupportedMediaType, loket.EInvalid},
		{"word", "ktp.pdf", fixture(t, "letter.docx"), nil, http.StatusUnsupportedMediaType, loket.EInvalid},
		{"empty", "ktp.pdf", []byte{}, nil, http.StatusBadRequest, loket.EInvalid},
		{"over 4 MB", "big.pdf", big, nil, http.StatusRequestEntityTooLarge, loket.ETooLarge},
		{"exactly 4 MB", "max.pdf", big[:loket.MaxDocumentBytes], nil, http.StatusAccepted, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newUploadEnv(t)
			res, body := e.post(t, tt.file, tt.data, tt.hdr)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			if tt.code != "" && !strings.Contains(body, `"code":"`+tt.code+`"`) {
				t.Errorf("body %s lacks code %s", body, tt.code)
			}
			if tt.status != http.StatusAccepted {
				if len(e.sink.got) != 0 {
					t.Errorf("refused upload reached the engine: %+v", e.sink.got)
				}
				if n := countBlobs(t, e.root); n != 0 {
					t.Errorf("refused upload stored %d blobs", n)
				}
				return
			}
			if len(e.sink.got) != 1 {
				t.Fatalf("%d messages accepted, want 1", len(e.sink.got))
			}
			in := e.sink.got[0]
			if in.Kind != loket.InDocument || in.Document == nil || in.ChatID != testChat || in.ExternalID != testChat+":u1" {
				t.Fatalf("inbound %+v", in)
			}
			if in.Document.FileName != tt.file || in.Document.Size != int64(len(tt.data)) || !strings.HasPrefix(in.Document.FileID, "upload:") {
				t.Errorf("document ref %+v", in.Document)
			}
			// The pipeline reads it back through the channel's Fetcher.
			var f bot.Fetcher = e.ch
			rc, err := f.Fetch(context.Background(), *in.Document, loket.MaxDocumentBytes)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(rc)
			rc.Close()
			if !bytes.Equal(got, tt.data) {
				t.Errorf("fetched %d bytes, want the %d uploaded", len(got), len(tt.data))
			}
		})
	}
}

func TestUploadNeedsSession(t *testing.T) {
	e := newUploadEnv(t)
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/chat/upload", strings.NewReader("x"))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("status %d without a chat cookie, want 401", res.StatusCode)
	}
}

// TestUploadReadsNoMoreThanTheLimit sends an endless body: the handler
// must stop at the limit and answer 413, not read on.
func TestUploadReadsNoMoreThanTheLimit(t *testing.T) {
	e := newUploadEnv(t)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("id", "u1")
	_, _ = mw.CreateFormFile("file", "endless.pdf")
	head := body.Bytes()
	endless := &countingReader{r: io.MultiReader(bytes.NewReader(head), strings.NewReader("%PDF-1.4\n"), zeros{})}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/chat/upload", endless)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: cookieName, Value: e.ch.sign(testChat)})
	e.ch.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", rec.Code)
	}
	if limit := int64(loket.MaxDocumentBytes + uploadOverhead + 64<<10); endless.n > limit {
		t.Errorf("read %d bytes of an endless body, want at most about %d", endless.n, limit)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func TestFetchRefusals(t *testing.T) {
	e := newUploadEnv(t)
	ctx := context.Background()
	sha, err := e.dir.Put(ctx, fixture(t, "gs_text.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ref  loket.DocumentRef
		want error
	}{
		{loket.DocumentRef{FileID: "upload:" + sha, Size: loket.MaxDocumentBytes + 1}, loket.ErrTooLarge},
		{loket.DocumentRef{FileID: "upload:" + strings.Repeat("0", 64)}, bot.ErrPermanent},
		{loket.DocumentRef{FileID: "upload:../../etc/passwd"}, bot.ErrPermanent},
		{loket.DocumentRef{FileID: "sha256:" + sha}, bot.ErrPermanent}, // the document store is not the upload area
		{loket.DocumentRef{FileID: "telegram-file"}, bot.ErrPermanent},
	}
	for _, tt := range tests {
		if _, err := e.ch.Fetch(ctx, tt.ref, loket.MaxDocumentBytes); !errors.Is(err, tt.want) {
			t.Errorf("Fetch(%q): %v, want %v", tt.ref.FileID, err, tt.want)
		}
	}
	rc, err := e.ch.Fetch(ctx, loket.DocumentRef{FileID: "upload:" + sha}, 100)
	if err == nil {
		rc.Close()
		t.Errorf("a stored file over the limit was opened")
	}
}

func countBlobs(t *testing.T, root string) int {
	t.Helper()
	n := 0
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && files.ValidSHA(d.Name()) {
			n++
		}
		return nil
	})
	return n
}

// Two messages with the same file share one upload; the first one's
// judgement releases it, and the second still reads the file, from the
// document store where the pipeline put it.
func TestSameFileTwiceIsFetchedFromTheDocumentStore(t *testing.T) {
	e := newLimitEnv(t, Limits{}, nil)
	stored, err := files.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e.ch.SetStored(stored)
	pdf := fixture(t, "gs_text.pdf")
	for _, id := range []string{"u1", "u2"} {
		if rec := e.upload(t, "198.51.100.7", testChat, id, pdf, ""); rec.Code != http.StatusAccepted {
			t.Fatal(rec.Code, rec.Body.String())
		}
	}
	first, second := *e.sink.got[0].Document, *e.sink.got[1].Document
	if first.FileID != second.FileID {
		t.Fatalf("one content, two uploads: %q, %q", first.FileID, second.FileID)
	}
	// The first is judged: the pipeline stores it and releases the upload.
	if _, err := stored.Put(context.Background(), pdf); err != nil {
		t.Fatal(err)
	}
	if err := e.ch.Release(context.Background(), first); err != nil {
		t.Fatal(err)
	}
	rc, err := e.ch.Fetch(context.Background(), second, loket.MaxDocumentBytes)
	if err != nil {
		t.Fatalf("the second message's file: %v", err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, pdf) {
		t.Fatalf("read %d bytes, want the %d of the file", len(got), len(pdf))
	}
}
