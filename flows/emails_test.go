package flows

import (
	"testing"

	"loket"
)

// TestEmailsAnswer: "when do I get the confirmation e-mail?" lists the
// portal's three e-mails and says which one the vendor's own request
// waits for: none without a request, the call's date once booked, that it
// went out once verified (also after the ticket closed). "The e-mail did
// not come" once verified is about that last e-mail, not the sign-up
// link; before, it keeps the sign-up link's checklist.
func TestEmailsAnswer(t *testing.T) {
	f := newFlows(t)
	status := func(s ...loket.TicketStatus) act {
		return setup(func(tx testTx, ct *loket.Contact) error {
			tk, err := firstTicket(tx, ct)
			for _, st := range s {
				if err == nil {
					err = loket.SetStatus(bg, tx, tk, st, loket.ActorAgent, 0, "", tk.CreatedAt)
				}
			}
			return err
		})
	}
	list := []string{"Selesaikan Pendaftaran Akun SPSE Anda", "Pendaftaran Tahap 2 SIKAP - Data Terkirim", "Email konfirmasi hasil verifikasi"}
	runReplyCases(t, f, []replyCase{
		{name: "no request", v: variants[0], before: []any{say("halo")}, text: "kapan saya dapat email konfirmasi?",
			want: list, notWant: []string{"#1001", "email ketiga"}},
		{name: "call booked", v: variants[0], before: []any{bookedCall()}, text: "kapan saya dapat email konfirmasi?",
			want: append(list, "permohonan #1001 Anda, email ketiga datang setelah video call Senin, 5 Januari 2026 pukul 13.00")},
		{name: "documents still to come", v: variants[0], before: []any{registerCompanyOnline()}, text: "email konfirmasinya kapan dikirim ya",
			want: append(list, "#1001 Anda belum sampai verifikasi")},
		{name: "verified", v: variants[1], before: []any{bookedCall(), status(loket.StatusVerified)}, text: "when do I get the confirmation email?",
			want: []string{"Pendaftaran Tahap 2 SIKAP - Data Terkirim", "request #1001 was found in order, so the third e-mail has gone", "[Talk to an officer]"}},
		{name: "not arrived, verified and closed", v: variants[0], before: []any{bookedCall(), status(loket.StatusVerified, loket.StatusClosed)},
			text: "email konfirmasi tidak masuk", want: []string{"permohonan #1001 Anda sudah dinyatakan sesuai", "[Bicara dengan petugas]"}},
		{name: "not arrived, not verified", v: variants[0], before: []any{bookedCall()}, text: "email konfirmasi tidak masuk",
			want: []string{"Email konfirmasi belum masuk?", "Selesaikan Pendaftaran Akun SPSE Anda"}, notWant: []string{"email ketiga"}},
		{name: "closed unverified", v: variants[0], before: []any{bookedCall(), status(loket.StatusClosed)}, text: "kapan saya dapat email konfirmasi?",
			want: list, notWant: []string{"#1001", "email ketiga"}},
		{name: "inside the form", v: variants[0], before: []any{intakeTo(2)}, text: "kapan saya dapat email konfirmasi?",
			want: []string{"Email konfirmasi hasil verifikasi", "Kita lanjutkan"}, notWant: []string{"[Bicara dengan petugas]"}},
	})
}

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
