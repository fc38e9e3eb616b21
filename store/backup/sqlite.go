package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // driver "sqlite"
)

// SQLiteDB is the embedded database file at Path, dumped while Loket may
// be writing to it and restored where none exists.
type SQLiteDB struct{ Path string }

func (SQLiteDB) Kind() string   { return SQLite }
func (SQLiteDB) Schema() string { return "" }

func (s SQLiteDB) open(query string) (*sql.DB, error) {
	abs, err := filepath.Abs(s.Path)
	if err != nil {
		return nil, err
	}
	return sql.Open("sqlite", "file:"+(&url.URL{Path: filepath.ToSlash(abs)}).EscapedPath()+"?"+query)
}

// Dump writes a consistent snapshot with VACUUM INTO: one read
// transaction, so it sees every commit before it and none after, while
// Loket goes on writing (WAL).
func (s SQLiteDB) Dump(ctx context.Context, path string) error {
	if _, err := os.Stat(s.Path); err != nil {
		return fmt.Errorf("no embedded database at %s: %w", s.Path, err)
	}
	db, err := s.open("_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("vacuum into: %w", err)
	}
	return nil
}

// Empty: no database file (nor its write-ahead log) exists yet.
func (s SQLiteDB) Empty(context.Context) (bool, string, error) {
	for _, p := range []string{s.Path, s.Path + "-wal"} {
		_, err := os.Stat(p)
		if err == nil {
			return false, fmt.Sprintf("%s exists", p), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return false, "", err
		}
	}
	return true, "", nil
}

// Restore checks the snapshot's integrity and moves it into place
// atomically (copy to a temp name beside Path, fsync, rename).
func (s SQLiteDB) Restore(ctx context.Context, snapshot string, _ *Manifest) error {
	if err := integrityCheck(ctx, snapshot); err != nil {
		return err
	}
	dir := filepath.Dir(s.Path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".loket.db.restore-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	src, err := os.Open(snapshot)
	if err != nil {
		tmp.Close()
		return err
	}
	defer src.Close()
	if _, err := io.Copy(tmp, src); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), s.Path); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func integrityCheck(ctx context.Context, path string) error {
	db, err := SQLiteDB{Path: path}.open("mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("%w: the database snapshot does not open: %v", ErrFormat, err)
	}
	if res != "ok" {
		return fmt.Errorf("%w: the database snapshot is damaged: %s", ErrFormat, res)
	}
	return nil
}
