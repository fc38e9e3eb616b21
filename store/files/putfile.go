package files

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"loket"
)

// tempPrefix names the temp files of CreateTemp (and of Put): never a
// valid blob name, so no reader mistakes one for a blob.
const tempPrefix = ".tmp-"

// CreateTemp creates an empty file directly under root, on the same file
// system as the blobs, for a caller that streams a document to disk
// before it knows its sha256. Hand it to PutFile once it is complete, or
// close and remove it. Temp files are 0600 like blobs.
func (d *Dir) CreateTemp(ctx context.Context) (*os.File, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("files: create temp: %w", err)
	}
	f, err := os.CreateTemp(d.root, tempPrefix+"*")
	if err != nil {
		return nil, fmt.Errorf("files: create temp: %w", err)
	}
	return f, nil
}

// PutFile moves a complete temp file from CreateTemp into place as blob
// sha: the file is fsynced, renamed to root/ab/cd/<sha> and the directory
// fsynced. sha must be the sha256 of the file's bytes, computed by the
// caller while writing it; it is not re-read. When the blob is already
// stored the temp file is removed and the blob left as it is (only
// its modification time is renewed, see Sweep). Arguments
// that are refused (a malformed sha, a path that is not a temp file of
// this store: loket.ErrInvalid) leave the file alone; otherwise the temp
// file is gone when PutFile returns, whatever the outcome (removed on a
// best-effort basis after an error). The caller has finished writing; its
// *os.File may be closed before or after.
func (d *Dir) PutFile(ctx context.Context, tmpPath, sha string) (err error) {
	if err := checkSHA("put file", sha); err != nil {
		return err
	}
	if filepath.Dir(tmpPath) != d.root || !strings.HasPrefix(filepath.Base(tmpPath), tempPrefix) {
		return fmt.Errorf("files: put file %.12s: %w", sha,
			&loket.Error{Code: loket.EInvalid, Message: "not a temp file of this store"})
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmpPath)
			err = fmt.Errorf("files: put file %.12s: %w", sha, err)
		}
	}()
	if err := ctx.Err(); err != nil {
		return err
	}
	final := d.path(sha)
	if fi, err := os.Stat(final); err == nil && fi.Mode().IsRegular() {
		touch(final)
		return os.Remove(tmpPath)
	}
	dir := filepath.Dir(final)
	_, statErr := os.Stat(dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if d.key != nil {
		if err := d.sealFile(tmpPath, dir, final); err != nil {
			return err
		}
	} else if err := movePlain(tmpPath, final); err != nil {
		return err
	}
	syncDirs := []string{dir, d.root} // root: the temp's entry is gone
	if statErr != nil {
		syncDirs = append(syncDirs, filepath.Dir(dir))
	}
	for _, p := range syncDirs {
		if err := syncDir(p); err != nil {
			return err
		}
	}
	return nil
}

// movePlain syncs the temp file and renames it into place, unless its
// content would read as a sealed blob.
func movePlain(tmpPath, final string) error {
	f, err := os.OpenFile(tmpPath, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("temp file: %w", loket.ErrNotFound)
	}
	if err != nil {
		return err
	}
	sealed := isSealedFile(f)
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if sealed {
		return errLooksSealed
	}
	return os.Rename(tmpPath, final)
}

// sealFile writes the plain temp file sealed into a second temp file in
// dir, one chunk at a time, renames that into place and removes the plain
// one.
func (d *Dir) sealFile(tmpPath, dir, final string) error {
	src, err := os.Open(tmpPath)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("temp file: %w", loket.ErrNotFound)
	}
	if err != nil {
		return err
	}
	defer src.Close()
	fi, err := src.Stat()
	if err != nil {
		return err
	}
	if err := writeAtomic(dir, final, func(w *os.File) error { return seal(w, src, fi.Size(), d.key) }); err != nil {
		return err
	}
	return os.Remove(tmpPath)
}
