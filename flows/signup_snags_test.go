package flows

import "testing"

// The snags of the portal's first steps get their own answers: an expired
// confirmation link is not an e-mail that never came, and a security code
// refused again and again is something the vendor can fix before asking an
// officer.
func TestSignupSnags(t *testing.T) {
	wantUnderstood(t, newFlows(t), []understood{
		{"link konfirmasinya expired", "link_expired"},
		{"link di email sudah kadaluarsa", "link_expired"},
		{"pas klik konfirmasi katanya link tidak berlaku", "link_expired"},
		{"the confirmation link has expired", "link_expired"},
		{"the link in the email says it is invalid", "link_expired"},
		{"captcha salah terus", "security_code"},
		{"kode keamanan selalu salah", "security_code"},
		{"security code is always wrong", "security_code"},
		{"the captcha keeps saying incorrect", "security_code"},
		// what was understood before stays so
		{"email aktivasi tidak masuk", "confirm_email"},
		{"captcha tidak muncul", "app_problem"},
		{"have not received the confirmation e-mail", "confirm_email"},
	})
}

// A PDF refused for its password left the vendor asking how to take it
// off: "how do I remove the password on my phone?" got no answer (sent
// to the officers on a ticket), "cara hapus password pdf gimana" the
// file rules, which only say it must go. They get how to make a copy
// without it, and what to do when the password is not known.
func TestPasswordLockedPDF(t *testing.T) {
	wantUnderstood(t, newFlows(t), []understood{
		{"how do I remove the password on my phone?", "pdf_password"},
		{"how to unlock a pdf", "pdf_password"},
		{"my pdf has a password, I don't know it", "pdf_password"},
		{"cara hapus password pdf gimana", "pdf_password"},
		{"pdf saya kok ada passwordnya", "pdf_password"},
		{"cara buka kunci pdf di hp", "pdf_password"},
		// the portal's password stays the portal's
		{"lupa password spse", "forgot_password"},
		{"syarat password apa saja", "password_rules"},
		{"pdf nya di password boleh?", "file_format"},
	})
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{name: "on the ticket", v: variants[1], before: []any{registerCompanyOnline()}, text: "how do I remove the password on my phone?",
			want: []string{"Print", "Scan the paper original again"}},
	})
}

// "my file was fine on my computer, why is it damaged?" after a PDF
// refused as damaged went to the officers unanswered, "pdf saya rusak
// katanya" got the file rules: they get why that happens and how to send
// a good copy.
func TestDamagedPDFAsked(t *testing.T) {
	wantUnderstood(t, newFlows(t), []understood{
		{"my file was fine on my computer, why is it damaged?", "pdf_damaged"},
		{"why is my pdf corrupted", "pdf_damaged"},
		{"pdf saya rusak katanya", "pdf_damaged"},
		{"kok file nya dibilang rusak, di hp saya bisa dibuka", "pdf_damaged"},
		{"berkas rusak atau terpotong maksudnya apa", "pdf_damaged"},
	})
	runReplyCases(t, newFlows(t), []replyCase{
		{name: "on the ticket", v: variants[0], before: []any{registerCompanyOnline()}, text: "kenapa pdf saya dibilang rusak?",
			want: []string{"Simpan sebagai PDF"}},
	})
}
