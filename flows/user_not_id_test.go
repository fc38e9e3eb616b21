package flows

import "testing"

// TestUserIDNotAnID: "lupa" at the User ID question was stored as the
// User ID (it has the form of one) and the director's question followed.
// One-word answers of not knowing or not having one are answered as the
// sentences are: where the User ID is written, or how to register; the
// question stays.
func TestUserIDNotAnID(t *testing.T) {
	f := newFlows(t)
	at := []any{intakeTo(2)}
	runReplyCases(t, f, []replyCase{
		{name: "lupa", v: variants[0], before: at, text: "lupa",
			want:    []string{"Pendaftaran Tahap 2 SIKAP", "Kita lanjutkan: Apa User ID SPSE Anda"},
			notWant: []string{"Siapa nama Direksi"}},
		{name: "gatau", v: variants[0], before: at, text: "Gatau.", want: []string{"Kita lanjutkan: Apa User ID SPSE Anda"},
			notWant: []string{"Siapa nama Direksi"}},
		{name: "belum", v: variants[0], before: at, text: "belum",
			want: []string{"Pendaftaran dimulai di portal SPSE", "Kita lanjutkan: Apa User ID SPSE Anda"}},
		{name: "no", v: variants[1], before: at, text: "no", want: []string{"SPSE"},
			notWant: []string{"What is the name of the director"}},
		{name: "a User ID", v: variants[0], before: at, text: "budi01", want: []string{"Siapa nama Direksi"}},
	})
}
