package flows

import (
	"context"
	"testing"
	"time"

	"loket"
)

// TestOpenOnADay: "is the office open on <day>?" gets that day's answer
// before the hours: a closed day with the name the office gave it, a day
// without service, or a normal day with its hours ("tanggal 25 desember
// buka gak?" got "no answer").
func TestOpenOnADay(t *testing.T) {
	f := newFlows(t)
	holiday := holidayOn(t, time.Date(2026, 1, 7, 0, 0, 0, 0, wib), "Cuti bersama")
	runReplyCases(t, f, []replyCase{
		{"a date that is closed", variants[0], []any{holiday, say("halo")}, "tanggal 7 januari buka gak min?",
			[]string{"Rabu, 7 Januari 2026: libur (Cuti bersama), tidak ada layanan.", "Senin–Jumat 10.00–14.00 WIB"}, nil},
		{"tomorrow, a normal day", variants[0], []any{holiday, say("halo")}, "besok libur ga?",
			[]string{"Selasa, 6 Januari 2026: dilayani seperti biasa, 10.00–14.00 WIB."}, nil},
		{"a weekend day", variants[1], []any{say("hello")}, "are you open on saturday?",
			[]string{"Saturday, 10 January 2026: no service (not a service day)"}, nil},
		{"a date with a time", variants[0], []any{holiday, say("halo")}, "tgl 8/1 jam 10 buka?",
			[]string{"Kamis, 8 Januari 2026: dilayani seperti biasa"}, nil},
		{"asked inside the form", variants[0], []any{holiday, intakeTo(1)}, "tanggal 7 januari buka gak?",
			[]string{"Rabu, 7 Januari 2026: libur (Cuti bersama)", "Kita lanjutkan: Ketik NPWP perusahaan"}, nil},
		{"coming on a day", variants[0], []any{say("halo")}, "sabtu bisa datang kak?",
			[]string{"Sabtu, 10 Januari 2026: tidak ada layanan"}, nil},
		{"a closed day by its name", variants[0], []any{holiday, say("halo")}, "kalau cuti bersama buka ga kak?",
			[]string{"Rabu, 7 Januari 2026: libur (Cuti bersama), tidak ada layanan."}, nil},
		{"no day named", variants[0], []any{say("halo")}, "jam berapa buka?",
			[]string{"Senin–Jumat 10.00–14.00 WIB"}, []string{"libur (", "dilayani seperti biasa"}},
	})
}

// TestNextWeekIsNotSunday: "minggu depan buka?" asks about next week; it
// is not read as a Sunday.
func TestNextWeekIsNotSunday(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[0], []any{say("halo")}, "minggu depan buka?")
	checkReply(t, got, []string{"Senin–Jumat 10.00–14.00 WIB"}, []string{"Minggu, 11 Januari"})
}

// TestOpenNow: "sekarang buka ga?" says whether the office is open at
// this moment and, when not, when officers are back (it gave only the
// weekly hours).
func TestOpenNow(t *testing.T) {
	f := newFlows(t)
	r := newDocRunner(t, f, variants[0], fridayEvening)
	r.play(steps(say("halo")))
	checkReply(t, repliesText(r, say("sekarang buka ga min?")), []string{"Sekarang di luar jam layanan; petugas kembali bertugas hari Senin"}, nil)
	open := replyAfter(t, f, variants[1], []any{say("hello")}, "are you open now?")
	checkReply(t, open, []string{"Yes, it is office hours now"}, nil)
}

// holidayOn is the office closing day for name, as /admin/hours saves it.
func holidayOn(t *testing.T, day time.Time, name string) act {
	return setup(func(tx testTx, _ *loket.Contact) error {
		h, ok := tx.(interface {
			SaveHoliday(context.Context, loket.Holiday) error
		})
		if !ok {
			t.Skip("backend cannot save holidays")
		}
		return h.SaveHoliday(context.Background(), loket.Holiday{Date: day, Name: name})
	})
}
