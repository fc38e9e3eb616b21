package files

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"loket"
)

// MigrateStats counts what a migration did.
type MigrateStats struct {
	Total     int // blobs found
	Done      int // blobs looked at so far
	Sealed    int // plain blobs now sealed
	Resealed  int // blobs moved from an older key to the current one
	Unchanged int // already under the current key
	OtherKey  int // sealed under another key and left (Encrypt only)
	Failed    int
}

// MigrateOptions says which blobs a migration rewrites.
type MigrateOptions struct {
	// Rotate also reseals blobs sealed under an older key (which the Dir
	// must be able to read); without it they are counted as OtherKey.
	Rotate bool
	// Progress, when set, is called after each blob.
	Progress func(MigrateStats)
}

// Migrate brings every blob under the Dir's key: plain blobs are sealed,
// and with Rotate, blobs under older keys resealed. It can run while Loket
// serves (each blob is replaced atomically) and is resumable: after an
// interruption, even kill -9, running it again finishes the job, skipping
// blobs already done. One migration runs at a time per root. A blob that
// fails is counted and reported at the end; the others go on.
func (d *Dir) Migrate(ctx context.Context, opt MigrateOptions) (MigrateStats, error) {
	var st MigrateStats
	if d.key == nil {
		return st, errors.New("files: migrate: no files key configured")
	}
	unlock, err := d.lockMigration()
	if err != nil {
		return st, err
	}
	defer unlock()
	if _, err := d.removeSealTemps(); err != nil {
		return st, fmt.Errorf("files: migrate: remove interrupted writes: %w", err)
	}
	var shas []string
	if err := d.Walk(ctx, func(sha string) error { shas = append(shas, sha); return nil }); err != nil {
		return st, err
	}
	st.Total = len(shas)
	var firstErr error
	for _, sha := range shas {
		if err := ctx.Err(); err != nil {
			return st, fmt.Errorf("files: migrate: %w", err)
		}
		if err := d.migrateOne(ctx, sha, opt.Rotate, &st); err != nil {
			st.Failed++
			if firstErr == nil {
				firstErr = err
			}
		}
		st.Done++
		if opt.Progress != nil {
			opt.Progress(st)
		}
	}
	if firstErr != nil {
		return st, fmt.Errorf("files: migrate: %d of %d blobs failed, first: %w", st.Failed, st.Total, firstErr)
	}
	return st, nil
}

func (d *Dir) migrateOne(ctx context.Context, sha string, rotate bool, st *MigrateStats) error {
	if !rotate {
		info, err := d.Info(ctx, sha)
		if errors.Is(err, loket.ErrNotFound) {
			return nil // deleted meanwhile (retention, erasure)
		}
		if err != nil {
			return err
		}
		if info.Sealed && info.KeyID != d.key.ID() {
			st.OtherKey++
			return nil
		}
	}
	outcome, err := d.Reseal(ctx, sha)
	switch {
	case errors.Is(err, loket.ErrNotFound):
		return nil
	case err != nil:
		return err
	case outcome == Sealed:
		st.Sealed++
	case outcome == Resealed:
		st.Resealed++
	default:
		st.Unchanged++
	}
	return nil
}

// migrateLockName is the lock file of migrations, directly under root;
// it stays after a migration (removing it would race with the next).
const migrateLockName = ".migrate.lock"

// lockMigration takes an exclusive lock on root for one migration.
func (d *Dir) lockMigration() (func(), error) {
	path := filepath.Join(d.root, migrateLockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("files: migrate: lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("files: migrate: another migration is running on %s", d.root)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
