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
