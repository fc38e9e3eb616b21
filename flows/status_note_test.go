package flows

import (
	"testing"

	"loket"
)

// TestStatusRepeatsTheFixNote: a ticket set to needs fixing with the
// officer's note showed "fix the documents as the officer's note says"
// in the vendor's status view without the note, which had gone up the
// chat. The view now repeats it; a later needs-fix without a note (a
// document rejected instead) shows none.
func TestStatusRepeatsTheFixNote(t *testing.T) {
	f := newFlows(t)
	fix := func(note string) act {
		return setup(func(tx testTx, ct *loket.Contact) error {
			tk, err := firstTicket(tx, ct)
			if err != nil {
				return err
			}
			return loket.SetStatusNote(bg, tx, tk, loket.StatusNeedsFix, loket.ActorAgent, 0, "", note, tk.CreatedAt)
		})
	}
	note := "NPWP tidak terbaca, mohon kirim ulang yang lebih jelas."
	runReplyCases(t, f, []replyCase{
		{name: "indonesian", v: variants[0], before: []any{registerCompanyOnline(), fix(note)}, text: "status",
			want: []string{"Catatan petugas: " + note, "Langkah berikutnya: Perbaiki berkas sesuai catatan petugas"}},
		{name: "english", v: variants[1], before: []any{registerCompanyOnline(), fix("The NPWP is unreadable.")}, text: "status",
			want: []string{"The officer's note: The NPWP is unreadable."}},
		{name: "no note", v: variants[0], before: []any{registerCompanyOnline(), fix(note), officerSets(loket.StatusInReview), fix("")},
			text: "status", notWant: []string{"Catatan petugas"}},
	})
}
