package flows

import "testing"

// "jawabannya tidak nyambung" got the missed-call answer (its "nyambung"),
// "bukan itu yang saya tanya" the individual business's documents, "that's
// not what I asked" the business licence's kind: a vendor saying the bot
// answered something else is told so and offered to ask again in other
// words or an officer; on a pending step that step follows.
func TestAnswerSaidToMiss(t *testing.T) {
	f := newFlows(t)
	afterAnswer := []any{say("halo"), say("jam buka kapan?")}
	runReplyCases(t, f, []replyCase{
		{name: "after an answer", v: variants[0], before: afterAnswer, text: "jawabannya tidak nyambung",
			want:    []string{"Maaf, sepertinya saya salah menangkap pertanyaan Anda", "Bicara dengan petugas"},
			notWant: []string{"video call", "Jam layanan"}},
		{name: "not what I asked", v: variants[1], before: []any{say("hi"), say("office hours?")}, text: "that's not what I asked",
			want: []string{"Sorry, I seem to have misunderstood your question", "Talk to an officer"}},
		{name: "bukan itu", v: variants[0], before: afterAnswer, text: "bukan itu yang saya tanya",
			want: []string{"salah menangkap pertanyaan"}, notWant: []string{"perorangan"}},
		{name: "at the menu", v: variants[0], before: []any{say("halo")}, text: "kok jawabannya ngaco",
			want: []string{"salah menangkap pertanyaan"}},
		{name: "in the form", v: variants[0], before: []any{intakeTo(2), say("user id itu apa?")}, text: "bukan itu maksud saya",
			want: []string{"salah menangkap pertanyaan", "User ID"}},
		{name: "a call that did not connect stays so", v: variants[0], before: []any{say("halo")}, text: "vc nya ga nyambung",
			notWant: []string{"salah menangkap"}},
	})
	for text, want := range map[string]bool{
		"jawabannya tidak nyambung": true, "jawabanmu ga nyambung": true, "kok jawabannya ngaco": true,
		"bukan itu yang saya tanya": true, "salah paham": true, "you misunderstood": true, "that's not what I asked": true,
		"wrong answer": true, "your answer doesn't help": true, "bukan itu maksud saya": true,
		"vc nya ga nyambung": false, "wa tidak nyambung": false, "itu bukan ktp": false, "bukan itu file nya": false,
		"jawaban saya sudah benar": false, "what is the answer": false, "salah ketik": false, "": false,
	} {
		if got := saysMisread(text); got != want {
			t.Errorf("saysMisread(%q) = %v, want %v", text, got, want)
		}
	}
}

func FuzzSaysMisread(f *testing.F) {
	for _, s := range []string{"jawabannya tidak nyambung", "bukan itu", "not what i asked", "salah paham"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_ = saysMisread(s)
	})
}
