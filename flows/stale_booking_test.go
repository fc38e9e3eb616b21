package flows

import "testing"

// With the call booked, an old "Another day" or time button got "that
// button no longer works" and the menu, and "batalkan" got "nothing is
// going on" at the menu: both now name the call booked, with its change and cancel
// buttons (the vendor most likely wants another time, or the call gone).
func TestBookedCallOldButtonsAndCancel(t *testing.T) {
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{name: "batalkan", v: variants[0], before: []any{bookedCall(), say("menu")}, text: "batalkan",
			want:    []string{"Tidak ada isian yang sedang berjalan. Video call tiket #1001 terjadwal Senin, 5 Januari 2026 pukul 13.00 WIB", "[Ubah jadwal]", "[Batalkan jadwal]"},
			notWant: []string{"Tidak ada yang sedang berjalan."}},
		{name: "cancel, english", v: variants[1], before: []any{bookedCall(), say("menu")}, text: "cancel",
			want: []string{"The video call of ticket #1001 is booked for Monday, 5 January 2026 at 13.00 WIB", "[Change schedule]"}},
		{name: "batalkan without a call", v: variants[0], before: []any{say("halo")}, text: "batalkan",
			want: []string{"Tidak ada yang sedang berjalan."}},
	})
	for _, c := range []struct {
		name, data    string
		want, notWant []string
	}{
		{"old another day", "1|bk.days",
			[]string{"Tombol itu dari pesan sebelumnya. Video call tiket #1001 sudah terjadwal Senin, 5 Januari 2026 pukul 13.00 WIB", "[Ubah jadwal]", "[Batalkan jadwal]"},
			[]string{"Menu utama — silakan pilih"}},
		{"old time", "1|bk.t.1767592800", []string{"sudah terjadwal Senin, 5 Januari 2026 pukul 13.00 WIB", "[Ubah jadwal]"}, nil},
		{"old confirmation stays plain", "1|rq.cancel.yes", []string{"Tombol itu dari pesan sebelumnya dan sudah tidak berlaku"}, []string{"sudah terjadwal"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			checkReply(t, replyToLast(t, f, variants[0], []any{bookedCall(), press(c.data)}), c.want, c.notWant)
		})
	}
}
