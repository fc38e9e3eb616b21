package loket

import "testing"

func TestNewLeaseToken(t *testing.T) {
	seen := map[int64]bool{}
	for range 1000 {
		tok := NewLeaseToken()
		if tok <= 0 {
			t.Fatalf("token %d: want positive", tok)
		}
		if seen[tok] {
			t.Fatalf("token %d drawn twice in 1000", tok)
		}
		seen[tok] = true
	}
}
