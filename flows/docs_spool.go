package flows

import (
	"context"
	"fmt"
	"io"
	"os"

	"loket/flows/pdfcheck"
)

// BlobSpooler is where document intake keeps files (store/files.Dir): a
// fetched document is streamed into a temp file beside the blobs while
// it is checked, and moved into place under its sha256 when accepted, so
// it is never held in memory whole.
type BlobSpooler interface {
	CreateTemp(ctx context.Context) (*os.File, error)
	PutFile(ctx context.Context, tmpPath, sha string) error
}

// spool is where one fetched document goes while it is checked: a temp
// file of the blob store.
type spool struct {
	to  BlobSpooler
	tmp *os.File
}

// newSpool prepares the check of one document; discard it when done.
func (d *Docs) newSpool(ctx context.Context) (*spool, error) {
	tmp, err := d.deps.Files.CreateTemp(ctx)
	if err != nil {
		return nil, err
	}
	return &spool{to: d.deps.Files, tmp: tmp}, nil
}

// check reads the document from r into the temp file and checks it
// (pdfcheck refusals and errors as they are).
func (s *spool) check(ctx context.Context, r io.Reader, declared int64, opts pdfcheck.Options) (*pdfcheck.Result, error) {
	return pdfcheck.CheckFile(ctx, r, declared, s.tmp, opts)
}

// keep stores an accepted document and returns its sha256.
func (s *spool) keep(ctx context.Context, res *pdfcheck.Result) (string, error) {
	tmp := s.tmp
	s.tmp = nil
	if err := tmp.Close(); err != nil {
		_ = os.Remove(tmp.Name())
		return "", fmt.Errorf("close temp file: %w", err)
	}
	if err := s.to.PutFile(ctx, tmp.Name(), res.SHA256); err != nil {
		_ = os.Remove(tmp.Name()) // usually gone already; never leave it
		return "", err
	}
	return res.SHA256, nil
}

// discard removes the temp file of a document that was not kept
// (refused, or the check failed). A parse abandoned after its deadline
// may still be reading it: its reads then fail, which is fine.
func (s *spool) discard() {
	if s.tmp != nil {
		_ = s.tmp.Close()
		_ = os.Remove(s.tmp.Name())
		s.tmp = nil
	}
}
