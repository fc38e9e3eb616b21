// Package backup writes and reads Loket's backup archive: one tar file
// holding a manifest, a consistent snapshot of the database (SQLite's
// VACUUM INTO, or pg_dump's custom format), every document file as it is
// stored (encrypted ones stay encrypted: an archive needs no key and
// gives none away), and a trailer that proves the archive is whole.
//
// Restore refuses a target that holds data (a database with tables, a
// document store with files), writes the documents first and the
// database last, so the database's arrival is the restore's commit
// point. Entry names are checked before any path is built.
//
// The package owns the archive format and the two databases' dump and
// restore; it must not import the engine, flows or the console.
package backup

import (
	"archive/tar"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"loket/store/files"
)

// Format is the archive format version this package writes and reads.
const Format = 1

// Archive entry names.
const (
	manifestName = "loket-backup.json"
	trailerName  = "loket-backup-end.json"
	databaseDir  = "database/"
	filesDir     = "files/"
)

// Database kinds.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Manifest is the archive's first entry: what it holds.
type Manifest struct {
	Format    int       `json:"format"`
	CreatedAt time.Time `json:"created_at"`
	Version   string    `json:"loket_version"`
	// Database is SQLite, Postgres, or "" when the archive holds the
	// documents only (pg_dump was not available).
	Database string `json:"database"`
	Schema   string `json:"schema,omitempty"` // PostgreSQL schema dumped
	// Note says what else the operator must do to restore (a database
	// dumped by hand), shown again at restore time.
	Note string `json:"note,omitempty"`
}

// Trailer is the archive's last entry: without it an archive is cut short.
type Trailer struct {
	Documents     int      `json:"documents"`
	DocumentBytes int64    `json:"document_bytes"`
	DatabaseBytes int64    `json:"database_bytes"`
	KeyIDs        []string `json:"files_key_ids,omitempty"` // keys documents are encrypted under
	Plain         int      `json:"plain_documents"`
}

// Progress reports a long step: Stage is "database" or "documents"; Done
// and Total count bytes for the database, files for the documents.
type Progress struct {
	Stage       string
	Done, Total int64
}

// ErrFormat: the archive is not a Loket backup, is damaged or cut short.
var ErrFormat = errors.New("not a whole Loket backup archive")

// ErrNotEmpty: restore refuses to overwrite data.
var ErrNotEmpty = errors.New("restore target is not empty")

func writeJSON(tw *tar.Writer, name string, v any, at time.Time) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if err := tw.WriteHeader(fileHeader(name, int64(len(b)), at)); err != nil {
		return err
	}
	_, err = tw.Write(b)
	return err
}

func fileHeader(name string, size int64, at time.Time) *tar.Header {
	return &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: size, Mode: 0o600, ModTime: at, Format: tar.FormatPAX}
}

func readJSON(r io.Reader, v any) error {
	dec := json.NewDecoder(io.LimitReader(r, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return nil
}

// blobName returns the sha of an entry files/ab/cd/<sha>, or "" when the
// name is anything else.
func blobName(name string) string {
	rest, ok := strings.CutPrefix(name, filesDir)
	if !ok {
		return ""
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 || !files.ValidSHA(parts[2]) || parts[0] != parts[2][0:2] || parts[1] != parts[2][2:4] {
		return ""
	}
	return parts[2]
}

func blobEntry(sha string) string { return filesDir + sha[0:2] + "/" + sha[2:4] + "/" + sha }

// databaseEntry names the database snapshot of a kind.
func databaseEntry(kind string) string {
	if kind == Postgres {
		return databaseDir + "postgres.dump"
	}
	return databaseDir + "loket.db"
}
