package telegram

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"loket"
	tt "loket/bot/telegram/telegramtest"
)

func TestFetch(t *testing.T) {
	const limit = loket.MaxDocumentBytes
	small := bytes.Repeat([]byte("p"), 1000)
	big := bytes.Repeat([]byte("B"), limit+500)
	tests := []struct {
		name        string
		ref         loket.DocumentRef
		data        []byte
		getFileSize int64 // -1: the real length
		stream      bool  // no Content-Length on the download
		wantErr     error
		wantGetFile int
		wantGets    int
		wantLen     int
	}{
		{"declared over limit: no getFile", loket.DocumentRef{FileID: "F", Size: limit + 1}, big, -1, false, loket.ErrTooLarge, 0, 0, 0},
		{"getFile size over limit: no download", loket.DocumentRef{FileID: "F", Size: 0}, big, -1, false, loket.ErrTooLarge, 1, 0, 0},
		{"sizes lie: read capped at limit+1", loket.DocumentRef{FileID: "F", Size: 10}, big, 10, true, nil, 1, 1, limit + 1},
		{"sizes lie: Content-Length over limit", loket.DocumentRef{FileID: "F", Size: 10}, big, 10, false, loket.ErrTooLarge, 1, 1, 0},
		{"fits", loket.DocumentRef{FileID: "F", Size: 1000}, small, -1, false, nil, 1, 1, 1000},
		{"unknown file", loket.DocumentRef{FileID: "nope", Size: 10}, nil, -1, false, nil, 1, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := tt.New(t, "")
			c := newChannel(t, srv, nil)
			if tc.stream {
				srv.StreamFiles()
			}
			if tc.data != nil {
				srv.AddFile("F", tc.data, tc.getFileSize)
			}
			rc, err := c.Fetch(t.Context(), tc.ref, limit)
			if got := len(srv.Calls("getFile")); got != tc.wantGetFile {
				t.Fatalf("getFile calls = %d, want %d", got, tc.wantGetFile)
			}
			if tc.wantErr != nil || tc.data == nil {
				if err == nil {
					rc.Close()
					t.Fatal("Fetch succeeded, want an error")
				}
				if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				if srv.Downloads() != tc.wantGets {
					t.Fatalf("downloads = %d, want %d", srv.Downloads(), tc.wantGets)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			if len(b) != tc.wantLen || srv.Downloads() != tc.wantGets {
				t.Fatalf("read %d bytes in %d downloads, want %d in %d", len(b), srv.Downloads(), tc.wantLen, tc.wantGets)
			}
		})
	}
}
