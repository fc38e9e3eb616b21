package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"loket/store/files"
)

// TestWebChatUploadsReachTheDocumentStoreOnlyWhenAccepted registers a
// vendor on the web chat, sends a password-protected PDF (refused by the
// document pipeline) and a good one: the document store holds only the
// good one, and the upload area is empty once both are judged.
// With LOKET_FILES_KEY set the uploads are sealed like the documents.
func TestWebChatUploadsReachTheDocumentStoreOnlyWhenAccepted(t *testing.T) {
	t.Parallel()
	for name, env := range map[string][]string{"plain": nil, "sealed": {"LOKET_FILES_KEY", testFilesKey(7)}} {
		t.Run(name, func(t *testing.T) { testUploadsReachTheStore(t, env...) })
	}
}

func testUploadsReachTheStore(t *testing.T, env ...string) {
	sv := startServe(t, env...)
	v := newVendor(t, sv.base)
	for _, text := range []string{"halo", "2", "1", "CV Maju Jaya", "01.234.567.8-901.000", "info@majujaya.co.id", "Budi Santoso", "0812-3456-7890", "1"} {
		v.send(map[string]string{"text": text})
	}
	v.waitOut("#1001")
	v.upload("kunci.pdf", pdfFixture(t, "qpdf_user_password_aes256.pdf"))
	v.waitOut("dikunci dengan password")
	v.upload("ktp-direktur.pdf", pdfFixture(t, "gs_text.pdf"))
	v.waitOut("1 dari")

	dataDir := sv.env["LOKET_DATA_DIR"]
	if n := blobsUnder(t, filepath.Join(dataDir, "files")); n != 1 {
		t.Errorf("document store holds %d files, want only the accepted one", n)
	}
	waitFor(t, "an empty upload area", func() bool { return blobsUnder(t, filepath.Join(dataDir, "uploads")) == 0 })
}

func pdfFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "flows", "pdfcheck", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// blobsUnder counts the blobs stored under root.
func blobsUnder(t *testing.T, root string) int {
	t.Helper()
	n := 0
	_ = filepath.WalkDir(root, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && files.ValidSHA(d.Name()) {
			n++
		}
		return nil
	})
	return n
}

// TestStartUpSweepsOrphans leaves an abandoned upload and a document file
// nothing refers to in the data directory (as the old web chat did):
// serve removes both at start-up and keeps a fresh upload.
func TestStartUpSweepsOrphans(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	ctx := t.Context()
	uploads, err := files.NewDir(filepath.Join(dataDir, "uploads"))
	if err != nil {
		t.Fatal(err)
	}
	docs, err := files.NewDir(filepath.Join(dataDir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	stale, _ := uploads.Put(ctx, []byte("%PDF- abandoned upload"))
	fresh, _ := uploads.Put(ctx, []byte("%PDF- upload being checked"))
	orphan, _ := docs.Put(ctx, []byte("%PDF- refused long ago"))
	// The upload sweep compares modification times with serve's clock, the
	// document sweep with the wall clock (the same unless LOKET_TEST_NOW).
	now := testClock(t).Now()
	old := now.Add(-8 * 24 * time.Hour)
	if wall := time.Now().Add(-8 * 24 * time.Hour); wall.Before(old) {
		old = wall
	}
	for p, at := range map[string]time.Time{blobPath(uploads, stale): old, blobPath(docs, orphan): old, blobPath(uploads, fresh): now} {
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
	}
	startServe(t, "LOKET_DATA_DIR", dataDir)
	waitFor(t, "the sweep at start-up", func() bool {
		a, _ := uploads.Exists(ctx, stale)
		b, _ := docs.Exists(ctx, orphan)
		return !a && !b
	})
	if ok, _ := uploads.Exists(ctx, fresh); !ok {
		t.Fatal("an upload younger than an hour was swept")
	}
}

func blobPath(d *files.Dir, sha string) string {
	return filepath.Join(d.Root(), sha[:2], sha[2:4], sha)
}
