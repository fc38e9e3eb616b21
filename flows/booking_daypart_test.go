package flows

import "testing"

// TestDayPartAndDateAsked: at the earliest time offered (Monday 13.00),
// "pagi aja" got the office hours and "tanggal 7" was read as 07.00;
// now the morning lists the first day with a morning time, the afternoon
// the afternoon's times, "after lunch" / "sebelum makan siang" the part of
// the day they name, and "tanggal 7" the 7th's times.
func TestDayPartAndDateAsked(t *testing.T) {
	f := newFlows(t)
	offered := []any{registerCompanyOnline(), fourPDFs()}
	for _, c := range []struct {
		v        variant
		before   []any
		text     string
		want     []string
		notWants []string
	}{
		{variants[0], offered, "pagi aja", []string{"Jam yang masih kosong pada Selasa, 6 Januari", "[10.00]"}, []string{"dilayani Senin–Jumat"}},
		{variants[0], offered, "yang siang bisa?", []string{"Jam yang masih kosong pada Senin, 5 Januari", "[13.00]"}, nil},
		{variants[1], append(offered, choose(2)), "morning please", []string{"Free times on Tuesday, 6 January", "[10.00]"}, nil},
		{variants[0], offered, "tanggal 7", []string{"Jam yang masih kosong pada Rabu, 7 Januari"}, []string{"Jam 07.00"}},
		{variants[0], offered, "tgl 7 jam 10", []string{"terjadwal: Rabu, 7 Januari 2026 pukul 10.00 WIB"}, nil},
		// lunch names a part of the day (they got "no answer")
		{variants[1], offered, "can we do it after lunch?", []string{"Free times on Monday, 5 January", "[13.00]"}, []string{"don't have an answer"}},
		{variants[1], offered, "before lunch is better", []string{"Free times on Tuesday, 6 January", "[10.00]"}, nil},
		{variants[0], offered, "habis makan siang bisa?", []string{"Jam yang masih kosong pada Senin, 5 Januari", "[13.00]"}, nil},
		{variants[0], offered, "sebelum makan siang aja", []string{"Jam yang masih kosong pada Selasa, 6 Januari", "[10.00]"}, nil},
		// the latest part of the day (they got the office hours); "later" alone is a moment asked for
		{variants[0], offered, "yang paling sore", []string{"Jam yang masih kosong pada Senin, 5 Januari", "[13.00]"}, []string{"dilayani Senin–Jumat"}},
		{variants[1], offered, "as late as possible", []string{"Free times on Monday, 5 January", "[13.00]"}, nil},
		{variants[1], offered, "later please", []string{"take your time"}, []string{"[13.00]"}},
	} {
		got := replyAfter(t, f, c.v, c.before, c.text)
		checkReply(t, got, c.want, c.notWants)
	}
}

// TestDayListAnsweredLoosely: at the list of days "yang paling awal",
// "terserah kakak" and "kapan saja boleh" offer the earliest time in one
// tap, and "rabu atau kamis" lists Wednesday's times; all got "which day
// did you mean?".
func TestDayListAnsweredLoosely(t *testing.T) {
	f := newFlows(t)
	days := []any{registerCompanyOnline(), fourPDFs(), choose(2)}
	for text, want := range map[string]string{
		"yang paling awal": "[Pesan Senin, 5 Januari 13.00]",
		"terserah kakak":   "[Pesan Senin, 5 Januari 13.00]",
		"kapan saja boleh": "[Pesan Senin, 5 Januari 13.00]",
		"rabu atau kamis":  "Jam yang masih kosong pada Rabu, 7 Januari",
	} {
		got := replyAfter(t, f, variants[0], days, text)
		checkReply(t, got, []string{want}, []string{"belum menangkap hari"})
	}
	got := replyAfter(t, f, variants[1], days, "wednesday or thursday")
	checkReply(t, got, []string{"Free times on Wednesday, 7 January"}, nil)
}
