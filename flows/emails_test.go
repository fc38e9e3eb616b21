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
