package flows

import "testing"

// TestBusyDayAndTheDayToMoveTo: with a call booked, a vendor who names
// the day they cannot make beside the day and time to move to ("jumat
// saya ada acara, bisa diganti senin jam 10?") was offered the busy day
// at that time, and "I'm busy on monday, can we do wednesday at 10?" got
// no answer. The day to move to is the other one; a busy day alone, not
// the call's, moves nothing.
func TestBusyDayAndTheDayToMoveTo(t *testing.T) {
	f := newFlows(t)
	booked := []any{bookedCall()} // Monday 5 January 2026 13.00; now Monday 10.30
	runReplyCases(t, f, []replyCase{
		{name: "acara, question", v: variants[0], before: booked, text: "eh ternyata senin saya ada acara, bisa diganti rabu jam 10?",
			want: []string{"Rabu, 7 Januari 2026 pukul 10.00 WIB masih kosong", "Pindahkan ke Rabu, 7 Januari 10.00"}, notWant: []string{"sudah lewat"}},
		{name: "ga bisa hari ini, moved", v: variants[0], before: booked, text: "hari ini saya ga bisa, ganti kamis jam 11 ya",
			want: []string{"dipindah ke Kamis, 8 Januari 2026 pukul 11.00 WIB"}},
		{name: "english", v: variants[1], before: booked, text: "I'm busy on monday, can we do wednesday at 10?",
			want: []string{"Wednesday, 7 January 2026 at 10.00 WIB is free"}, notWant: []string{"don't have an answer"}},
		{name: "busy on the call's day alone", v: variants[0], before: booked, text: "senin saya ada acara",
			want: []string{"Pilih hari untuk video call", "[Selasa, 6 Januari (12 slot)]"}, notWant: []string{"belum punya jawaban"}},
		{name: "while moving", v: variants[0], before: []any{bookedCall(), say("ubah jadwal")}, text: "senin saya sibuk, rabu jam 10 aja",
			want: []string{"dipindah ke Rabu, 7 Januari 2026 pukul 10.00 WIB"}},
		{name: "another day busy, call kept", v: variants[0], before: booked, text: "besok saya sibuk",
			notWant: []string{"dipindah", "masih kosong", "Jam yang masih kosong"}},
	})
}

// TestBareTimeWithACallBooked: "jam 13.40 aja" typed at the menu with a
// call booked got "no answer" and the menu. A time said alone is a wish
// to move the call to that time on its day, offered with one tap (not
// moved at once); "ya" then moves it. Without a call it stays unanswered.
func TestBareTimeWithACallBooked(t *testing.T) {
	f := newFlows(t)
	offer := "Senin, 5 Januari 2026 pukul 13.40 WIB masih kosong"
	runReplyCases(t, f, []replyCase{
		{name: "at the menu", v: variants[0], before: []any{bookedCall(), say("menu")}, text: "jam 13.40 aja",
			want: []string{offer, "[Pindahkan ke Senin, 5 Januari 13.40]"}, notWant: []string{"belum menemukan jawaban", "dipindah ke"}},
		{name: "english", v: variants[1], before: []any{bookedCall()}, text: "at 1.40pm please",
			want: []string{"Monday, 5 January 2026 at 13.40 WIB is free"}},
		{name: "confirmed", v: variants[0], before: []any{bookedCall(), say("13.40")}, text: "ya",
			want: []string{"dipindah ke Senin, 5 Januari 2026 pukul 13.40 WIB"}},
		{name: "no call", v: variants[0], before: []any{say("halo")}, text: "jam 13.40 aja",
			notWant: []string{"masih kosong", "Pindahkan"}},
	})
}

// TestNextWeekDayAndOrdinals: at the days, "minggu depan hari kamis" got
// this week's Thursday (the "hari" between) and "the 8th please" "which
// day?". They are next week's Thursday and the 8th.
func TestNextWeekDayAndOrdinals(t *testing.T) {
	f := newFlows(t)
	days := []any{registerCompanyOnline(), fourPDFs(), choose(2)} // Monday 5 January
	runReplyCases(t, f, []replyCase{
		{name: "next week's thursday", v: variants[0], before: days, text: "minggu depan hari kamis",
			want: []string{"Jam yang masih kosong pada Kamis, 15 Januari"}},
		{name: "ordinal", v: variants[1], before: days, text: "the 8th please",
			want: []string{"Free times on Thursday, 8 January"}, notWant: []string{"could not tell which day"}},
	})
}

// TestAfterFridayPrayer: "habis jumatan" at the days got the missed
// call's answer (its "habis" met "baterai hp habis"). It is Friday, from
// the afternoon; "sebelum jumatan" Friday's morning.
func TestAfterFridayPrayer(t *testing.T) {
	f := newFlows(t)
	days := []any{registerCompanyOnline(), fourPDFs(), choose(2)} // Monday 5 January
	runReplyCases(t, f, []replyCase{
		{name: "after", v: variants[0], before: days, text: "habis jumatan",
			want: []string{"Jam yang masih kosong pada Jumat, 9 Januari", "[13.00]"}, notWant: []string{"[10.00]", "tidak tersambung"}},
		{name: "before", v: variants[0], before: days, text: "sebelum jumatan",
			want: []string{"Jam yang masih kosong pada Jumat, 9 Januari", "[10.00]"}},
	})
}
