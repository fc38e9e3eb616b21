package flows

import "testing"

// TestOtherCitiesAndKSWP: a vendor naming their own city ("saya dari
// depok bisa daftar?", "kalau kantor saya di jakarta bisa?") got no
// answer, and "cek kswp itu apa" guide step 4, which names the check
// without saying what it is. The first get the answer about vendors of
// other regions, the second what the check does.
func TestOtherCitiesAndKSWP(t *testing.T) {
	wantUnderstood(t, newFlows(t), []understood{
		{"saya dari depok bisa daftar?", "other_lpse"},
		{"kalau kantor saya di jakarta bisa?", "other_lpse"},
		{"kantor kami di bandung, boleh verifikasi di sini?", "other_lpse"},
		{"our office is in Bandung, can we register here?", "other_lpse"},
		{"we are from surabaya", "other_lpse"},
		{"saya sudah terverifikasi di lpse depok", "other_lpse"},
		{"cek kswp itu apa", "npwp_registered"},
		{"apa itu kswp?", "npwp_registered"},
		{"kantor lpse di mana", "location"},
	})
}

// TestPlainQuestionsMatched: "my boss is too busy, can I do the call?"
// and "bos saya sibuk, boleh saya yang vc?" got no answer, "my KTP is
// expired" the business licence's validity, "are you open during
// Ramadan?" what happens in the video call (its "during"), "this bot is
// useless" "Yes — I am Loket". Each gets the answer it asks for; a call
// not connecting keeps the missed call's.
func TestPlainQuestionsMatched(t *testing.T) {
	wantUnderstood(t, newFlows(t), []understood{
		{"my boss is too busy, can I do the call?", "who_attends"},
		{"bos saya sibuk, boleh saya yang vc?", "who_attends"},
		{"my KTP is expired", "id_card"},
		{"ktp saya sudah kadaluarsa", "id_card"},
		{"are you open during Ramadan?", "hours"},
		{"selama bulan puasa buka jam berapa?", "hours"},
		{"this bot is useless", "intent.officer"},
		{"botnya ga nyambung", "intent.officer"},
		{"is this a bot?", "bot"},
		{"vc nya ga nyambung", "call_missed"},
		// a button that does not work is the application's problem, not
		// what the check it names does
		{"tombol cek kswp nya ga bisa diklik", "app_problem"},
		{"the check kswp button does not work", "app_problem"},
		{"cek kswp itu apa", "npwp_registered"},
		// "status" is also the NPWP's and the head office's: the request's
		// status asked plainly is the vendor's own
		{"what is the status of my request?", "intent.status"},
		{"bagaimana status permohonan saya?", "intent.status"},
		{"status npwp tidak valid", "npwp_registered"},
	})
}

// understood is a question and the answer it must get at the menu.
type understood struct{ q, want string }

// wantUnderstood checks each question gets its answer at the menu.
func wantUnderstood(t *testing.T, f *Flows, cases []understood) {
	t.Helper()
	for _, c := range cases {
		if got := understandAtMenu(f, c.q); got != c.want {
			t.Errorf("%q → %q, want %q (ranking %v)", c.q, got, c.want, top3(f.latest().match.Rank(c.q)))
		}
	}
}
