package whatsapp

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"

	"loket"
	"loket/bot"
)

func docRef(length uint64) loket.DocumentRef {
	d := &waE2E.DocumentMessage{DirectPath: proto.String("/v/t62/x"), MediaKey: []byte("k"), FileEncSHA256: []byte("e"),
		FileSHA256: []byte("s"), FileLength: proto.Uint64(length), Mimetype: proto.String("application/pdf")}
	return loket.DocumentRef{FileID: encodeDocRef(d), FileName: "a.pdf", MimeType: "application/pdf", Size: int64(length)}
}

func TestFetch(t *testing.T) {
	const limit = loket.MaxDocumentBytes
	small := []byte("%PDF-1.4 kecil")
	understated := docRef(100)
	understated.Size = 0
	tests := []struct {
		name      string
		ref       loket.DocumentRef
		data      []byte
		dlErr     error
		tooLarge  bool
		permanent bool
		download  bool
	}{
		{"fits", docRef(uint64(len(small))), small, nil, false, false, true},
		{"declared too big: no download", docRef(limit + 1), nil, nil, true, false, false},
		{"length inside file id too big: no download", func() loket.DocumentRef { r := docRef(limit + 1); r.Size = 0; return r }(), nil, nil, true, false, false},
		{"actual data over the limit", understated, make([]byte, limit+1), nil, true, false, true},
		{"length mismatch warning over the limit", understated, make([]byte, limit+5), whatsmeow.ErrFileLengthMismatch, true, false, true},
		{"body cap hit", understated, nil, errBodyTooLarge, true, false, true},
		{"expired", docRef(10), nil, whatsmeow.ErrMediaDownloadFailedWith410, false, true, true},
		{"bad file id", loket.DocumentRef{FileID: "%%%"}, nil, nil, false, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cli := connectedClient()
			cli.dlData, cli.dlErr = tt.data, tt.dlErr
			c, _ := testChannel(t, Config{}, cli, nil)
			rc, err := c.Fetch(context.Background(), tt.ref, limit)
			if (cli.downloads > 0) != tt.download {
				t.Errorf("downloads = %d, want download %v", cli.downloads, tt.download)
			}
			if tt.tooLarge || tt.permanent {
				if err == nil {
					t.Fatal("Fetch succeeded")
				}
				if errors.Is(err, loket.ErrTooLarge) != tt.tooLarge || errors.Is(err, bot.ErrPermanent) != tt.permanent {
					t.Errorf("err = %v; want tooLarge %v permanent %v", err, tt.tooLarge, tt.permanent)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			got, _ := io.ReadAll(rc)
			if string(got) != string(tt.data) {
				t.Errorf("read %q", got)
			}
		})
	}
}

// TestCapTransport checks the download cap against a real HTTP server:
// an announced length over the cap is refused before reading, and a
// chunked body is cut off one byte past it.
func TestCapTransport(t *testing.T) {
	body := strings.Repeat("x", 1000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chunked" {
			w.(http.Flusher).Flush() // no Content-Length
		}
		io.WriteString(w, body)
	}))
	defer srv.Close()
	hc := &http.Client{Transport: capTransport{base: http.DefaultTransport}}
	get := func(ctx context.Context, path string) (int, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+path, nil)
		resp, err := hc.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return len(b), err
	}
	for _, path := range []string{"/plain", "/chunked"} {
		if n, err := get(context.Background(), path); err != nil || n != 1000 {
			t.Errorf("%s without cap: %d bytes, %v", path, n, err)
		}
		if n, err := get(withDownloadCap(context.Background(), 1000), path); err != nil || n != 1000 {
			t.Errorf("%s at the cap: %d bytes, %v", path, n, err)
		}
		if _, err := get(withDownloadCap(context.Background(), 999), path); !errors.Is(err, errBodyTooLarge) {
			t.Errorf("%s over the cap: err = %v, want errBodyTooLarge", path, err)
		}
	}
}
