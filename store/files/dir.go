package files

import (
	"bytes"
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

// Dir is a Store on the local file system. It is safe for concurrent use,
// also by several processes sharing root.
type Dir struct {
	root string
	key  *Key   // new blobs are sealed under it; nil: stored plain
	keys []*Key // keys sealed blobs may be read with (key first)
	// beforeRename, when set (tests only), runs when a resealed blob's
	// temp file is complete and synced, just before it replaces the blob.
	beforeRename func(sha string)
}

// Option configures a Dir.
type Option func(*Dir)

// WithKeys seals new blobs under key (nil: plain, as without the option)
// and reads sealed blobs under key or any of old (during a key rotation).
func WithKeys(key *Key, old ...*Key) Option {
	return func(d *Dir) {
		d.key, d.keys = key, nil
		for _, k := range append([]*Key{key}, old...) {
			if k != nil {
				d.keys = append(d.keys, k)
			}
		}
	}
}

// NewDir opens (creating when missing) a store rooted at root.
func NewDir(root string, opts ...Option) (*Dir, error) {
	if root == "" {
		return nil, errors.New("files: new dir: empty root")
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("files: new dir: %w", err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("files: new dir: %w", err)
	}
	d := &Dir{root: abs}
	for _, o := range opts {
		o(d)
	}
	return d, nil
}

// KeyID is the id of the key new blobs are sealed under, "" when they
// are stored plain.
func (d *Dir) KeyID() string {
	if d.key == nil {
		return ""
	}
	return d.key.ID()
}

// Root returns the absolute directory the blobs live under.
func (d *Dir) Root() string { return d.root }

// path returns root/ab/cd/<sha>; sha must be valid.
func (d *Dir) path(sha string) string {
	return filepath.Join(d.root, sha[0:2], sha[2:4], sha)
}

// Put stores data under its sha256, sealed when the Dir has a key. An
// existing blob is left as it is (only its modification time is renewed,
// see Sweep).
func (d *Dir) Put(ctx context.Context, data []byte) (string, error) {
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("files: put %.12s: %w", sha, err)
	}
	if d.key == nil && looksSealed(data) {
		return "", fmt.Errorf("files: put %.12s: %w", sha, errLooksSealed)
	}
	final := d.path(sha)
	if fi, err := os.Stat(final); err == nil && fi.Mode().IsRegular() {
		touch(final)
		return sha, nil
	}
	dir := filepath.Dir(final)
	_, statErr := os.Stat(dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("files: put %.12s: %w", sha, err)
	}
	if err := writeAtomic(dir, final, func(w *os.File) error { return d.write(w, bytes.NewReader(data), int64(len(data))) }); err != nil {
		return "", fmt.Errorf("files: put %.12s: %w", sha, err)
	}
	syncDirs := []string{dir}
	if statErr != nil { // new directories: make their entries durable too
		syncDirs = append(syncDirs, filepath.Dir(dir), d.root)
	}
	for _, p := range syncDirs {
		if err := syncDir(p); err != nil {
			return "", fmt.Errorf("files: put %.12s: %w", sha, err)
		}
	}
	return sha, nil
}

// write writes a blob's content as stored: sealed under the Dir's key, or
// plain.
func (d *Dir) write(w io.Writer, plain io.Reader, length int64) error {
	if d.key == nil {
		_, err := io.Copy(w, plain)
		return err
	}
	return seal(w, plain, length, d.key)
}

// writeAtomic writes a temp file in dir with write, fsyncs it and renames
// it to final. Readers see either no file or the whole file. Two writers
// of the same blob both succeed: the second rename replaces an equal blob.
func writeAtomic(dir, final string, write func(*os.File) error) (err error) {
	tmp, err := os.CreateTemp(dir, tempPrefix+"*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), final)
}

func syncDir(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// Open returns the blob's content and its size, decrypted as it is read
// when the blob is sealed (ErrWrongKey when its key is not configured).
func (d *Dir) Open(ctx context.Context, sha string) (io.ReadCloser, int64, error) {
	if err := checkSHA("open", sha); err != nil {
		return nil, 0, err
	}
	if err := ctx.Err(); err != nil {
		return nil, 0, fmt.Errorf("files: open %.12s: %w", sha, err)
	}
	f, err := os.Open(d.path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, fmt.Errorf("files: open %.12s: %w", sha, loket.ErrNotFound)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("files: open %.12s: %w", sha, err)
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = errors.New("not a regular file")
	}
	if err != nil {
		_ = f.Close()
		return nil, 0, fmt.Errorf("files: open %.12s: %w", sha, err)
	}
	if !isSealedFile(f) {
		return f, fi.Size(), nil
	}
	u, err := newUnsealer(f, fi.Size(), d.keys)
	if err != nil {
		_ = f.Close()
		return nil, 0, fmt.Errorf("files: open %.12s: %w", sha, err)
	}
	u.close = f.Close
	return u, u.h.length, nil
}

// isSealedFile reports whether f starts with a sealed header's magic
// (read without moving its offset).
func isSealedFile(f *os.File) bool {
	var prefix [len(sealMagic)]byte
	n, _ := f.ReadAt(prefix[:], 0)
	return looksSealed(prefix[:n])
}

// Exists reports whether the blob is stored.
func (d *Dir) Exists(ctx context.Context, sha string) (bool, error) {
	if err := checkSHA("exists", sha); err != nil {
		return false, err
	}
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("files: exists %.12s: %w", sha, err)
	}
	fi, err := os.Stat(d.path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("files: exists %.12s: %w", sha, err)
	}
	return fi.Mode().IsRegular(), nil
}

// Delete removes the blob. Its directories stay: a concurrent Put may be
// about to use them.
func (d *Dir) Delete(ctx context.Context, sha string) error {
	if err := checkSHA("delete", sha); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("files: delete %.12s: %w", sha, err)
	}
	err := os.Remove(d.path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("files: delete %.12s: %w", sha, loket.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("files: delete %.12s: %w", sha, err)
	}
	if err := syncDir(filepath.Dir(d.path(sha))); err != nil {
		return fmt.Errorf("files: delete %.12s: %w", sha, err)
	}
	return nil
}
