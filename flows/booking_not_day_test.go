package flows

import (
	"strings"
	"testing"
)

// TestDayDenied: a day named with a denial, before or after it, is the
// day the vendor cannot make ("not monday", "jangan hari senin", "senin
// ga bisa", "monday doesn't work for us"); a denial about something else
// is not ("ga masalah senin", "senin bisa, ga masalah").
func TestDayDenied(t *testing.T) {
	for text, want := range map[string]bool{
		"not monday": true, "jangan senin": true, "jangan hari senin": true, "senin ga bisa": true,
		"monday doesn't work for us": true, "monday is not possible": true, "kecuali senin": true,
		"senin ada acara": true, "senin kami sibuk": true, "except on monday": true,
		"ga masalah senin": false, "senin bisa, ga masalah": false, "senin aja": false, "monday please": false,
		"senin jam 13": false,
	} {
		ws := tokens(strings.ReplaceAll(text, "'", ""))
		got := false
		for i, w := range ws {
			if _, ok := weekdayWords[w]; ok {
				got = dayDenied(ws, i)
			}
		}
		if got != want {
			t.Errorf("dayDenied(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestNotThatDay: "not monday" at the earliest time offered got Monday's
// times; now the days from Tuesday, said so. A day wanted beside the
// denied one is taken.
func TestNotThatDay(t *testing.T) {
	f := newFlows(t)
	offered := []any{registerCompanyOnline(), fourPDFs()}
	runReplyCases(t, f, []replyCase{
		{name: "jangan senin", v: variants[0], before: offered, text: "jangan senin",
			want: []string{"Baik, selain Senin.", "[Selasa, 6 Januari"}, notWant: []string{"[Senin, 5 Januari", "[13.00]"}},
		{name: "senin ga bisa", v: variants[0], before: offered, text: "senin ga bisa kak",
			want: []string{"Baik, selain Senin."}, notWant: []string{"[13.00]"}},
		{name: "English", v: variants[1], before: offered, text: "monday doesn't work for us",
			want: []string{"All right, not Monday.", "[Tuesday, 6 January"}},
		{name: "another day wanted", v: variants[0], before: offered, text: "jangan senin, selasa aja",
			want: []string{"Selasa, 6 Januari"}, notWant: []string{"selain Senin"}},
		{name: "at the days", v: variants[0], before: []any{registerCompanyOnline(), fourPDFs(), choose(2)}, text: "senin tidak bisa",
			want: []string{"Baik, selain Senin."}},
		// "this one" is no day
		{name: "this one", v: variants[0], before: offered, text: "yang ini ga bisa",
			notWant: []string{"selain"}},
		{name: "today", v: variants[0], before: offered, text: "hari ini ga bisa",
			want: []string{"Baik, selain Senin."}},
	})
}
