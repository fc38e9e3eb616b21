package files

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSweepRemovesOldUnkeptBlobs(t *testing.T) {
	ctx := context.Background()
	d, err := NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	old, _ := d.Put(ctx, []byte("%PDF- old and unreferenced"))
	kept, _ := d.Put(ctx, []byte("%PDF- old and referenced"))
	again, _ := d.Put(ctx, []byte("%PDF- old, but stored again just now"))
	fresh, _ := d.Put(ctx, []byte("%PDF- fresh"))
	long := time.Now().Add(-48 * time.Hour)
	for _, sha := range []string{old, kept, again} {
		if err := os.Chtimes(d.path(sha), long, long); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.Put(ctx, []byte("%PDF- old, but stored again just now")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(d.Root(), "README"), []byte("not a blob"), 0o600); err != nil {
		t.Fatal(err)
	}
	var asked []string
	n, size, err := d.Sweep(ctx, time.Now().Add(-time.Hour), func(_ context.Context, sha string) (bool, error) {
		asked = append(asked, sha)
		return sha == kept, nil
	})
	if err != nil || n != 1 || size != int64(len("%PDF- old and unreferenced")) {
		t.Fatalf("Sweep = %d, %d, %v", n, size, err)
	}
	if len(asked) != 2 {
		t.Errorf("keep asked about %d blobs, want the 2 old ones", len(asked))
	}
	for sha, want := range map[string]bool{old: false, kept: true, again: true, fresh: true} {
		if ok, _ := d.Exists(ctx, sha); ok != want {
			t.Errorf("blob %.8s exists = %v, want %v", sha, ok, want)
		}
	}
	if _, err := os.Stat(filepath.Join(d.Root(), "README")); err != nil {
		t.Errorf("a file that is not a blob was removed: %v", err)
	}
	var total int
	_ = d.Blobs(ctx, func(Blob) error { total++; return nil })
	if total != 3 {
		t.Errorf("Blobs listed %d, want 3", total)
	}
}
