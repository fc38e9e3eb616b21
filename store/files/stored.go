package files

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"loket"
)

// OpenStored opens blob sha as it lies on disk, sealed or plain, with its
// size on disk: what a backup copies, without needing the key.
func (d *Dir) OpenStored(ctx context.Context, sha string) (*os.File, int64, error) {
	if err := checkSHA("open stored", sha); err != nil {
		return nil, 0, err
	}
	if err := ctx.Err(); err != nil {
		return nil, 0, fmt.Errorf("files: open stored %.12s: %w", sha, err)
	}
	f, err := os.Open(d.path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, fmt.Errorf("files: open stored %.12s: %w", sha, loket.ErrNotFound)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("files: open stored %.12s: %w", sha, err)
	}
	fi, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, 0, fmt.Errorf("files: open stored %.12s: %w", sha, err)
	}
	return f, fi.Size(), nil
}

// PutStored stores blob sha from its on-disk form (as OpenStored gave
// it, read back from a backup), atomically, replacing one already there.
// Plain content must hash to sha; a sealed blob must be well formed and,
// when its key is configured, decrypt to content hashing to sha — then
// verified is true; a sealed blob under a key that is not configured is
// stored unverified.
func (d *Dir) PutStored(ctx context.Context, sha string, r io.Reader) (verified bool, err error) {
	if err := checkSHA("put stored", sha); err != nil {
		return false, err
	}
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("files: put stored %.12s: %w", sha, err)
	}
	final := d.path(sha)
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, fmt.Errorf("files: put stored %.12s: %w", sha, err)
	}
	err = writeAtomic(dir, final, func(f *os.File) error {
		if _, err := io.Copy(f, r); err != nil {
			return err
		}
		verified, err = d.verifyStored(f, sha)
		return err
	})
	if err == nil {
		err = syncDir(dir)
	}
	if err != nil {
		return false, fmt.Errorf("files: put stored %.12s: %w", sha, err)
	}
	return verified, nil
}

// verifyStored checks the written file f against its name.
func (d *Dir) verifyStored(f *os.File, sha string) (bool, error) {
	info, h, err := readInfo(f)
	if err != nil {
		return false, err
	}
	var content io.Reader = io.NewSectionReader(f, 0, info.Size)
	if info.Sealed {
		fi, err := f.Stat()
		if err != nil {
			return false, err
		}
		if fi.Size() != h.sealedSize() {
			return false, fmt.Errorf("%w: %d bytes, header says %d", ErrCorrupt, fi.Size(), h.sealedSize())
		}
		u, err := newUnsealer(io.NewSectionReader(f, 0, fi.Size()), fi.Size(), d.keys)
		if errors.Is(err, ErrWrongKey) {
			return false, nil // cannot be checked here; well formed so far
		}
		if err != nil {
			return false, err
		}
		content = u
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, content); err != nil {
		return false, err
	}
	if got := hex.EncodeToString(sum.Sum(nil)); got != sha {
		return false, fmt.Errorf("%w: content hashes to %.12s, not its name", ErrCorrupt, got)
	}
	return true, nil
}
