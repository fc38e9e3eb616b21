package flows

import "testing"

// TestNextWeekAsked: next week asked for, in either language; next week
// said to be busy is not (the days from now are offered, as for any
// refusal).
func TestNextWeekAsked(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"minggu depan aja", true},
		{"bisa minggu depan?", true},
		{"next week please", true},
		{"ga bisa semua, minggu depan sibuk", false},
		{"next week I'm busy", false},
		{"senin", false},
	} {
		if got := nextWeekAsked(c.in); got != c.want {
			t.Errorf("nextWeekAsked(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
