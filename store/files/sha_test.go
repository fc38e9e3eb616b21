package files

import (
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"loket"
)

var shaPattern = regexp.MustCompile(`\A[0-9a-f]{64}\z`)

// FuzzValidSHA: a name is accepted exactly when it is 64 lowercase hex
// digits, and an accepted name always maps inside root.
func FuzzValidSHA(f *testing.F) {
	for _, s := range []string{
		"", "../../etc/passwd", strings.Repeat("a", 64), strings.Repeat("A", 64),
		strings.Repeat("0", 63) + "/", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85\n",
	} {
		f.Add(s)
	}
	d, err := NewDir(f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok := ValidSHA(s)
		if ok != shaPattern.MatchString(s) {
			t.Fatalf("ValidSHA(%q) = %v", s, ok)
		}
		_, err := d.Exists(context.Background(), s)
		if !ok {
			if !errors.Is(err, loket.ErrInvalid) {
				t.Fatalf("Exists(%q) = %v; want ErrInvalid", s, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Exists(%q): %v", s, err)
		}
		rel, err := filepath.Rel(d.Root(), d.path(s))
		if err != nil || !filepath.IsLocal(rel) || filepath.Base(rel) != s {
			t.Fatalf("path(%q) = %s escapes root", s, rel)
		}
	})
}
