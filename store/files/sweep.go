package files

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// SweepTemp removes temporary files (a write that a crash interrupted)
// older than olderThan anywhere under root, and returns how many it
// removed. Blobs are never touched: their names are bare sha256 hex.
func (d *Dir) SweepTemp(ctx context.Context, olderThan time.Duration, now time.Time) (int, error) {
	removed := 0
	err := filepath.WalkDir(d.root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return nil // a vanished entry is not our concern here
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if e.IsDir() || !strings.HasPrefix(e.Name(), tempPrefix) {
			return nil
		}
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) < olderThan {
			return nil
		}
		if os.Remove(path) == nil {
			removed++
		}
		return nil
	})
	if err != nil {
		return removed, fmt.Errorf("files: sweep temporary files: %w", err)
	}
	return removed, nil
}
