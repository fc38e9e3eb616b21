package files

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"loket"
)

// putPlain stores n plain blobs under root and returns their contents by sha.
func putPlain(t *testing.T, root string, n int) map[string][]byte {
	t.Helper()
	d, err := NewDir(root)
	if err != nil {
		t.Fatal(err)
	}
	blobs := map[string][]byte{}
	for i := range n {
		data := append(content(1000+i*7919%(3*sealChunk)), fmt.Sprintf("dokumen %d", i)...)
		sha, err := d.Put(context.Background(), data)
		if err != nil {
			t.Fatal(err)
		}
		blobs[sha] = data
	}
	return blobs
}

// checkAll reads every blob through d and compares it with want, and
// checks each is sealed under keyID.
func checkAll(t *testing.T, d *Dir, want map[string][]byte, keyID string) {
	t.Helper()
	for sha, data := range want {
		if got := readBlob(t, d, sha); !bytes.Equal(got, data) {
			t.Fatalf("blob %.12s differs after migration", sha)
		}
		info, err := d.Info(context.Background(), sha)
		if err != nil || !info.Sealed || info.KeyID != keyID {
			t.Fatalf("blob %.12s: %+v, %v; want sealed under %s", sha, info, err, keyID)
		}
	}
}

func TestMigrateEncryptThenRotate(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	blobs := putPlain(t, root, 12)
	oldKey, newKey := testKey(t, 10), testKey(t, 11)

	d := newKeyedDir(t, root, oldKey)
	var calls int
	st, err := d.Migrate(ctx, MigrateOptions{Progress: func(MigrateStats) { calls++ }})
	if err != nil || st.Total != 12 || st.Sealed != 12 || calls != 12 {
		t.Fatalf("encrypt = %+v, %v (progress %d)", st, err, calls)
	}
	checkAll(t, d, blobs, oldKey.ID())
	if st, err := d.Migrate(ctx, MigrateOptions{}); err != nil || st.Unchanged != 12 {
		t.Fatalf("second encrypt = %+v, %v", st, err)
	}

	// encrypt under a new key leaves blobs of the old one to rotate-key.
	if st, err := newKeyedDir(t, root, newKey).Migrate(ctx, MigrateOptions{}); err != nil || st.OtherKey != 12 {
		t.Fatalf("encrypt with another key = %+v, %v", st, err)
	}
	// Rotating without the old key fails blob by blob and changes nothing.
	st, err = newKeyedDir(t, root, newKey).Migrate(ctx, MigrateOptions{Rotate: true})
	if !errors.Is(err, ErrWrongKey) || st.Failed != 12 {
		t.Fatalf("rotate without the old key = %+v, %v", st, err)
	}
	checkAll(t, d, blobs, oldKey.ID())

	st, err = newKeyedDir(t, root, newKey, oldKey).Migrate(ctx, MigrateOptions{Rotate: true})
	if err != nil || st.Resealed != 12 {
		t.Fatalf("rotate = %+v, %v", st, err)
	}
	checkAll(t, newKeyedDir(t, root, newKey), blobs, newKey.ID())
	if _, _, err := d.Open(ctx, firstKey(blobs)); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("old key still opens a rotated blob: %v", err)
	}
	assertNoTemp(t, d)
}

func firstKey(m map[string][]byte) string {
	for k := range m {
		return k
	}
	return ""
}

// A blob whose bytes do not match its name is never resealed (the
// original stays for an operator to look at).
func TestResealRefusesDamagedPlainBlob(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	blobs := putPlain(t, root, 1)
	sha := firstKey(blobs)
	d := newKeyedDir(t, root, testKey(t, 12))
	damaged := append(bytes.Clone(blobs[sha]), "!"...)
	if err := os.WriteFile(d.path(sha), damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Reseal(ctx, sha); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Reseal of a damaged blob: %v", err)
	}
	if got := rawBlob(t, d, sha); !bytes.Equal(got, damaged) {
		t.Fatal("damaged blob replaced")
	}
	assertNoTemp(t, d)
}

// Retention or an erasure deleting a blob while it is resealed wins: the
// blob does not come back.
func TestResealDoesNotResurrect(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	sha := firstKey(putPlain(t, root, 1))
	d := newKeyedDir(t, root, testKey(t, 13))
	d.beforeRename = func(s string) {
		if err := d.Delete(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.Reseal(ctx, sha); !errors.Is(err, loket.ErrNotFound) {
		t.Fatalf("Reseal of a blob deleted meanwhile: %v", err)
	}
	if ok, _ := d.Exists(ctx, sha); ok {
		t.Fatal("deleted blob resurrected")
	}
	assertNoTemp(t, d)
}

func TestOneMigrationAtATime(t *testing.T) {
	root := t.TempDir()
	d := newKeyedDir(t, root, testKey(t, 14))
	unlock, err := d.lockMigration()
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if _, err := d.Migrate(context.Background(), MigrateOptions{}); err == nil || !strings.Contains(err.Error(), "another migration") {
		t.Fatalf("second migration: %v", err)
	}
}

const helperEnv = "LOKET_FILES_TEST_HELPER"

// TestRotateHelperProcess is the child of TestRotateSurvivesKill: it
// rotates root's blobs and, when the third new blob is complete but not
// yet in place, says "ready" and blocks until it is killed.
func TestRotateHelperProcess(t *testing.T) {
	root := os.Getenv(helperEnv)
	if root == "" {
		t.Skip("helper process of TestRotateSurvivesKill")
	}
	oldKey, newKey := keyFromEnv(t, "OLD"), keyFromEnv(t, "NEW")
	d := newKeyedDir(t, root, newKey, oldKey)
	n := 0
	d.beforeRename = func(string) {
		if n++; n == 3 {
			fmt.Println("ready")
			_, _ = io.Copy(io.Discard, os.Stdin) // until the parent kills us
		}
	}
	if _, err := d.Migrate(context.Background(), MigrateOptions{Rotate: true}); err != nil {
		t.Fatal(err)
	}
	t.Fatal("migration finished; it should have been killed midway")
}

func keyFromEnv(t *testing.T, which string) *Key {
	k, err := ParseKey(os.Getenv(helperEnv + "_" + which))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// A key rotation killed with SIGKILL halfway leaves every blob readable
// with the two keys, and running it again finishes the job.
func TestRotateSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	ctx := context.Background()
	root := t.TempDir()
	blobs := putPlain(t, root, 8)
	oldRaw, newRaw := bytes.Repeat([]byte{15}, KeySize), bytes.Repeat([]byte{16}, KeySize)
	oldKey, _ := NewKey(oldRaw)
	newKey, _ := NewKey(newRaw)
	if _, err := newKeyedDir(t, root, oldKey).Migrate(ctx, MigrateOptions{}); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestRotateHelperProcess$")
	cmd.Env = append(os.Environ(), helperEnv+"="+root,
		helperEnv+"_OLD="+base64.StdEncoding.EncodeToString(oldRaw),
		helperEnv+"_NEW="+base64.StdEncoding.EncodeToString(newRaw))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() && sc.Text() != "ready" {
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	// Midway: two blobs under the new key, the rest under the old one,
	// and the third one's finished temp file left behind.
	both := newKeyedDir(t, root, newKey, oldKey)
	counts := map[string]int{}
	for sha, data := range blobs {
		if got := readBlob(t, both, sha); !bytes.Equal(got, data) {
			t.Fatalf("blob %.12s unreadable after the kill", sha)
		}
		info, _ := both.Info(ctx, sha)
		counts[info.KeyID]++
	}
	if counts[newKey.ID()] != 2 || counts[oldKey.ID()] != 6 {
		t.Fatalf("after the kill: %v", counts)
	}
	if n := countSealTemps(t, root); n != 1 {
		t.Fatalf("%d interrupted temp files, want 1", n)
	}

	st, err := both.Migrate(ctx, MigrateOptions{Rotate: true})
	if err != nil || st.Resealed != 6 || st.Unchanged != 2 {
		t.Fatalf("resumed rotation = %+v, %v", st, err)
	}
	checkAll(t, newKeyedDir(t, root, newKey), blobs, newKey.ID())
	if n := countSealTemps(t, root); n != 0 {
		t.Fatalf("%d temp files left after the resumed rotation", n)
	}
}

func countSealTemps(t *testing.T, root string) int {
	n := 0
	_ = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(e.Name(), sealTempPrefix) {
			n++
		}
		return nil
	})
	return n
}
