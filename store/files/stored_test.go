package files

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
)

// A backup copies blobs as stored; a restore checks them on the way in.
func TestStoredCopy(t *testing.T) {
	ctx := context.Background()
	key := testKey(t, 20)
	src := newKeyedDir(t, t.TempDir(), key)
	plainSrc, _ := NewDir(src.Root())
	plain := []byte("%PDF-1.4 stored plain")
	plainSHA, _ := plainSrc.Put(ctx, plain)
	sealed := content(2*sealChunk + 3)
	sealedSHA, _ := src.Put(ctx, sealed)
	stored := func(sha string) []byte {
		f, size, err := src.OpenStored(ctx, sha)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		if int64(len(b)) != size {
			t.Fatalf("size %d, read %d", size, len(b))
		}
		return b
	}

	withKey := newKeyedDir(t, t.TempDir(), key)
	noKey := newDir(t)
	for _, tc := range []struct {
		d        *Dir
		sha      string
		verified bool
	}{
		{withKey, plainSHA, true}, {withKey, sealedSHA, true},
		{noKey, plainSHA, true}, {noKey, sealedSHA, false},
	} {
		ok, err := tc.d.PutStored(ctx, tc.sha, bytes.NewReader(stored(tc.sha)))
		if err != nil || ok != tc.verified {
			t.Fatalf("PutStored %.12s = %v, %v; want verified %v", tc.sha, ok, err, tc.verified)
		}
	}
	if got := readBlob(t, withKey, sealedSHA); !bytes.Equal(got, sealed) {
		t.Fatal("restored sealed blob differs")
	}
	if info, _ := noKey.Info(ctx, sealedSHA); !info.Sealed || info.KeyID != key.ID() {
		t.Fatalf("restored without the key: %+v", info)
	}

	bad := map[string]struct {
		d   *Dir
		sha string
		raw []byte
	}{
		"plain content changed":   {noKey, plainSHA, append(bytes.Clone(plain), '!')},
		"sealed chunk changed":    {withKey, sealedSHA, flipAt(stored(sealedSHA), headerSize+5)},
		"sealed cut, no key":      {newDir(t), sealedSHA, stored(sealedSHA)[:headerSize+100]},
		"sealed under wrong name": {withKey, plainSHA, stored(sealedSHA)},
	}
	for name, tc := range bad {
		if _, err := tc.d.PutStored(ctx, tc.sha, bytes.NewReader(tc.raw)); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %v", name, err)
		}
		assertNoTemp(t, tc.d)
	}
}

func flipAt(b []byte, i int) []byte {
	b = bytes.Clone(b)
	b[i] ^= 1
	return b
}
