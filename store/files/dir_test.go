package files

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"loket"
)

func newDir(t *testing.T) *Dir {
	t.Helper()
	d, err := NewDir(filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatalf("NewDir: %v", err)
	}
	return d
}

func shaOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func readBlob(t *testing.T, d *Dir, sha string) []byte {
	t.Helper()
	rc, size, err := d.Open(context.Background(), sha)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if int64(len(got)) != size {
		t.Fatalf("size = %d, read %d bytes", size, len(got))
	}
	return got
}

func TestPutOpenExistsDelete(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	data := []byte("%PDF-1.4 contoh NPWP")
	sha, err := d.Put(ctx, data)
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	if sha != shaOf(data) {
		t.Fatalf("sha = %s, want %s", sha, shaOf(data))
	}
	want := filepath.Join(d.Root(), sha[:2], sha[2:4], sha)
	if fi, err := os.Stat(want); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("blob at %s: %v (mode %v)", want, err, fi)
	}
	if got := readBlob(t, d, sha); !bytes.Equal(got, data) {
		t.Fatalf("Open read %q", got)
	}
	if ok, err := d.Exists(ctx, sha); !ok || err != nil {
		t.Fatalf("Exists = %v, %v", ok, err)
	}
	// Putting the same bytes again is a no-op with the same name.
	if sha2, err := d.Put(ctx, data); sha2 != sha || err != nil {
		t.Fatalf("second Put = %s, %v", sha2, err)
	}
	if err := d.Delete(ctx, sha); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if ok, err := d.Exists(ctx, sha); ok || err != nil {
		t.Fatalf("Exists after delete = %v, %v", ok, err)
	}
	if _, _, err := d.Open(ctx, sha); !errors.Is(err, loket.ErrNotFound) {
		t.Fatalf("Open after delete: %v", err)
	}
	if err := d.Delete(ctx, sha); !errors.Is(err, loket.ErrNotFound) {
		t.Fatalf("Delete twice: %v", err)
	}
	assertNoTemp(t, d)
}

func TestEmptyBlob(t *testing.T) {
	d := newDir(t)
	sha, err := d.Put(context.Background(), nil)
	if err != nil || sha != shaOf(nil) {
		t.Fatalf("Put(nil) = %s, %v", sha, err)
	}
	if got := readBlob(t, d, sha); len(got) != 0 {
		t.Fatalf("read %d bytes", len(got))
	}
}

func TestMalformedSHA(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	// A secret beside the store that a crafted name would try to reach.
	secret := filepath.Join(filepath.Dir(d.Root()), "secret")
	if err := os.WriteFile(secret, []byte("rahasia"), 0o600); err != nil {
		t.Fatal(err)
	}
	valid := shaOf([]byte("x"))
	for _, sha := range []string{
		"",
		"abc",
		strings.ToUpper(valid),
		valid + "0",
		valid[:63],
		valid[:62] + "..",
		"../../secret",
		"../" + valid[3:],
		"ab/../../../secret" + strings.Repeat("0", 46),
		strings.Repeat("0", 63) + "/",
		strings.Repeat("0", 63) + "\x00",
		strings.Repeat("g", 64),
		"/etc/passwd" + strings.Repeat("0", 53),
		valid[:32] + " " + valid[33:],
	} {
		if _, _, err := d.Open(ctx, sha); !errors.Is(err, loket.ErrInvalid) {
			t.Errorf("Open(%q) = %v; want ErrInvalid", sha, err)
		}
		if _, err := d.Exists(ctx, sha); !errors.Is(err, loket.ErrInvalid) {
			t.Errorf("Exists(%q) = %v; want ErrInvalid", sha, err)
		}
		if err := d.Delete(ctx, sha); !errors.Is(err, loket.ErrInvalid) {
			t.Errorf("Delete(%q) = %v; want ErrInvalid", sha, err)
		}
	}
	if _, err := os.Stat(secret); err != nil {
		t.Fatalf("secret beside the store: %v", err)
	}
}

// Two Puts of the same blob at once both succeed, leave one whole file and
// no temp files; different blobs in the same directory do not interfere.
func TestConcurrentPut(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	same := bytes.Repeat([]byte("KTP "), 64<<10)
	var wg sync.WaitGroup
	for i := range 16 {
		data := same
		if i%4 == 3 {
			data = append(bytes.Clone(same), byte(i))
		}
		wg.Go(func() {
			sha, err := d.Put(ctx, data)
			if err != nil || sha != shaOf(data) {
				t.Errorf("Put = %s, %v", sha, err)
			}
		})
		wg.Go(func() {
			// Readers see nothing or the whole blob.
			rc, size, err := d.Open(ctx, shaOf(data))
			if errors.Is(err, loket.ErrNotFound) {
				return
			}
			if err != nil {
				t.Errorf("Open: %v", err)
				return
			}
			defer rc.Close()
			if got, _ := io.ReadAll(rc); size != int64(len(data)) || !bytes.Equal(got, data) {
				t.Errorf("read a partial blob: %d of %d bytes", len(got), len(data))
			}
		})
	}
	wg.Wait()
	if got := readBlob(t, d, shaOf(same)); !bytes.Equal(got, same) {
		t.Fatal("blob content differs")
	}
	assertNoTemp(t, d)
}

func TestCancelledContext(t *testing.T) {
	d := newDir(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := d.Put(ctx, []byte("x")); !errors.Is(err, context.Canceled) {
		t.Fatalf("Put: %v", err)
	}
	if _, _, err := d.Open(ctx, shaOf([]byte("x"))); !errors.Is(err, context.Canceled) {
		t.Fatalf("Open: %v", err)
	}
}

func TestNewDir(t *testing.T) {
	if _, err := NewDir(""); err == nil {
		t.Error("NewDir(\"\") succeeded")
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := NewDir(filepath.Join(file, "sub")); err == nil {
		t.Error("NewDir under a file succeeded")
	}
	// A relative root is made absolute.
	t.Chdir(t.TempDir())
	d, err := NewDir("rel")
	if err != nil || !filepath.IsAbs(d.Root()) {
		t.Fatalf("NewDir(rel) = %v, %v", d, err)
	}
}

func assertNoTemp(t *testing.T, d *Dir) {
	t.Helper()
	err := filepath.WalkDir(d.Root(), func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() && !ValidSHA(e.Name()) && e.Name() != migrateLockName {
			t.Errorf("left behind %s", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
