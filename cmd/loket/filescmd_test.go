package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"loket/store/files"
)

// testFilesKey is a valid LOKET_FILES_KEY made of one repeated byte.
func testFilesKey(b byte) string {
	return base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{b}, files.KeySize))
}

func mustKey(t *testing.T, b byte) *files.Key {
	t.Helper()
	k, err := files.ParseKey(testFilesKey(b))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func readAllBlob(t *testing.T, d *files.Dir, sha string) ([]byte, error) {
	t.Helper()
	rc, _, err := d.Open(context.Background(), sha)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// loket files encrypt, then rotate-key, on documents stored plain.
func TestFilesEncryptAndRotate(t *testing.T) {
	ctx := context.Background()
	dataDir := t.TempDir()
	root := filepath.Join(dataDir, "files")
	plain, err := files.NewDir(root)
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string][]byte{}
	for _, s := range []string{"%PDF-1.4 KTP", "%PDF-1.4 NPWP", "%PDF-1.7 akta"} {
		sha, err := plain.Put(ctx, []byte(s))
		if err != nil {
			t.Fatal(err)
		}
		docs[sha] = []byte(s)
	}
	runFiles := func(e map[string]string, sub string) (int, string, string) {
		e["LOKET_DATA_DIR"] = dataDir
		var out, errb syncBuffer
		code := run(ctx, []string{"files", sub}, env(e), &out, &errb)
		return code, out.String(), errb.String()
	}

	code, _, stderr := runFiles(map[string]string{}, "encrypt")
	if code != 2 || !strings.Contains(stderr, "LOKET_FILES_KEY") {
		t.Fatalf("encrypt without a key: exit %d, %q", code, stderr)
	}
	code, out, stderr := runFiles(map[string]string{"LOKET_FILES_KEY": testFilesKey(1)}, "encrypt")
	if code != 0 || !strings.Contains(out, "3 documents: 3 encrypted now") || !strings.Contains(stderr, "3/3 (100%)") {
		t.Fatalf("encrypt: exit %d, %q, %q", code, out, stderr)
	}
	code, _, stderr = runFiles(map[string]string{"LOKET_FILES_KEY": testFilesKey(2)}, "rotate-key")
	if code != 2 || !strings.Contains(stderr, "LOKET_FILES_KEY_OLD") {
		t.Fatalf("rotate-key without the old key: exit %d, %q", code, stderr)
	}
	code, out, _ = runFiles(map[string]string{"LOKET_FILES_KEY": testFilesKey(2)}, "encrypt")
	if code != 0 || !strings.Contains(out, "3 under another key") {
		t.Fatalf("encrypt under a second key: exit %d, %q", code, out)
	}
	code, out, _ = runFiles(map[string]string{"LOKET_FILES_KEY": testFilesKey(2), "LOKET_FILES_KEY_OLD": testFilesKey(3)}, "rotate-key")
	if code != 1 || !strings.Contains(out, "3 failed") {
		t.Fatalf("rotate-key from a wrong old key: exit %d, %q", code, out)
	}
	code, out, _ = runFiles(map[string]string{"LOKET_FILES_KEY": testFilesKey(2), "LOKET_FILES_KEY_OLD": testFilesKey(1)}, "rotate-key")
	if code != 0 || !strings.Contains(out, "3 re-encrypted from the old key") {
		t.Fatalf("rotate-key: exit %d, %q", code, out)
	}

	newOnly := filesNewDir(t, root, mustKey(t, 2))
	for sha, want := range docs {
		got, err := readAllBlob(t, newOnly, sha)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%.12s after rotation: %q, %v", sha, got, err)
		}
		if _, err := readAllBlob(t, plain, sha); !errors.Is(err, files.ErrWrongKey) {
			t.Fatalf("read without the key: %v", err)
		}
	}
}

func filesNewDir(t *testing.T, root string, k *files.Key) *files.Dir {
	t.Helper()
	d, err := files.NewDir(root, files.WithKeys(k))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func filesDirAt(root string) (*files.Dir, error) { return files.NewDir(root) }
