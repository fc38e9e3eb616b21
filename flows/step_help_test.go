package flows

import "testing"

// TestEitherOrAtAStep: "do you need the user id or the email?" at the
// User ID question got what a User ID is, not that either will do; the
// question's own alternatives asked between are answered with what the
// question takes, and it is asked again.
func TestEitherOrAtAStep(t *testing.T) {
	f := newFlows(t)
	en := []any{say("hello"), say("english"), choose(2), choose(1), say("CV Maju Jaya"), say("01.234.567.8-901.000")}
	runReplyCases(t, f, []replyCase{
		{name: "english", v: variants[1], before: en, text: "do you need the user id or the email?",
			want:    []string{"or the e-mail you registered with on the portal", "Let's continue: What is your SPSE User ID"},
			notWant: []string{"You choose your User ID when filling"}},
		{name: "indonesian", v: variants[0], before: []any{intakeTo(2)}, text: "pakai email atau user id?",
			want:    []string{"atau email yang Anda pakai saat mendaftar di portal", "Kita lanjutkan: Apa User ID SPSE Anda"},
			notWant: []string{"User ID dibuat sendiri"}},
		{name: "a value is an answer", v: variants[0], before: []any{intakeTo(2)}, text: "majujaya01",
			want: []string{"Siapa nama Direksi"}},
	})
	for _, c := range []struct {
		step, text string
		want       bool
	}{
		{stepUser, "user id atau email?", true},
		{stepUser, "do you need the user id or the email?", true},
		{stepUser, "user id saya majujaya01 atau majujaya02?", false},
		{stepUser, "user id?", false},
		{stepPhone, "nomor wa atau nomor hp?", true},
		{stepName, "user id atau email?", false},
	} {
		if got := asksEitherOr(c.step, c.text); got != c.want {
			t.Errorf("asksEitherOr(%s, %q) = %v, want %v", c.step, c.text, got, c.want)
		}
	}
}
