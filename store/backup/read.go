package backup

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"loket/store/files"
)

// Restorer loads a database snapshot into an empty database.
type Restorer interface {
	Kind() string // SQLite or Postgres
	// Empty reports whether the target holds no data, and what it holds
	// when it does (for the refusal).
	Empty(ctx context.Context) (bool, string, error)
	// Restore loads the snapshot at path, all or nothing.
	Restore(ctx context.Context, path string, m *Manifest) error
}

// Target is where Read restores to.
type Target struct {
	Files    *files.Dir
	Database Restorer
	TempDir  string // where the database snapshot is spooled
	Progress func(Progress)
}

// Restored says what Read restored.
type Restored struct {
	Manifest   Manifest
	Trailer    Trailer
	Unverified int  // encrypted documents whose key is not configured here
	Database   bool // false: the archive held the documents only
}

// restoreMarker, in the document store's root, marks a restore that has
// not finished: the documents it wrote do not make the store "not empty"
// for the next attempt.
const restoreMarker = ".restore-incomplete"

// Read restores the archive r into t after checking that t is empty.
func Read(ctx context.Context, r io.Reader, t Target) (*Restored, error) {
	tr := tar.NewReader(r)
	res := &Restored{}
	if err := nextJSON(tr, manifestName, &res.Manifest); err != nil {
		return nil, err
	}
	m := &res.Manifest
	if m.Format != Format {
		return nil, fmt.Errorf("%w: format %d, this Loket reads %d", ErrFormat, m.Format, Format)
	}
	if m.Database != "" && m.Database != t.Database.Kind() {
		return nil, fmt.Errorf("backup: the archive holds a %s database, the configuration uses %s (set or unset LOKET_DATABASE_URL)", m.Database, t.Database.Kind())
	}
	if err := checkEmpty(ctx, t, m.Database != ""); err != nil {
		return nil, err
	}
	marker := filepath.Join(t.Files.Root(), restoreMarker)
	if err := os.WriteFile(marker, nil, 0o600); err != nil {
		return nil, fmt.Errorf("backup: mark restore in progress: %w", err)
	}
	dir, err := os.MkdirTemp(t.TempDir, ".loket-restore-*")
	if err != nil {
		return nil, fmt.Errorf("backup: temp dir: %w", err)
	}
	defer os.RemoveAll(dir)
	snapshot, err := readEntries(ctx, tr, t, res, filepath.Join(dir, "snapshot"))
	if err != nil {
		return nil, err
	}
	if snapshot != "" {
		if err := t.Database.Restore(ctx, snapshot, m); err != nil {
			return nil, fmt.Errorf("backup: restore the %s database: %w", m.Database, err)
		}
		res.Database = true
	}
	if err := os.Remove(marker); err != nil {
		return nil, fmt.Errorf("backup: finish restore: %w", err)
	}
	return res, nil
}

// checkEmpty refuses a target holding documents (except those of an
// unfinished restore) or, when the archive holds one, a database.
func checkEmpty(ctx context.Context, t Target, database bool) error {
	if database {
		empty, what, err := t.Database.Empty(ctx)
		if err != nil {
			return fmt.Errorf("backup: check the target database: %w", err)
		}
		if !empty {
			return fmt.Errorf("%w: %s", ErrNotEmpty, what)
		}
	}
	if _, err := os.Stat(filepath.Join(t.Files.Root(), restoreMarker)); err == nil {
		return nil
	}
	errHas := errors.New("has documents")
	err := t.Files.Walk(ctx, func(string) error { return errHas })
	if errors.Is(err, errHas) {
		return fmt.Errorf("%w: %s holds documents", ErrNotEmpty, t.Files.Root())
	}
	return err
}

// readEntries reads the database snapshot (into snapshotPath, returned
// when present) and the documents, and checks the trailer.
func readEntries(ctx context.Context, tr *tar.Reader, t Target, res *Restored, snapshotPath string) (string, error) {
	var got Trailer
	snapshot := ""
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return "", fmt.Errorf("%w: no trailer (cut short?)", ErrFormat)
		}
		if err != nil {
			return "", fmt.Errorf("%w: %v", ErrFormat, err)
		}
		if err := ctx.Err(); err != nil {
			return "", err
		}
		switch {
		case h.Name == trailerName:
			if err := readJSON(tr, &res.Trailer); err != nil {
				return "", err
			}
			if res.Trailer.Documents != got.Documents || res.Trailer.DatabaseBytes != got.DatabaseBytes {
				return "", fmt.Errorf("%w: trailer counts %d documents and %d database bytes, archive holds %d and %d",
					ErrFormat, res.Trailer.Documents, res.Trailer.DatabaseBytes, got.Documents, got.DatabaseBytes)
			}
			if (res.Manifest.Database != "") != (snapshot != "") {
				return "", fmt.Errorf("%w: database snapshot missing", ErrFormat)
			}
			return snapshot, nil
		case h.Typeflag != tar.TypeReg:
			return "", fmt.Errorf("%w: unexpected entry %q", ErrFormat, h.Name)
		case res.Manifest.Database != "" && h.Name == databaseEntry(res.Manifest.Database) && snapshot == "":
			if err := spool(tr, snapshotPath, h.Size, t.Progress); err != nil {
				return "", err
			}
			snapshot, got.DatabaseBytes = snapshotPath, h.Size
		default:
			sha := blobName(h.Name)
			if sha == "" {
				return "", fmt.Errorf("%w: unexpected entry %q", ErrFormat, h.Name)
			}
			verified, err := t.Files.PutStored(ctx, sha, tr)
			if err != nil {
				return "", fmt.Errorf("backup: restore document: %w", err)
			}
			if !verified {
				res.Unverified++
			}
			got.Documents++
			if t.Progress != nil {
				t.Progress(Progress{Stage: "documents", Done: int64(got.Documents), Total: -1})
			}
		}
	}
}

// spool copies the database snapshot entry to path.
func spool(r io.Reader, path string, size int64, report func(Progress)) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("backup: spool database: %w", err)
	}
	pw := &progressWriter{w: f, total: size, report: report}
	_, err = io.Copy(pw, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("backup: spool database: %w", err)
	}
	return nil
}

// nextJSON reads the next entry, which must be name, as JSON into v.
func nextJSON(tr *tar.Reader, name string, v any) error {
	h, err := tr.Next()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if h.Name != name || h.Typeflag != tar.TypeReg {
		return fmt.Errorf("%w: first entry is %q, want %s", ErrFormat, h.Name, name)
	}
	return readJSON(tr, v)
}
