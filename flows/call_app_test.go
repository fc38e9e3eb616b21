package flows

import "testing"

// TestCallOnAnotherApp: "apakah video call bisa pakai zoom?" is told the
// call is on WhatsApp only, with the number the officer calls from and,
// when booked, the vendor's call (it got the call's details, WhatsApp
// named in passing, no "no"); "meet in person" names no app.
func TestCallOnAnotherApp(t *testing.T) {
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{name: "booked", v: variants[0], before: []any{bookedCall()}, text: "apakah video call bisa pakai zoom?",
			want: []string{"hanya lewat WhatsApp, tidak lewat Zoom", "dari nomor 08151667956", "Video call Anda (tiket #1001): Senin, 5 Januari 2026", "[Ubah jadwal]"}},
		{name: "not booked", v: variants[1], before: []any{say("hi")}, text: "can the verification be done over zoom?",
			want: []string{"on WhatsApp only, not on Zoom", "[Registration & document verification]"}, notWant: []string{"Your video call"}},
		{name: "google meet", v: variants[1], before: []any{bookedCall()}, text: "can we use google meet instead?",
			want: []string{"on WhatsApp only", "Your video call (ticket #1001)"}},
		{name: "inside the form", v: variants[0], before: []any{intakeTo(2)}, text: "vc nya bisa lewat zoom?",
			want: []string{"hanya lewat WhatsApp", "Kita lanjutkan"}, notWant: []string{"[Ubah jadwal]"}},
	})
	for text, want := range map[string]bool{"bisa pakai zoom?": true, "google meet boleh?": true, "can we meet in person?": false, "ms teams ok?": true} {
		if got := asksOtherCallApp(text); got != want {
			t.Errorf("asksOtherCallApp(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestCallFromAway: "direkturnya lagi di luar kota, bisa vc dari sana?"
// is told yes, the WhatsApp call reaches the director anywhere, with the
// vendor's call when booked (it got "cannot be delegated", or the call's
// details); asking for someone else instead is still a no, which now
// says the call can be taken from afar.
func TestCallFromAway(t *testing.T) {
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{name: "booked", v: variants[0], before: []any{bookedCall()}, text: "direkturnya lagi di luar kota, bisa vc dari sana?",
			want:    []string{"Bisa. Video call verifikasi lewat WhatsApp", "ketik \"ganti nomor WA\"", "Video call Anda (tiket #1001): Senin, 5 Januari 2026", "[Ubah jadwal]"},
			notWant: []string{"Tidak bisa diwakilkan"}},
		{name: "not booked", v: variants[1], before: []any{say("hi")}, text: "the director is overseas, can we still verify?",
			want: []string{"Yes. The verification video call is on WhatsApp", "[Registration & document verification]"}, notWant: []string{"Your video call"}},
		{name: "someone else", v: variants[0], before: []any{bookedCall()}, text: "direkturnya di luar negeri, bisa diwakilkan?",
			want: []string{"Tidak bisa diwakilkan", "video call WhatsApp bisa diterima dari sana"}},
		{name: "inside the form", v: variants[0], before: []any{intakeTo(3)}, text: "direktur lagi di luar kota, bisa vc dari sana?",
			want: []string{"Bisa. Video call verifikasi lewat WhatsApp", "Kita lanjutkan"}, notWant: []string{"[Ubah jadwal]"}},
	})
}
