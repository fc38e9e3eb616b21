package flows

import "testing"

// FuzzTypedNumber: a courtesy after a number read changes nothing, and
// a command slip is a command or nothing.
func FuzzTypedNumber(f *testing.F) {
	for _, s := range []string{"2", "no 2", "yg ke 2", "7 ya", "(3)", "dua", "mnu", "bntuan", "englsh", "ya"} {
		f.Add(s)
	}
	actions := map[string]bool{"": true, actMenu: true, actHelp: true, actStatus: true, actLangEN: true, actLangID: true,
		actLangMenu: true}
	f.Fuzz(func(t *testing.T, s string) {
		if n, ok := typedNumber(s); ok {
			if m, ok2 := typedNumber(s + " ya"); !ok2 || m != n {
				t.Fatalf("typedNumber(%q) = %d but typedNumber(%q) = %d, %v", s, n, s+" ya", m, ok2)
			}
		}
		if a := commandSlip(s); !actions[a] {
			t.Fatalf("commandSlip(%q) = %q", s, a)
		}
	})
}
