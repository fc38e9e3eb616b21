package files

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"loket"
)

func testKey(t testing.TB, b byte) *Key {
	t.Helper()
	k, err := NewKey(bytes.Repeat([]byte{b}, KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func newKeyedDir(t testing.TB, root string, key *Key, old ...*Key) *Dir {
	t.Helper()
	d, err := NewDir(root, WithKeys(key, old...))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func rawBlob(t testing.TB, d *Dir, sha string) []byte {
	t.Helper()
	b, err := os.ReadFile(d.path(sha))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// content is n bytes of a recognisable plaintext.
func content(n int) []byte {
	line := []byte("NIK 3271012345678901 KTP Budi Santoso, Bogor. ")
	return bytes.Repeat(line, n/len(line)+1)[:n]
}

func TestSealedRoundTrip(t *testing.T) {
	ctx := context.Background()
	key := testKey(t, 1)
	d := newKeyedDir(t, t.TempDir(), key)
	for _, n := range []int{0, 1, sealChunk - 1, sealChunk, sealChunk + 1, 3 * sealChunk, loket.MaxDocumentBytes} {
		data := content(n)
		for _, route := range []string{"Put", "PutFile"} {
			data := append(bytes.Clone(data), route...) // a new blob per route
			var sha string
			if route == "Put" {
				var err error
				if sha, err = d.Put(ctx, data); err != nil {
					t.Fatalf("Put %d bytes: %v", n, err)
				}
			} else {
				sha = shaOf(data)
				if err := d.PutFile(ctx, spool(t, d, data), sha); err != nil {
					t.Fatalf("PutFile %d bytes: %v", n, err)
				}
			}
			if sha != shaOf(data) {
				t.Fatalf("%s: content address changed: %s", route, sha)
			}
			if got := readBlob(t, d, sha); !bytes.Equal(got, data) {
				t.Fatalf("%s %d bytes: read back %d different bytes", route, n, len(got))
			}
			raw := rawBlob(t, d, sha)
			if n > 20 && bytes.Contains(raw, data[:20]) {
				t.Fatalf("%s %d bytes: plaintext visible on disk", route, n)
			}
			info, err := d.Info(ctx, sha)
			if err != nil || !info.Sealed || info.KeyID != key.ID() || info.Size != int64(len(data)) {
				t.Fatalf("%s: Info = %+v, %v", route, info, err)
			}
		}
	}
	assertNoTemp(t, d)
}

func TestPlainAndSealedCoexist(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	plain, err := NewDir(root)
	if err != nil {
		t.Fatal(err)
	}
	old := []byte("%PDF-1.4 stored before the key was set")
	oldSHA, _ := plain.Put(ctx, old)
	keyed := newKeyedDir(t, root, testKey(t, 2))
	fresh := []byte("%PDF-1.4 stored with the key")
	freshSHA, _ := keyed.Put(ctx, fresh)
	if got := readBlob(t, keyed, oldSHA); !bytes.Equal(got, old) {
		t.Fatalf("keyed dir reads the plain blob as %q", got)
	}
	if got := readBlob(t, keyed, freshSHA); !bytes.Equal(got, fresh) {
		t.Fatalf("keyed dir reads its sealed blob as %q", got)
	}
	if info, _ := keyed.Info(ctx, oldSHA); info.Sealed {
		t.Fatal("plain blob reported sealed")
	}
	// Without the key the sealed blob is a clear error, not garbage.
	_, _, err = plain.Open(ctx, freshSHA)
	if !errors.Is(err, ErrWrongKey) || !strings.Contains(err.Error(), "configured: none") {
		t.Fatalf("Open without a key: %v", err)
	}
	if loket.ErrorCode(err) != loket.EUnavailable {
		t.Fatalf("code = %s", loket.ErrorCode(err))
	}
}

func TestWrongKeyIsClearError(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	a, b := testKey(t, 3), testKey(t, 4)
	sha, err := newKeyedDir(t, root, a).Put(ctx, []byte("%PDF-1.7 NPWP"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = newKeyedDir(t, root, b).Open(ctx, sha)
	if !errors.Is(err, ErrWrongKey) {
		t.Fatalf("Open with another key: %v", err)
	}
	for _, id := range []string{a.ID(), b.ID()} {
		if !strings.Contains(err.Error(), id) {
			t.Errorf("error %q does not name key %s", err, id)
		}
	}
	// The old key among the readable ones opens it.
	if got := readBlob(t, newKeyedDir(t, root, b, a), sha); string(got) != "%PDF-1.7 NPWP" {
		t.Fatalf("read with the old key: %q", got)
	}
}

// Any change to a sealed blob on disk is detected.
func TestSealedTamperDetected(t *testing.T) {
	ctx := context.Background()
	d := newKeyedDir(t, t.TempDir(), testKey(t, 5))
	data := content(3*sealChunk + 100)
	sha, err := d.Put(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	orig := rawBlob(t, d, sha)
	chunkAt := func(i int) int { return headerSize + i*(sealChunk+tagSize) }
	swap := bytes.Clone(orig)
	copy(swap[chunkAt(0):chunkAt(1)], orig[chunkAt(1):chunkAt(2)])
	copy(swap[chunkAt(1):chunkAt(2)], orig[chunkAt(0):chunkAt(1)])
	flip := func(i int) []byte { b := bytes.Clone(orig); b[i] ^= 1; return b }
	cases := map[string][]byte{
		"salt":            flip(40),
		"length":          flip(31),
		"first chunk":     flip(headerSize + 10),
		"last chunk tag":  flip(len(orig) - 1),
		"chunks swapped":  swap,
		"last chunk cut":  orig[:chunkAt(3)],
		"appended":        append(bytes.Clone(orig), 0),
		"reserved":        flip(10),
		"version":         flip(8),
		"header only":     orig[:headerSize],
		"half the header": orig[:headerSize/2],
	}
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(d.path(sha), raw, 0o600); err != nil {
				t.Fatal(err)
			}
			rc, _, err := d.Open(ctx, sha)
			if err == nil {
				_, err = io.Copy(io.Discard, rc)
				rc.Close()
			}
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("read of a tampered blob: %v", err)
			}
		})
	}
}

// Plain mode never stores content that would later read as sealed.
func TestPlainRefusesSealedLookalike(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	fake := append([]byte(sealMagic), "rest of a crafted upload"...)
	if _, err := d.Put(ctx, fake); !errors.Is(err, loket.ErrInvalid) {
		t.Fatalf("Put: %v", err)
	}
	tmp := spool(t, d, fake)
	if err := d.PutFile(ctx, tmp, shaOf(fake)); !errors.Is(err, loket.ErrInvalid) {
		t.Fatalf("PutFile: %v", err)
	}
	if ok, _ := d.Exists(ctx, shaOf(fake)); ok {
		t.Fatal("lookalike stored")
	}
	assertNoTemp(t, d)
	// With a key it is just content.
	k := newKeyedDir(t, d.Root(), testKey(t, 6))
	sha, err := k.Put(ctx, fake)
	if err != nil || !bytes.Equal(readBlob(t, k, sha), fake) {
		t.Fatalf("keyed Put of a lookalike: %v", err)
	}
}

// Reading or storing a 4 MB sealed document holds one chunk, not the file.
func TestSealedStreamsInChunks(t *testing.T) {
	ctx := context.Background()
	d := newKeyedDir(t, t.TempDir(), testKey(t, 7))
	data := content(loket.MaxDocumentBytes)
	sha := shaOf(data)
	tmp := spool(t, d, data)
	allocated := func(fn func()) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		fn()
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	if n := allocated(func() {
		if err := d.PutFile(ctx, tmp, sha); err != nil {
			t.Fatal(err)
		}
	}); n > 1<<20 {
		t.Errorf("PutFile of 4 MB allocated %d bytes", n)
	}
	if n := allocated(func() {
		rc, _, err := d.Open(ctx, sha)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}); n > 1<<20 {
		t.Errorf("reading 4 MB allocated %d bytes", n)
	}
}

func TestParseKey(t *testing.T) {
	raw := make([]byte, KeySize)
	if _, err := rand.Read(raw); err != nil {
		t.Fatal(err)
	}
	want, _ := NewKey(raw)
	for _, s := range []string{
		base64.StdEncoding.EncodeToString(raw), base64.RawStdEncoding.EncodeToString(raw),
		base64.URLEncoding.EncodeToString(raw), " " + base64.StdEncoding.EncodeToString(raw) + "\n",
	} {
		k, err := ParseKey(s)
		if err != nil || k.ID() != want.ID() {
			t.Errorf("ParseKey(%q) = %v, %v", s, k, err)
		}
	}
	for _, s := range []string{"", "not base64!", base64.StdEncoding.EncodeToString(raw[:16]), base64.StdEncoding.EncodeToString(append(raw, 1))} {
		if _, err := ParseKey(s); err == nil {
			t.Errorf("ParseKey(%q) accepted", s)
		}
	}
	if strings.Contains(want.String(), base64.StdEncoding.EncodeToString(raw)) || len(want.ID()) != 16 {
		t.Errorf("String/ID = %q/%q", want.String(), want.ID())
	}
}

// FuzzUnseal: whatever bytes lie on disk, reading them as a sealed blob
// never panics and never yields more than the header promises.
func FuzzUnseal(f *testing.F) {
	key := testKey(f, 8)
	var buf bytes.Buffer
	if err := seal(&buf, bytes.NewReader(content(sealChunk+5)), sealChunk+5, key); err != nil {
		f.Fatal(err)
	}
	valid := buf.Bytes()
	f.Add(valid)
	f.Add(valid[:headerSize])
	f.Add(valid[:headerSize+20])
	f.Add([]byte(sealMagic))
	f.Fuzz(func(t *testing.T, raw []byte) {
		u, err := newUnsealer(bytes.NewReader(raw), int64(len(raw)), []*Key{key})
		if err != nil {
			return
		}
		got, err := io.ReadAll(u)
		if err == nil && int64(len(got)) != u.h.length {
			t.Fatalf("read %d bytes, header says %d", len(got), u.h.length)
		}
	})
}

func TestKeyIDFile(t *testing.T) {
	// The key id in the header is the key's ID.
	d := newKeyedDir(t, t.TempDir(), testKey(t, 9))
	sha, _ := d.Put(context.Background(), []byte("x"))
	raw := rawBlob(t, d, sha)
	h, err := parseHeader(raw)
	if err != nil || h.KeyID() != d.KeyID() {
		t.Fatalf("header key id %v, %v; dir %s", h, err, d.KeyID())
	}
	if filepath.Dir(d.path(sha)) == d.Root() {
		t.Fatal("blob not fanned out")
	}
}
