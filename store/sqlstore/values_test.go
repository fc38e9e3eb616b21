package sqlstore

import "testing"

func TestLadder(t *testing.T) {
	rungs := map[int]bool{}
	for n := 1; n <= rowsPerStatement; n++ {
		up := rungAbove(n)
		if up < n || rungAbove(up) != up || rungBelow(up) != up {
			t.Fatalf("rungAbove(%d) = %d, not a rung at or above it", n, up)
		}
		rungs[up] = true
		var total, count, last int
		for i, j := range pieces(n) {
			if i != total || j <= i || rungAbove(j-i) != j-i {
				t.Fatalf("pieces(%d): [%d, %d) after %d rows", n, i, j, total)
			}
			if count > 0 && j-i > last {
				t.Fatalf("pieces(%d): a piece of %d after one of %d", n, j-i, last)
			}
			total, last = j, j-i
			count++
		}
		if total != n || count > 3 {
			t.Fatalf("pieces(%d): %d rows in %d pieces", n, total, count)
		}
	}
	if len(rungs) != 29 {
		t.Fatalf("%d rungs up to %d, want 29", len(rungs), rowsPerStatement)
	}
	if got := len(padded([]int{1, 2, 3, 4, 5, 6, 7, 8, 9})); got != 16 {
		t.Fatalf("9 keys padded to %d, want 16", got)
	}
	if got := padded([]int{1, 2, 3, 4, 5, 6, 7, 8, 9})[15]; got != 9 {
		t.Fatalf("padding is %d, want copies of the last key", got)
	}
	for range pieces(0) {
		t.Fatal("pieces(0) yields a piece")
	}
}
