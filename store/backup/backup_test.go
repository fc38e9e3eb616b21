package backup

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store"
	"loket/store/files"
	"loket/store/sqlite"
)

var testNow = time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC)

// dataDir is a data directory as `loket serve` leaves it: the embedded
// database (open, as while Loket runs) and a document store.
type dataDir struct {
	root  string
	st    *sqlite.Store
	files *files.Dir
	docs  map[string][]byte
}

func newDataDir(t *testing.T, key *files.Key) *dataDir {
	t.Helper()
	root := t.TempDir()
	st, err := sqlite.Open(context.Background(), filepath.Join(root, "loket.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var opts []files.Option
	if key != nil {
		opts = append(opts, files.WithKeys(key))
	}
	fd, err := files.NewDir(filepath.Join(root, "files"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return &dataDir{root: root, st: st, files: fd, docs: map[string][]byte{}}
}

func (d *dataDir) addVendor(t *testing.T, name string) {
	t.Helper()
	err := d.st.InTx(context.Background(), func(tx store.Tx) error {
		return tx.SaveVendor(context.Background(), &loket.Vendor{Name: name, NPWP: "012345678901000", CreatedAt: testNow})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (d *dataDir) addDoc(t *testing.T, body string) {
	t.Helper()
	sha, err := d.files.Put(context.Background(), []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	d.docs[sha] = []byte(body)
}

func (d *dataDir) source() Source {
	return Source{Files: d.files, Database: SQLiteDB{Path: filepath.Join(d.root, "loket.db")}, Version: "test", Now: testNow, TempDir: d.root}
}

// target is an empty data directory to restore into.
func target(t *testing.T, root string, key *files.Key) Target {
	t.Helper()
	var opts []files.Option
	if key != nil {
		opts = append(opts, files.WithKeys(key))
	}
	fd, err := files.NewDir(filepath.Join(root, "files"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return Target{Files: fd, Database: SQLiteDB{Path: filepath.Join(root, "loket.db")}, TempDir: root}
}

func backupOf(t *testing.T, d *dataDir) []byte {
	t.Helper()
	var buf bytes.Buffer
	var stages []string
	src := d.source()
	src.Progress = func(p Progress) {
		if len(stages) == 0 || stages[len(stages)-1] != p.Stage {
			stages = append(stages, p.Stage)
		}
	}
	tr, err := Write(context.Background(), &buf, src)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Documents != len(d.docs) || strings.Join(stages, ",") != "database,documents" {
		t.Fatalf("trailer %+v, progress stages %v", tr, stages)
	}
	return buf.Bytes()
}

func TestSQLiteBackupRestore(t *testing.T) {
	ctx := context.Background()
	key, _ := files.NewKey(bytes.Repeat([]byte{7}, files.KeySize))
	src := newDataDir(t, key)
	src.addVendor(t, "CV Maju Jaya")
	src.addDoc(t, "%PDF-1.4 KTP Budi")
	src.addDoc(t, "%PDF-1.4 NPWP CV Maju Jaya")
	archive := backupOf(t, src) // the source store is open: Loket is running

	root := t.TempDir()
	res, err := Read(ctx, bytes.NewReader(archive), target(t, root, key))
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	if !res.Database || res.Trailer.Documents != 2 || res.Unverified != 0 || len(res.Trailer.KeyIDs) != 1 {
		t.Fatalf("restored %+v", res)
	}
	st, err := sqlite.Open(ctx, filepath.Join(root, "loket.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	err = st.InTx(ctx, func(tx store.Tx) error {
		v, err := tx.VendorByNPWP(ctx, "012345678901000")
		if err == nil && v.Name != "CV Maju Jaya" {
			t.Errorf("vendor %+v", v)
		}
		return err
	})
	if err != nil {
		t.Fatalf("restored database: %v", err)
	}
	restored := target(t, root, key).Files
	for sha, want := range src.docs {
		rc, _, err := restored.Open(ctx, sha)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		_, _ = got.ReadFrom(rc)
		rc.Close()
		if !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("document %.12s differs", sha)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "files", restoreMarker)); !os.IsNotExist(err) {
		t.Fatalf("restore marker left: %v", err)
	}

	// A second restore over it refuses and changes nothing.
	if _, err := Read(ctx, bytes.NewReader(archive), target(t, root, key)); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("restore over a restored dir: %v", err)
	}
	// Without the key the documents are restored, but cannot be checked.
	res, err = Read(ctx, bytes.NewReader(archive), target(t, t.TempDir(), nil))
	if err != nil || res.Unverified != 2 {
		t.Fatalf("restore without the key: %+v, %v", res, err)
	}
}

func TestRestoreRefusesDocumentsWithoutDatabase(t *testing.T) {
	src := newDataDir(t, nil)
	src.addDoc(t, "%PDF-1.4 a")
	archive := backupOf(t, src)
	root := t.TempDir()
	tg := target(t, root, nil)
	if _, err := tg.Files.Put(context.Background(), []byte("%PDF-1.4 already here")); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(context.Background(), bytes.NewReader(archive), tg); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("restore into a store with documents: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "loket.db")); !os.IsNotExist(err) {
		t.Fatal("database written by a refused restore")
	}
}

// A cut-short archive restores nothing usable and says so; the next
// attempt with the whole archive goes through.
func TestTruncatedArchiveThenResume(t *testing.T) {
	ctx := context.Background()
	src := newDataDir(t, nil)
	for _, s := range []string{"%PDF-1.4 a", "%PDF-1.4 b", "%PDF-1.4 c"} {
		src.addDoc(t, s)
	}
	archive := backupOf(t, src)
	root := t.TempDir()
	for _, cut := range []int{len(archive) - 2048 - 100, len(archive) - 5000, 600} {
		_, err := Read(ctx, bytes.NewReader(archive[:cut]), target(t, root, nil))
		if !errors.Is(err, ErrFormat) {
			t.Fatalf("archive cut at %d: %v", cut, err)
		}
		if _, err := os.Stat(filepath.Join(root, "loket.db")); !os.IsNotExist(err) {
			t.Fatalf("cut at %d: database restored from a cut archive", cut)
		}
	}
	if _, err := Read(ctx, bytes.NewReader(archive), target(t, root, nil)); err != nil {
		t.Fatalf("restore after an interrupted one: %v", err)
	}
}

// Entries other than the expected names are refused before anything is
// written outside the target.
func TestArchiveEntryNamesChecked(t *testing.T) {
	outside := t.TempDir()
	for _, name := range []string{
		"files/../../" + filepath.Base(outside) + "/evil",
		"files/ab/cd/" + strings.Repeat("0", 64),
		"database/../loket.db",
		"/etc/passwd",
	} {
		var buf bytes.Buffer
		tw := tar.NewWriter(&buf)
		_ = writeJSON(tw, manifestName, Manifest{Format: Format, Database: SQLite}, testNow)
		_ = tw.WriteHeader(fileHeader(name, 4, testNow))
		_, _ = tw.Write([]byte("evil"))
		_ = tw.Close()
		root := t.TempDir()
		if _, err := Read(context.Background(), &buf, target(t, root, nil)); !errors.Is(err, ErrFormat) {
			t.Errorf("entry %q: %v", name, err)
		}
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Fatalf("written outside the target: %v", entries)
	}
}

func TestRestoreKindMismatch(t *testing.T) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	_ = writeJSON(tw, manifestName, Manifest{Format: Format, Database: Postgres, Schema: "public"}, testNow)
	_ = tw.Close()
	_, err := Read(context.Background(), &buf, target(t, t.TempDir(), nil))
	if err == nil || !strings.Contains(err.Error(), "LOKET_DATABASE_URL") {
		t.Fatalf("postgres archive into the embedded database: %v", err)
	}
}

// FuzzRead: whatever the archive holds, Read never panics, and writes
// nothing but blobs and the database into the target.
func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	_ = writeJSON(tw, manifestName, Manifest{Format: Format}, testNow)
	_ = tw.WriteHeader(fileHeader(blobEntry(strings.Repeat("a", 64)), 3, testNow))
	_, _ = tw.Write([]byte("abc"))
	_ = writeJSON(tw, trailerName, Trailer{Documents: 1}, testNow)
	_ = tw.Close()
	f.Add(buf.Bytes())
	f.Add(buf.Bytes()[:700])
	f.Add([]byte("not a tar"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		root := t.TempDir()
		_, _ = Read(context.Background(), bytes.NewReader(raw), target(t, root, nil))
		entries, _ := os.ReadDir(root)
		for _, e := range entries {
			if e.Name() != "files" && e.Name() != "loket.db" {
				t.Fatalf("left %s in the target", e.Name())
			}
		}
	})
}
