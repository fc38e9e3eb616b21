package flows

import (
	"strings"
	"testing"
)

func TestSlotQuestion(t *testing.T) {
	for text, want := range map[string]bool{
		"kalau hari selasa jam 11 bisa?": true, "selasa jam 11 bisa": true, "selasa jam 11 bisa ga": true,
		"apakah selasa jam 11 bisa": true, "bisa selasa jam 11": true, "selasa jam 11 masih kosong": true,
		"is tuesday 11 free?": true, "can I take tuesday at 11?": true, "is tuesday at 11 available": true,
		"selasa jam 11": false, "pilih selasa jam 11": false, "selasa jam 11 aja": false, "tuesday at 11 please": false,
		"mau selasa jam 11": false, "selasa jam 11 ya": false,
	} {
		if got := slotQuestion(text); got != want {
			t.Errorf("slotQuestion(%q) = %v, want %v", text, got, want)
		}
	}
	for text, want := range map[string]bool{"ya": true, "iya boleh": true, "ok kak": true, "yes please": true,
		"ya itu aja": true, "tidak": false, "ya tapi jam 12": false, "no": false, "jam 12": false, "ok makasih": false} {
		if got := confirmWord(text, false); got != want {
			t.Errorf("confirmWord(%q) = %v, want %v", text, got, want)
		}
	}
	for text, want := range map[string]bool{"ya": true, "ok": false, "oke kak": false, "ok pesan": true, "ya boleh": true} {
		if got := confirmWord(text, true); got != want {
			t.Errorf("confirmWord(%q, strict) = %v, want %v", text, got, want)
		}
	}
}

// TestSlotAskedNotBooked: a day and time asked about at the booking step
// is answered (free, with one tap or "ya" to book it), not booked; said
// plainly it is booked at once; a time outside the office's hours gets
// the hours and the free times.
func TestSlotAskedNotBooked(t *testing.T) {
	f := newFlows(t)
	atDays := func() []any { return []any{registerCompanyOnline(), fourPDFs(), choose(2)} }
	for _, tc := range []struct {
		name    string
		v       variant
		acts    []any
		want    []string
		notWant []string
	}{
		{"question", variants[0], append(atDays(), say("kalau hari selasa jam 11 bisa?")),
			[]string{"Selasa, 6 Januari 2026 pukul 11.00 WIB masih kosong", "Pesan Selasa, 6 Januari 11.00"}, []string{"terjadwal"}},
		{"question then ya", variants[0], append(atDays(), say("kalau hari selasa jam 11 bisa?"), say("ya")),
			[]string{"terjadwal: Selasa, 6 Januari 2026 pukul 11.00 WIB"}, nil},
		{"question, detour, then ya", variants[0], append(atDays(), say("kalau hari selasa jam 11 bisa?"),
			say("petugas nelpon dari nomor berapa?"), say("iya boleh")),
			[]string{"terjadwal: Selasa, 6 Januari 2026 pukul 11.00 WIB"}, nil},
		{"apakah", variants[0], append(atDays(), say("apakah selasa jam 11 bisa")), []string{"masih kosong"}, []string{"terjadwal"}},
		{"time only at the times", variants[0], append(atDays(), choose(2), say("jam 11 bisa?")),
			[]string{"Selasa, 6 Januari 2026 pukul 11.00 WIB masih kosong"}, []string{"terjadwal"}},
		{"statement", variants[0], append(atDays(), say("selasa jam 11")), []string{"terjadwal: Selasa, 6 Januari 2026 pukul 11.00 WIB"}, nil},
		{"statement with pilih", variants[0], append(atDays(), say("pilih selasa jam 11")), []string{"terjadwal"}, nil},
		{"outside hours", variants[0], append(atDays(), say("selasa jam 15 bisa?")),
			[]string{"Jam 15.00 tidak ada di jadwal hari itu", "Senin–Jumat 10.00–14.00", "Jam yang masih kosong pada Selasa"}, []string{"terjadwal"}},
		// a time after the day's hours lists the day's last times, the
		// nearest it ("only free at 15.00" showed 10.00–12.40 first)
		{"after hours, the last times", variants[0], append(atDays(), say("selasa jam 15 bisa?")),
			[]string{"[13.40]", "[13.20]"}, []string{"[10.00]"}},
		{"after hours typed at the times", variants[1], append(atDays(), choose(2), say("the director is only free at 15.00")),
			[]string{"is not a time on that day's schedule", "[13.40]"}, []string{"[10.00]"}},
		{"before hours, the first times", variants[0], append(atDays(), say("selasa jam 8 bisa?")),
			[]string{"[10.00]"}, []string{"[13.40]"}},
		{"english question", variants[1], append(atDays(), say("is tuesday 11 free?")),
			[]string{"Tuesday, 6 January 2026 at 11.00 WIB is free", "Book Tuesday, 6 January 11.00"}, []string{"is booked"}},
		{"english can I, then yes", variants[1], append(atDays(), say("can I take tuesday at 11?"), say("yes")),
			[]string{"is booked: Tuesday, 6 January 2026 at 11.00"}, nil},
		{"english statement", variants[1], append(atDays(), say("tuesday at 11 please")), []string{"is booked"}, nil},
		{"move asked", variants[0], []any{bookedCall(), say("bisa diundur ke rabu jam 11?")},
			[]string{"Rabu, 7 Januari 2026 pukul 11.00 WIB masih kosong", "Pindahkan ke Rabu, 7 Januari 11.00"}, []string{"dipindahkan"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkReply(t, replyToLast(t, f, tc.v, tc.acts), tc.want, tc.notWant)
		})
	}
}

// TestSwapMidBooking: two files said to be swapped while the vendor
// chooses the call's time are swapped, the reply says the documents are
// still complete and why the booking question follows, and that question
// is the one the vendor left — the earliest time in one tap (it showed a
// list of times they had not asked for) or the list they were reading.
func TestSwapMidBooking(t *testing.T) {
	f := newFlows(t)
	two := batch(pdf("ktp-direktur.pdf", "gs_text.pdf"), pdf("npwp-perusahaan.pdf", "qpdf_pdf20.pdf"))
	for _, tc := range []struct {
		name    string
		v       variant
		acts    []any
		want    []string
		notWant []string
	}{
		{"at the earliest offer", variants[0], []any{registerCompanyOnline(), two, say("ktp sama npwp ketuker")},
			[]string{"sudah saya tukar", "lengkap, jadi kita lanjut memilih jadwal", "Kita lanjutkan: Jadwal paling awal yang masih kosong adalah Senin, 5 Januari 2026", "[Pesan Senin, 5 Januari"},
			[]string{"Jam yang masih kosong pada"}},
		{"then ya books the offer", variants[0], []any{registerCompanyOnline(), two, say("ktp sama npwp ketuker"), say("ya")},
			[]string{"terjadwal: Senin, 5 Januari 2026"}, nil},
		{"at the times of a day", variants[0], []any{registerCompanyOnline(), two, choose(2), choose(2), say("ktp sama npwp ketuker")},
			[]string{"sudah saya tukar", "lengkap, jadi kita lanjut memilih jadwal", "Kita lanjutkan: Jam yang masih kosong pada Selasa, 6 Januari"}, nil},
		{"english, at the earliest offer", variants[1], []any{registerCompanyOnline(), two, say("I swapped the KTP and NPWP files")},
			[]string{"are complete, so we carry on choosing the video call time", "The earliest free time is Monday, 5 January 2026"},
			[]string{"Free times on"}},
		{"a question at the offer comes back to it", variants[0], []any{registerCompanyOnline(), two, say("petugas nelpon dari nomor berapa?")},
			[]string{"Kita lanjutkan: Jadwal paling awal yang masih kosong adalah"}, []string{"Jam yang masih kosong pada"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkReply(t, replyToLast(t, f, tc.v, tc.acts), tc.want, tc.notWant)
		})
	}
}

// TestNextWeekdayInSentence: "senin depan jam 11 bisa?" on a Monday is
// next week's Monday (it offered today).
func TestNextWeekdayInSentence(t *testing.T) {
	f := newFlows(t)
	r := newDocRunner(t, f, variants[0], mondayMorning)
	r.play(steps(registerCompanyOnline(), fourPDFs()))
	r.last = nil
	if got := repliesText(r, say("senin depan jam 11 bisa?")); !strings.Contains(got, "Senin, 12 Januari 2026 pukul 11.00 WIB masih kosong") {
		t.Errorf("after %q:\n%s\nwant next week's Monday", "senin depan jam 11 bisa?", got)
	}
}
