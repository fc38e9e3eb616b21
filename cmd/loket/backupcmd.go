package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"loket"
	"loket/store/backup"
	"loket/store/files"
	"loket/store/postgres"
	"loket/store/sqlite"
)

// cmdBackup handles `loket backup FILE`: one archive of the database and
// the documents, written while Loket may be running.
func cmdBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		return &configError{"backup", usageLine("backup")}
	}
	out := args[0]
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("backup: %s exists; choose a new file name", out)
	}
	fd, err := files.NewDir(filepath.Join(cfg.DataDir, "files"), cfg.filesOptions()...)
	if err != nil {
		return &configError{"LOKET_DATA_DIR", fmt.Sprintf("cannot use the document store: %v", err)}
	}
	src := backup.Source{Files: fd, Version: version, Now: loket.SystemClock{}.Now(), TempDir: filepath.Dir(out),
		Progress: backupProgress(stderr, "backup")}
	switch {
	case cfg.DatabaseURL == "":
		src.Database = backup.SQLiteDB{Path: filepath.Join(cfg.DataDir, "loket.db")}
	case backup.PgDumpMissing() != "":
		src.Note = backup.PgDumpMissing()
		fmt.Fprintln(stderr, "loket: backup: warning:", src.Note)
	default:
		pg, err := backup.NewPostgres(ctx, cfg.DatabaseURL)
		if err != nil {
			return &configError{"LOKET_DATABASE_URL", fmt.Sprintf("cannot use the database: %v", err)}
		}
		src.Database = pg
	}
	tr, err := writeArchive(ctx, out, src)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s: ", out)
	if src.Database != nil {
		fmt.Fprintf(stdout, "%s database (%s), ", src.Database.Kind(), megabytes(tr.DatabaseBytes))
	}
	fmt.Fprintf(stdout, "%d documents (%s, %d plain)\n", tr.Documents, megabytes(tr.DocumentBytes), tr.Plain)
	if len(tr.KeyIDs) > 0 {
		fmt.Fprintf(stdout, "documents encrypted under files key %s: keep that key apart from this archive, it cannot be read without it\n",
			strings.Join(tr.KeyIDs, ", "))
	}
	return nil
}

// writeArchive writes the archive to out.partial and renames it to out
// once it is whole and synced.
func writeArchive(ctx context.Context, out string, src backup.Source) (*backup.Trailer, error) {
	partial := out + ".partial"
	f, err := os.OpenFile(partial, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(partial)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	tr, err := backup.Write(ctx, bw, src)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = f.Close()
	}
	if err == nil {
		err = os.Rename(partial, out)
	}
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	done = true
	return tr, nil
}

// cmdRestore handles `loket restore FILE` into an empty data directory
// (and, with LOKET_DATABASE_URL, an empty database).
func cmdRestore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		return &configError{"restore", usageLine("restore")}
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	in, err := os.Open(args[0])
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer in.Close()
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return &configError{"LOKET_DATA_DIR", fmt.Sprintf("cannot create %s: %v", cfg.DataDir, err)}
	}
	unlock, err := lockDataDir(cfg.DataDir) // no serve may run on it meanwhile
	if err != nil {
		return err
	}
	defer unlock()
	fd, err := files.NewDir(filepath.Join(cfg.DataDir, "files"), cfg.filesOptions()...)
	if err != nil {
		return &configError{"LOKET_DATA_DIR", fmt.Sprintf("cannot use the document store: %v", err)}
	}
	tg := backup.Target{Files: fd, TempDir: cfg.DataDir, Progress: backupProgress(stderr, "restore")}
	if cfg.DatabaseURL == "" {
		tg.Database = backup.SQLiteDB{Path: filepath.Join(cfg.DataDir, "loket.db")}
	} else {
		pg, err := backup.NewPostgres(ctx, cfg.DatabaseURL)
		if err != nil {
			return &configError{"LOKET_DATABASE_URL", fmt.Sprintf("cannot use the database: %v", err)}
		}
		tg.Database = pg
	}
	res, err := backup.Read(ctx, bufio.NewReaderSize(in, 1<<20), tg)
	if errors.Is(err, backup.ErrNotEmpty) {
		return fmt.Errorf("restore: %w; restore into an empty LOKET_DATA_DIR (and an empty database), nothing was changed", err)
	}
	if err != nil {
		return fmt.Errorf("restore: %w (run it again to retry)", err)
	}
	if res.Database {
		if err := migrateRestored(ctx, cfg); err != nil {
			return err
		}
	}
	reportRestore(stdout, res)
	return nil
}

// migrateRestored opens the restored database once, which brings an
// older backup's schema up to this version.
func migrateRestored(ctx context.Context, cfg *Config) error {
	if cfg.DatabaseURL != "" {
		st, err := postgres.Open(ctx, cfg.DatabaseURL, nil)
		if err != nil {
			return fmt.Errorf("restore: open the restored database: %w", err)
		}
		return st.Close()
	}
	st, err := sqlite.Open(ctx, filepath.Join(cfg.DataDir, "loket.db"), nil)
	if err != nil {
		return fmt.Errorf("restore: open the restored database: %w", err)
	}
	return st.Close()
}

func reportRestore(w io.Writer, res *backup.Restored) {
	m := res.Manifest
	fmt.Fprintf(w, "restored the backup of %s (Loket %s): %d documents", m.CreatedAt.Format("2006-01-02 15:04 MST"), m.Version, res.Trailer.Documents)
	if res.Database {
		fmt.Fprintf(w, " and the %s database", m.Database)
	}
	fmt.Fprintln(w)
	if !res.Database && m.Note != "" {
		fmt.Fprintln(w, "the archive holds no database:", m.Note)
	}
	if res.Unverified > 0 {
		fmt.Fprintf(w, "%d documents are encrypted under files key %s, which is not set here: set LOKET_FILES_KEY to it before serving\n",
			res.Unverified, strings.Join(res.Trailer.KeyIDs, ", "))
	}
}

// backupProgress prints a long step every 10% of the database and 5% of
// the documents (restore does not know the total: every 100).
func backupProgress(w io.Writer, verb string) func(backup.Progress) {
	last := map[string]int64{}
	return func(p backup.Progress) {
		switch {
		case p.Total < 0:
			if p.Done%100 == 0 {
				fmt.Fprintf(w, "%s: %s %d\n", verb, p.Stage, p.Done)
			}
		case p.Stage == "database":
			pct := p.Done * 100 / max(p.Total, 1)
			if pct/10 != last[p.Stage]/10 || p.Done == p.Total {
				fmt.Fprintf(w, "%s: database %s of %s\n", verb, megabytes(p.Done), megabytes(p.Total))
			}
			last[p.Stage] = pct
		default:
			pct := p.Done * 100 / max(p.Total, 1)
			if pct/5 != last[p.Stage]/5 || p.Done == p.Total {
				fmt.Fprintf(w, "%s: documents %d/%d\n", verb, p.Done, p.Total)
			}
			last[p.Stage] = pct
		}
	}
}

func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
