package flows

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"loket"
	"loket/flows/pdfcheck"
	"loket/store/files"
)

// failingPutFile spools like the store but cannot move the file in place.
type failingPutFile struct{ *files.Dir }

var errRename = errors.New("rename: input/output error")

func (f failingPutFile) PutFile(context.Context, string, string) error { return errRename }

// brokenDownload yields a PDF's first bytes, then fails.
func brokenDownload(_ context.Context, _ loket.Channel, _ loket.DocumentRef, _ int64) (io.ReadCloser, error) {
	b, err := os.ReadFile(filepath.Join("pdfcheck", "testdata", "gs_text.pdf"))
	if err != nil {
		return nil, err
	}
	return io.NopCloser(io.MultiReader(bytes.NewReader(b[:1000]), iotestErr{})), nil
}

type iotestErr struct{}

func (iotestErr) Read([]byte) (int, error) { return 0, errTransient }

// Intake gives these outcomes, stores only accepted files and leaves no
// temp file behind, whatever happened (refusal, download failure, store
// failure).
func TestDocsSpoolRoutes(t *testing.T) {
	f := newFlows(t)
	tests := []struct {
		fileID string
		want   string // refusal reason, "ok" or "retry"
	}{
		{"fx:gs_text.pdf", "ok"},
		{"fx:leading_junk.pdf", "ok"},
		{"fx:pdfcpu_user_password.pdf", string(pdfcheck.NeedsPassword)},
		{"fx:letter.docx", string(pdfcheck.NotPDF)},
		{"fx:truncated_half.pdf", string(pdfcheck.Broken)},
		{"flaky:x", "retry"},
		{"broken:x", "retry"},
	}
	for _, route := range []string{"temp file", "store fails"} {
		t.Run(route, func(t *testing.T) {
			root := t.TempDir()
			dir, err := files.NewDir(root)
			if err != nil {
				t.Fatal(err)
			}
			var store BlobSpooler = dir
			if route == "store fails" {
				store = failingPutFile{dir}
			}
			fetch := func(ctx context.Context, ch loket.Channel, ref loket.DocumentRef, limit int64) (io.ReadCloser, error) {
				if ref.FileID == "broken:x" {
					return brokenDownload(ctx, ch, ref, limit)
				}
				return fakeFetch(ctx, ch, ref, limit)
			}
			docs, err := NewDocs(f, DocsDeps{Fetch: fetch, Files: store})
			if err != nil {
				t.Fatal(err)
			}
			stored := 0
			for _, tt := range tests {
				want := tt.want
				if route == "store fails" && want == "ok" {
					want = "retry"
				}
				o, err := docs.inspect(bg, &loket.Job{Attempts: 1}, &CheckPayload{Ref: loket.DocumentRef{FileID: tt.fileID}})
				got := "ok"
				switch {
				case err != nil:
					got = "retry"
					if route == "store fails" && tt.want == "ok" && !errors.Is(err, errRename) {
						t.Errorf("%s: %v; want the store's error", tt.fileID, err)
					}
				case o.refusal != nil:
					got = string(o.refusal.Reason)
				}
				if got != want {
					t.Errorf("%s: %s, want %s", tt.fileID, got, want)
				}
				if got == "ok" {
					stored++
					if ok, err := dir.Exists(bg, o.sha); !ok || err != nil || o.size == 0 || o.pages == 0 {
						t.Errorf("%s: accepted (%+v) but not stored: %v", tt.fileID, o, err)
					}
				}
			}
			blobs := 0
			err = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
				switch {
				case err != nil || e.IsDir():
				case files.ValidSHA(e.Name()):
					blobs++
				default:
					t.Errorf("left behind %s", p)
				}
				return err
			})
			if err != nil || blobs != stored {
				t.Errorf("%d blobs on disk, %d accepted (%v)", blobs, stored, err)
			}
		})
	}
}
