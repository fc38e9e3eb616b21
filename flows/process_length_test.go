package flows

import "testing"

// TestProcessLength: "berapa lama proses verifikasi?" got "no answer" at
// the menu and, on a ticket, went to the officers. It is answered from
// the calendar: what the verification is, the earliest free time, or the
// vendor's own call once booked.
func TestProcessLength(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[0], nil, "berapa lama proses verifikasi?")
	checkReply(t, got, []string{"video call sekitar 20 menit", "Jadwal paling awal yang masih kosong saat ini: Senin, 5 Januari 2026",
		"email konfirmasi"}, []string{"belum bisa saya jawab"})
	got = replyAfter(t, f, variants[0], []any{registerCompanyOnline()}, "berapa lama proses verifikasi?")
	checkReply(t, got, []string{"Lama keseluruhannya bergantung"}, []string{"Petugas sedang bertugas"})
	got = replyAfter(t, f, variants[1], []any{registerCompanyOnline(), fourPDFs(), choose(1)}, "how long does verification take?")
	checkReply(t, got, []string{"Your video call (ticket #1001): Monday, 5 January 2026 at 13.00 WIB"}, []string{"earliest free time"})
}

// TestWordsThatMisled: "do you speak english" opened the officers'
// request types; "mau perpanjang akun" got what an NPWP is ("perpanjang"
// spells like "kepanjangan", what NPWP stands for).
func TestWordsThatMisled(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[0], nil, "do you speak english")
	checkReply(t, got, []string{"we'll continue in English"}, []string{"Forgot password / account reset"})
	got = replyAfter(t, f, variants[0], nil, "mau perpanjang akun")
	checkReply(t, got, nil, []string{"NPWP (Nomor Pokok Wajib Pajak) adalah"})
}
