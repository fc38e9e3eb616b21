package flows

import (
	"strings"
	"testing"
)

// "Kalau datang jam 13.30 masih bisa?" is answered from the office hours
// at that time (10.00–14.00 on working days; at 14.00 itself the service
// has ended), at the menu and on a ticket,
// where it went to the officers unanswered; a time inside some days'
// hours only gets the hours themselves.
func TestHoursAtAClock(t *testing.T) {
	f := newFlows(t)
	r := &runner{t: t, f: f, b: newSQLiteBackend(t), v: variants[0], now: mondayMorning}
	r.play([]act{say("halo")})
	for q, want := range map[string]string{
		"kalau datang jam 13.30 masih bisa?": "Bisa: pukul 13.30 WIB masih di dalam jam layanan.",
		"jam 3 sore masih buka?":             "Pukul 15.00 WIB di luar jam layanan.",
		"datang jam 9 pagi bisa?":            "Pukul 09.00 WIB di luar jam layanan.",
		// the closing time itself: the service has ended (it said "outside" alone)
		"jam 2 siang masih bisa datang?": "Pukul 14.00 WIB layanan sudah berakhir: jam layanan sampai pukul 14.00, jadi datanglah sebelum itu.",
		// a day and a time: that day's hours, and where the time falls (it
		// got the day's hours alone)
		"kalau saya datang besok jam 9 bisa?": "Selasa, 6 Januari 2026: dilayani seperti biasa, 10.00–14.00 WIB. Pukul 09.00 WIB di luar jam layanan.",
		"hari rabu jam 11 bisa datang?":       "Rabu, 7 Januari 2026: dilayani seperti biasa, 10.00–14.00 WIB. Bisa: pukul 11.00 WIB masih di dalam jam layanan.",
		// a time in another Indonesian zone is converted, and said so (it
		// answered for 09.00 WIB)
		"jam 9 WITA masih buka?":           "09.00 WITA = 08.00 WIB (waktu kantor). Pukul 08.00 WIB di luar jam layanan.",
		"jam 12 wita masih bisa datang?":   "12.00 WITA = 11.00 WIB (waktu kantor). Bisa: pukul 11.00 WIB masih di dalam jam layanan.",
		"besok jam 3 sore WIT masih buka?": "15.00 WIT = 13.00 WIB (waktu kantor). Selasa, 6 Januari 2026: dilayani seperti biasa",
	} {
		if got := ask(r, q); !strings.HasPrefix(got, want) || !strings.Contains(got, "Senin–Jumat 10.00–14.00 WIB") {
			t.Errorf("%q at the menu got %q, want %q and the hours", q, got, want)
		}
	}
	r = &runner{t: t, f: f, b: newSQLiteBackend(t), v: variants[0], now: mondayMorning}
	r.play(append(registerActs()[:8], choose(2))) // registered in person: messages go to the ticket
	if got := ask(r, "kalau datang jam 13.30 masih bisa?"); !strings.HasPrefix(got, "Bisa: pukul 13.30 WIB") || !strings.Contains(got, "tiket #1001") {
		t.Errorf("on the ticket got %q, want the answer and the message on the ticket", got)
	}
}
