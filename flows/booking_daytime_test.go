package flows

import "testing"

func TestClockIn(t *testing.T) {
	cases := []struct {
		text, rest string
		min        int
		ok         bool
	}{
		{"selasa jam 11 bisa?", "selasa bisa?", 660, true},
		{"kalau rabu jam 10.20?", "kalau rabu", 620, true},
		{"rabu 10.20", "rabu", 620, true},
		{"tuesday at 11 please", "tuesday please", 660, true},
		{"bisa hari selasa?", "", 0, false},
		{"tanggal 12.1", "", 0, false},
		{"is Tuesday 11 free?", "is Tuesday free?", 660, true},
		{"selasa 13 bisa?", "selasa bisa?", 780, true},
		{"wednesday 11am ok?", "wednesday ok?", 660, true},
		{"wednesday 2 pm", "wednesday", 840, true},
		{"senin 30 november", "", 0, false}, // a date, not an hour
		{"selasa 5", "", 0, false},
		{"hari kamis jam 1 siang bisa?", "hari kamis bisa?", 780, true},
		{"kamis jam 2", "kamis", 840, true},
		{"kamis jam 10 pagi", "kamis", 600, true},
		{"kamis jam 3 sore", "kamis", 900, true},
	}
	for _, c := range cases {
		m, rest, ok := clockIn(c.text)
		if ok != c.ok || ok && (m != c.min || rest != c.rest) {
			t.Errorf("clockIn(%q) = %d, %q, %v; want %d, %q, %v", c.text, m, rest, ok, c.min, c.rest, c.ok)
		}
	}
}
