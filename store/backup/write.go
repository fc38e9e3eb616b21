package backup

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"loket"
	"loket/store/files"
)

// Dumper takes a consistent snapshot of a running database.
type Dumper interface {
	Kind() string   // SQLite or Postgres
	Schema() string // the PostgreSQL schema, "" for SQLite
	// Dump writes the snapshot to a new file at path.
	Dump(ctx context.Context, path string) error
}

// Source is what Write backs up.
type Source struct {
	Files *files.Dir
	// Database is nil when it cannot be dumped here; Note then says how
	// to dump it by hand, and the archive holds the documents only.
	Database Dumper
	Note     string
	Version  string
	Now      time.Time
	TempDir  string // where the database snapshot is spooled
	Progress func(Progress)
}

// Write writes one archive of src to w: the database snapshot first, then
// the documents present afterwards (blobs are immutable; one removed by
// retention or an erasure meanwhile is left out, as it should be).
func Write(ctx context.Context, w io.Writer, src Source) (*Trailer, error) {
	tw := tar.NewWriter(w)
	m := Manifest{Format: Format, CreatedAt: src.Now.UTC(), Version: src.Version, Note: src.Note}
	if src.Database != nil {
		m.Database, m.Schema = src.Database.Kind(), src.Database.Schema()
	}
	if err := writeJSON(tw, manifestName, m, m.CreatedAt); err != nil {
		return nil, fmt.Errorf("backup: write manifest: %w", err)
	}
	tr := &Trailer{}
	if src.Database != nil {
		n, err := writeDatabase(ctx, tw, src, m.CreatedAt)
		if err != nil {
			return nil, err
		}
		tr.DatabaseBytes = n
	}
	if err := writeFiles(ctx, tw, src, tr, m.CreatedAt); err != nil {
		return nil, err
	}
	if err := writeJSON(tw, trailerName, tr, m.CreatedAt); err != nil {
		return nil, fmt.Errorf("backup: write trailer: %w", err)
	}
	if err := tw.Close(); err != nil {
		return nil, fmt.Errorf("backup: finish archive: %w", err)
	}
	return tr, nil
}

func writeDatabase(ctx context.Context, tw *tar.Writer, src Source, at time.Time) (int64, error) {
	dir, err := os.MkdirTemp(src.TempDir, ".loket-backup-*")
	if err != nil {
		return 0, fmt.Errorf("backup: temp dir for the database snapshot: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "snapshot")
	if err := src.Database.Dump(ctx, path); err != nil {
		return 0, fmt.Errorf("backup: snapshot of the %s database: %w", src.Database.Kind(), err)
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("backup: database snapshot: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, fmt.Errorf("backup: database snapshot: %w", err)
	}
	if err := tw.WriteHeader(fileHeader(databaseEntry(src.Database.Kind()), fi.Size(), at)); err != nil {
		return 0, fmt.Errorf("backup: write database: %w", err)
	}
	pw := &progressWriter{w: tw, total: fi.Size(), report: src.Progress}
	if _, err := io.Copy(pw, f); err != nil {
		return 0, fmt.Errorf("backup: write database: %w", err)
	}
	return fi.Size(), nil
}

func writeFiles(ctx context.Context, tw *tar.Writer, src Source, tr *Trailer, at time.Time) error {
	var shas []string
	if err := src.Files.Walk(ctx, func(sha string) error { shas = append(shas, sha); return nil }); err != nil {
		return fmt.Errorf("backup: list documents: %w", err)
	}
	for i, sha := range shas {
		n, keyID, err := writeBlob(ctx, tw, src.Files, sha, at)
		if errors.Is(err, loket.ErrNotFound) {
			continue // removed since it was listed
		}
		if err != nil {
			return fmt.Errorf("backup: document %.12s: %w", sha, err)
		}
		tr.Documents++
		tr.DocumentBytes += n
		if keyID == "" {
			tr.Plain++
		} else if !slices.Contains(tr.KeyIDs, keyID) {
			tr.KeyIDs = append(tr.KeyIDs, keyID)
		}
		if src.Progress != nil {
			src.Progress(Progress{Stage: "documents", Done: int64(i + 1), Total: int64(len(shas))})
		}
	}
	return nil
}

// writeBlob copies one blob as stored and returns its size and key id.
func writeBlob(ctx context.Context, tw *tar.Writer, d *files.Dir, sha string, at time.Time) (int64, string, error) {
	info, err := d.Info(ctx, sha)
	if err != nil {
		return 0, "", err
	}
	f, size, err := d.OpenStored(ctx, sha)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	if err := tw.WriteHeader(fileHeader(blobEntry(sha), size, at)); err != nil {
		return 0, "", err
	}
	if _, err := io.Copy(tw, f); err != nil {
		return 0, "", err
	}
	return size, info.KeyID, nil
}

// progressWriter reports bytes written through it.
type progressWriter struct {
	w      io.Writer
	done   int64
	total  int64
	report func(Progress)
}

func (p *progressWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	p.done += int64(n)
	if p.report != nil {
		p.report(Progress{Stage: "database", Done: p.done, Total: p.total})
	}
	return n, err
}
