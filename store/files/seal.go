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
	"strings"

	"loket"
)

// BlobInfo says how a blob is stored.
type BlobInfo struct {
	Sealed bool   // encrypted at rest
	KeyID  string // the id of the key it is sealed under ("" when plain)
	Size   int64  // size of the content (not of the file on disk)
}

// Info reports how blob sha is stored without decrypting it.
func (d *Dir) Info(ctx context.Context, sha string) (BlobInfo, error) {
	if err := checkSHA("info", sha); err != nil {
		return BlobInfo{}, err
	}
	if err := ctx.Err(); err != nil {
		return BlobInfo{}, fmt.Errorf("files: info %.12s: %w", sha, err)
	}
	f, err := os.Open(d.path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return BlobInfo{}, fmt.Errorf("files: info %.12s: %w", sha, loket.ErrNotFound)
	}
	if err != nil {
		return BlobInfo{}, fmt.Errorf("files: info %.12s: %w", sha, err)
	}
	defer f.Close()
	info, _, err := readInfo(f)
	if err != nil {
		return BlobInfo{}, fmt.Errorf("files: info %.12s: %w", sha, err)
	}
	return info, nil
}

// readInfo reads how the open blob f is stored, and its header when sealed.
func readInfo(f *os.File) (BlobInfo, *header, error) {
	fi, err := f.Stat()
	if err != nil {
		return BlobInfo{}, nil, err
	}
	if !isSealedFile(f) {
		return BlobInfo{Size: fi.Size()}, nil, nil
	}
	var raw [headerSize]byte
	if _, err := f.ReadAt(raw[:], 0); err != nil {
		return BlobInfo{}, nil, fmt.Errorf("%w: short header", ErrCorrupt)
	}
	h, err := parseHeader(raw[:])
	if err != nil {
		return BlobInfo{}, nil, err
	}
	return BlobInfo{Sealed: true, KeyID: h.KeyID(), Size: h.length}, h, nil
}

// Reseal outcomes.
const (
	Unchanged = "unchanged" // already sealed under the current key
	Sealed    = "sealed"    // was plain, now sealed
	Resealed  = "resealed"  // was sealed under an older key, now under the current one
)

// sealTempPrefix names the temp files of Reseal, so an interrupted
// migration's leftovers are told apart from a running intake's.
const sealTempPrefix = tempPrefix + "seal-"

// Reseal rewrites blob sha sealed under the Dir's key when it is plain,
// or sealed under an older key the Dir can read. The new content goes to
// a temp file in the blob's directory, is checked against sha (the blob
// is not replaced by anything but its own bytes), synced, and renamed
// over the blob, so a crash at any point leaves either the old blob or
// the new one, both readable with the configured keys. A blob deleted
// meanwhile is not brought back.
func (d *Dir) Reseal(ctx context.Context, sha string) (outcome string, err error) {
	if err := checkSHA("reseal", sha); err != nil {
		return "", err
	}
	if d.key == nil {
		return "", fmt.Errorf("files: reseal %.12s: no files key configured", sha)
	}
	defer func() {
		if err != nil {
			err = fmt.Errorf("files: reseal %.12s: %w", sha, err)
		}
	}()
	if err := ctx.Err(); err != nil {
		return "", err
	}
	final := d.path(sha)
	f, err := os.Open(final)
	if errors.Is(err, fs.ErrNotExist) {
		return "", loket.ErrNotFound
	}
	if err != nil {
		return "", err
	}
	defer f.Close()
	info, _, err := readInfo(f)
	if err != nil {
		return "", err
	}
	if info.Sealed && info.KeyID == d.key.ID() {
		return Unchanged, nil
	}
	var plain io.Reader = f
	outcome = Sealed
	if info.Sealed {
		fi, err := f.Stat()
		if err != nil {
			return "", err
		}
		u, err := newUnsealer(f, fi.Size(), d.keys)
		if err != nil {
			return "", err
		}
		plain, outcome = u, Resealed
	}
	if err := d.rewrite(sha, plain, info.Size); err != nil {
		return "", err
	}
	return outcome, nil
}

// rewrite seals plain (length bytes, whose sha256 must be sha) into a
// temp file beside blob sha and renames it over the blob.
func (d *Dir) rewrite(sha string, plain io.Reader, length int64) (err error) {
	final := d.path(sha)
	dir := filepath.Dir(final)
	tmp, err := os.CreateTemp(dir, sealTempPrefix+"*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	if err := seal(tmp, io.TeeReader(plain, h), length, d.key); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sha {
		return fmt.Errorf("%w: content hashes to %.12s, not its name", ErrCorrupt, got)
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if d.beforeRename != nil {
		d.beforeRename(sha)
	}
	if _, err := os.Lstat(final); err != nil {
		return fmt.Errorf("blob removed while it was resealed: %w", loket.ErrNotFound)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return err
	}
	return syncDir(dir)
}

// Walk calls fn with the name of every blob under root, in directory
// order, and stops at the first error fn returns.
func (d *Dir) Walk(ctx context.Context, fn func(sha string) error) error {
	err := filepath.WalkDir(d.root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		name := e.Name()
		if e.IsDir() || !e.Type().IsRegular() || !ValidSHA(name) || path != d.path(name) {
			return nil
		}
		return fn(name)
	})
	if err != nil {
		return fmt.Errorf("files: walk: %w", err)
	}
	return nil
}

// removeSealTemps removes the temp files an interrupted Reseal left.
func (d *Dir) removeSealTemps() (int, error) {
	removed := 0
	err := filepath.WalkDir(d.root, func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasPrefix(e.Name(), sealTempPrefix) && os.Remove(path) == nil {
			removed++
		}
		return nil
	})
	return removed, err
}
