package files

import (
	"context"
	"fmt"
	"io"
	"os"

	"loket"
)

// Store is the contract of a content-addressed blob store. Implementations
// must be safe for concurrent use; Put of bytes already stored is a no-op.
type Store interface {
	// Put stores data and returns its sha256 (lowercase hex).
	Put(ctx context.Context, data []byte) (sha string, err error)
	// CreateTemp creates an empty temp file where PutFile can move it
	// into place cheaply, for a document streamed to disk before its
	// sha256 is known. The caller closes it and either hands its name to
	// PutFile or removes it.
	CreateTemp(ctx context.Context) (*os.File, error)
	// PutFile moves a complete temp file from CreateTemp into place as
	// blob sha (the sha256 the caller computed while writing it). The
	// temp file is gone afterwards, whatever the outcome; an existing blob
	// is left as it is.
	PutFile(ctx context.Context, tmpPath, sha string) error
	// Open returns the blob and its size; loket.ErrNotFound when absent,
	// loket.ErrInvalid for a malformed sha. The caller closes the reader.
	Open(ctx context.Context, sha string) (io.ReadCloser, int64, error)
	// Exists reports whether the blob is stored.
	Exists(ctx context.Context, sha string) (bool, error)
	// Delete removes the blob; loket.ErrNotFound when absent.
	Delete(ctx context.Context, sha string) error
}

var _ Store = (*Dir)(nil)

// ValidSHA reports whether s is a blob name: exactly 64 lowercase hex digits.
func ValidSHA(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// checkSHA returns loket.ErrInvalid for a malformed name. The name is not
// echoed back whole: it came from outside.
func checkSHA(op, sha string) error {
	if ValidSHA(sha) {
		return nil
	}
	return fmt.Errorf("files: %s: %w", op, &loket.Error{Code: loket.EInvalid, Message: "malformed blob name"})
}
