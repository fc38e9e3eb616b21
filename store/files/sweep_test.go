package files

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSweepTempRemovesOnlyOldTemporaryFiles(t *testing.T) {
	d, err := NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sha, err := d.Put(ctx, []byte("%PDF-1.7 blob"))
	if err != nil {
		t.Fatal(err)
	}
	old, err := d.CreateTemp(ctx)
	if err != nil {
		t.Fatal(err)
	}
	old.Close()
	fresh, err := d.CreateTemp(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fresh.Close()
	nested := filepath.Join(filepath.Dir(d.path(sha)), tempPrefix+"crashed")
	if err := os.WriteFile(nested, []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	past := now.Add(-2 * time.Hour)
	for _, p := range []string{old.Name(), nested} {
		if err := os.Chtimes(p, past, past); err != nil {
			t.Fatal(err)
		}
	}
	n, err := d.SweepTemp(ctx, time.Hour, now)
	if err != nil || n != 2 {
		t.Fatalf("swept %d, %v; want the two old temporary files", n, err)
	}
	for p, want := range map[string]bool{old.Name(): false, nested: false, fresh.Name(): true, d.path(sha): true} {
		_, err := os.Stat(p)
		if exists := err == nil; exists != want {
			t.Errorf("%s exists=%v, want %v", filepath.Base(p), exists, want)
		}
	}
}
