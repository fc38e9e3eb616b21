package files

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"loket"
)

// spool writes data to a new temp file of d and returns its path.
func spool(t *testing.T, d *Dir, data []byte) string {
	t.Helper()
	f, err := d.CreateTemp(context.Background())
	if err != nil {
		t.Fatalf("CreateTemp: %v", err)
	}
	defer f.Close()
	if filepath.Dir(f.Name()) != d.Root() {
		t.Fatalf("temp file %s is not directly under root %s", f.Name(), d.Root())
	}
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	return f.Name()
}

func TestPutFile(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	data := []byte("%PDF-1.7 akta pendirian")
	sha := shaOf(data)
	tmp := spool(t, d, data)
	if err := d.PutFile(ctx, tmp, sha); err != nil {
		t.Fatalf("PutFile: %v", err)
	}
	if got := readBlob(t, d, sha); !bytes.Equal(got, data) {
		t.Fatalf("blob = %q", got)
	}
	fi, err := os.Stat(filepath.Join(d.Root(), sha[:2], sha[2:4], sha))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("blob: %v (mode %v)", err, fi)
	}
	if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("temp file still there: %v", err)
	}

	// The same bytes again: the blob stays (the same file, only its
	// time renewed for Sweep), the temp file goes.
	tmp2 := spool(t, d, data)
	if err := d.PutFile(ctx, tmp2, sha); err != nil {
		t.Fatalf("second PutFile: %v", err)
	}
	if fi2, err := os.Stat(filepath.Join(d.Root(), sha[:2], sha[2:4], sha)); err != nil || !os.SameFile(fi, fi2) {
		t.Errorf("existing blob replaced: %v", err)
	}
	assertNoTemp(t, d)

	// Put and PutFile agree on names.
	if sha3, err := d.Put(ctx, data); err != nil || sha3 != sha {
		t.Fatalf("Put = %s, %v", sha3, err)
	}
}

func TestPutFileRefused(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	data := []byte("%PDF-1.4 NPWP")
	sha := shaOf(data)
	outside := filepath.Join(t.TempDir(), tempPrefix+"x")
	if err := os.WriteFile(outside, data, 0o600); err != nil {
		t.Fatal(err)
	}
	nested := filepath.Join(d.Root(), "ab")
	if err := os.MkdirAll(nested, 0o700); err != nil {
		t.Fatal(err)
	}
	notTemp := filepath.Join(d.Root(), "notes.txt")
	if err := os.WriteFile(notTemp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	tmp := spool(t, d, data)
	tests := []struct {
		name, path, sha string
	}{
		{"malformed sha", tmp, "../../secret"},
		{"upper-case sha", tmp, "A" + sha[1:]},
		{"outside root", outside, sha},
		{"relative escape", filepath.Join(d.Root(), "..", filepath.Base(outside)), sha},
		{"not a temp name", notTemp, sha},
		{"in a blob directory", filepath.Join(nested, tempPrefix+"x"), sha},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := d.PutFile(ctx, tt.path, tt.sha); !errors.Is(err, loket.ErrInvalid) {
				t.Fatalf("PutFile = %v; want ErrInvalid", err)
			}
		})
	}
	for _, p := range []string{outside, notTemp, tmp} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("refused PutFile removed %s: %v", p, err)
		}
	}
	if ok, _ := d.Exists(ctx, sha); ok {
		t.Error("a refused PutFile stored the blob")
	}
}

func TestPutFileFailures(t *testing.T) {
	d := newDir(t)
	data := []byte("%PDF-1.4 KTP")
	sha := shaOf(data)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := d.CreateTemp(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("CreateTemp with a cancelled context: %v", err)
	}
	tmp := spool(t, d, data)
	if err := d.PutFile(ctx, tmp, sha); !errors.Is(err, context.Canceled) {
		t.Fatalf("PutFile with a cancelled context: %v", err)
	}
	if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temp file left after a failed PutFile: %v", err)
	}
	if err := d.PutFile(context.Background(), filepath.Join(d.Root(), tempPrefix+"gone"), sha); !errors.Is(err, loket.ErrNotFound) {
		t.Errorf("PutFile of a missing temp file: %v", err)
	}
	if ok, _ := d.Exists(context.Background(), sha); ok {
		t.Error("a failed PutFile stored the blob")
	}
	assertNoTemp(t, d)
}

// Several intakes of the same document at once: every PutFile succeeds,
// one whole blob remains, no temp file.
func TestConcurrentPutFile(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	data := bytes.Repeat([]byte("SIUP "), 50<<10)
	sha := shaOf(data)
	var wg sync.WaitGroup
	for range 8 {
		tmp := spool(t, d, data)
		wg.Go(func() {
			if err := d.PutFile(ctx, tmp, sha); err != nil {
				t.Errorf("PutFile: %v", err)
			}
		})
	}
	wg.Wait()
	if got := readBlob(t, d, sha); !bytes.Equal(got, data) {
		t.Fatal("blob content differs")
	}
	assertNoTemp(t, d)
}
