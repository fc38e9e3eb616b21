package files

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Blob is one stored blob as Blobs lists it.
type Blob struct {
	SHA     string
	Size    int64
	ModTime time.Time // last written or last Put again (see touch)
}

// Blobs calls fn for every blob under root (temp files and anything else
// that is not a blob are skipped), in no particular order. An error from
// fn stops the walk and is returned.
func (d *Dir) Blobs(ctx context.Context, fn func(Blob) error) error {
	err := filepath.WalkDir(d.root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return nil // a vanished entry is not our concern here
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if e.IsDir() || !ValidSHA(e.Name()) || path != d.path(e.Name()) {
			return nil
		}
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			return nil
		}
		return fn(Blob{SHA: e.Name(), Size: info.Size(), ModTime: info.ModTime()})
	})
	if err != nil {
		return fmt.Errorf("files: list blobs: %w", err)
	}
	return nil
}

// Sweep removes the blobs written (or put again) before cutoff for which
// keep reports false, and returns how many it removed and their bytes.
// A blob put again is touched, so a blob a caller has just handed over is
// never older than cutoff; keep sees only older ones.
func (d *Dir) Sweep(ctx context.Context, cutoff time.Time, keep func(ctx context.Context, sha string) (bool, error)) (int, int64, error) {
	var n int
	var bytes int64
	err := d.Blobs(ctx, func(b Blob) error {
		if !b.ModTime.Before(cutoff) {
			return nil
		}
		if keep != nil {
			k, err := keep(ctx, b.SHA)
			if err != nil || k {
				return err
			}
		}
		if os.Remove(d.path(b.SHA)) == nil {
			n, bytes = n+1, bytes+b.Size
		}
		return nil
	})
	return n, bytes, err
}

// touch marks an existing blob as just written, so a sweep of old
// unreferenced blobs does not remove one a caller has just stored again
// and is about to reference.
func touch(path string) {
	now := time.Now()
	_ = os.Chtimes(path, now, now)
}
