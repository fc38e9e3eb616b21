package flows

import (
	"testing"
	"time"
)

// TestDayNamedWithoutTime: at the day picker on a Thursday evening, "lusa"
// (Saturday) and "tgl 10" got "I did not catch the day you meant", "lusa
// jam 10" "yes, 10.00 is within office hours", and "the day after
// tomorrow" Friday's times (its "tomorrow" was read). Now "lusa" is the
// day after tomorrow everywhere, and a day named without free time says
// which day it is and why, then gives the days that have.
func TestDayNamedWithoutTime(t *testing.T) {
	f := newFlows(t)
	thursdayEvening := time.Date(2026, 1, 8, 20, 0, 0, 0, wib)
	holiday := holidayOn(t, time.Date(2026, 1, 13, 0, 0, 0, 0, wib), "Cuti bersama")
	atDays := []any{registerActs(), setup(docsAccepted), holiday, say("jadwal")}
	atTimes := append(append([]any{}, atDays...), say("senin"))
	for _, c := range []struct {
		name          string
		now           time.Time
		v             variant
		before        []any
		text          string
		want, notWant []string
	}{
		{"lusa on a Thursday", thursdayEvening, variants[0], atDays, "lusa",
			[]string{"Pada Sabtu, 10 Januari tidak ada video call: jadwalnya Senin–Jumat 10.00–14.00 WIB", "Pilih hari untuk video call"},
			[]string{"belum menangkap"}},
		{"a date on a Saturday", thursdayEvening, variants[0], atDays, "tgl 10",
			[]string{"Pada Sabtu, 10 Januari tidak ada video call"}, []string{"belum menangkap"}},
		{"lusa with a time", thursdayEvening, variants[0], atDays, "lusa jam 10",
			[]string{"Pada Sabtu, 10 Januari tidak ada video call"}, []string{"Bisa: pukul 10.00"}},
		{"a Sunday asked", thursdayEvening, variants[0], atDays, "hari minggu bisa?",
			[]string{"Pada Minggu, 11 Januari tidak ada video call"}, nil},
		{"the day after tomorrow is not tomorrow", thursdayEvening, variants[1], atDays, "the day after tomorrow please",
			[]string{"There are no video calls on Saturday, 10 January"}, []string{"Free times on Friday"}},
		{"a holiday", thursdayEvening, variants[0], atDays, "tgl 13 bisa?",
			[]string{"Selasa, 13 Januari hari libur (Cuti bersama): tidak ada video call."}, nil},
		{"a day not bookable yet", thursdayEvening, variants[1], atDays, "28 january",
			[]string{"Wednesday, 28 January cannot be booked yet: video calls can be booked up to Thursday, 22 January"}, nil},
		{"another day named at the times", thursdayEvening, variants[0], atTimes, "kalau sabtu?",
			[]string{"Pada Sabtu, 10 Januari tidak ada video call"}, nil},
		{"lusa on a Monday is Wednesday", mondayMorning, variants[0], atDays, "lusa",
			[]string{"Jam yang masih kosong pada Rabu, 7 Januari"}, nil},
		{"lusa with a time on a Monday books Wednesday", mondayMorning, variants[0], atDays, "lusa jam 10",
			[]string{"Rabu, 7 Januari 2026 pukul 10.00 WIB"}, nil},
		{"not lusa", mondayMorning, variants[0], atDays, "jangan lusa ya",
			[]string{"selain Rabu"}, nil},
		{"ini is no day", thursdayEvening, variants[0], atDays, "maksudnya ini apa?",
			nil, []string{"tidak ada video call"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newDocRunner(t, f, c.v, c.now)
			r.play(steps(c.before...))
			r.last = nil
			checkReply(t, repliesText(r, say(c.text)), c.want, c.notWant)
		})
	}
}

// TestNoonIsTwelve: "wednesday at noon" listed Wednesday's times from
// 10.00; noon is 12.00.
func TestNoonIsTwelve(t *testing.T) {
	f := newFlows(t)
	en := []any{say("hi"), say("english"), choose(2), choose(1), say("CV Maju Jaya"), say("01.234.567.8-901.000"),
		say("info@majujaya.co.id"), say("Budi Santoso"), say("0812-3456-7890"), choose(1), setup(docsAccepted), say("schedule")}
	runReplyCases(t, f, []replyCase{
		{name: "at noon", v: variants[1], before: en, text: "wednesday at noon",
			want: []string{"is booked: Wednesday, 7 January 2026 at 12.00 WIB"}},
		{name: "noon at the times", v: variants[1], before: append(append([]any{}, en...), say("tuesday")), text: "noon",
			want: []string{"Tuesday, 6 January 2026 at 12.00 WIB"}},
	})
	if m, ok := ParseClock("noon"); !ok || m != 12*60 {
		t.Errorf("ParseClock(noon) = %d, %v", m, ok)
	}
}
