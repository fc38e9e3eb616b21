package flows

import "testing"

// TestMoveToATimeOfTheSameDay: with a call booked for Wednesday 10.00,
// "bisa diganti jam 11?" got who must attend ("diganti": replaced by
// someone) and "bisa pindah ke jam 11?" the list of days; both ask about
// 11.00 of the call's own day. A time of the day's grid that is too
// soon is said to be so, not "not on that day's schedule".
func TestMoveToATimeOfTheSameDay(t *testing.T) {
	f := newFlows(t)
	booked := []any{registerCompanyOnline(), fourPDFs(), choose(2), say("rabu jam 10")}
	for _, text := range []string{"bisa diganti jam 11?", "bisa pindah ke jam 11?"} {
		got := replyAfter(t, f, variants[0], booked, text)
		checkReply(t, got, []string{"Rabu, 7 Januari 2026 pukul 11.00 WIB masih kosong", "[Pindahkan ke Rabu, 7 Januari 11.00]"},
			[]string{"Tidak bisa diwakilkan", "Pilih hari untuk video call"})
	}
	got := replyAfter(t, f, variants[1], booked, "can we move it to 11am?")
	checkReply(t, got, []string{"Wednesday, 7 January 2026 at 11.00 WIB is free"}, nil)
	// Monday morning, the earliest time offered is 13.00: 11.00 is on the
	// day's grid but too soon
	got = replyAfter(t, f, variants[0], []any{registerCompanyOnline(), fourPDFs()}, "jam 11 bisa?")
	checkReply(t, got, []string{"Jam 11.00 hari itu sudah lewat atau terlalu dekat untuk dipesan"}, []string{"tidak ada di jadwal"})
}

// TestDirectorCannotAttend: "kalau direktur berhalangan gimana?" had no
// answer; it is who must attend (nobody else), and with a call ahead,
// that call and its change buttons (it offered Registration).
func TestDirectorCannotAttend(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[0], nil, "kalau direktur berhalangan gimana?")
	checkReply(t, got, []string{"Tidak bisa diwakilkan"}, []string{"belum bisa saya jawab"})
	booked := []any{registerCompanyOnline(), fourPDFs(), choose(1)}
	got = replyAfter(t, f, variants[0], booked, "kalau direktur berhalangan gimana?")
	checkReply(t, got, []string{"Tidak bisa diwakilkan", "Video call Anda (tiket #1001) pada Senin, 5 Januari 2026 pukul 13.00 WIB",
		"[Ubah jadwal]"}, []string{"[Registrasi & verifikasi berkas]"})
}
