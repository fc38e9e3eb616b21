package flows

import (
	"strings"
	"testing"
)

// TestGreetingInKind: "assalamualaikum" got "Halo"; a helpdesk officer
// answers "Waalaikumsalam", and so does the bot, in either language and
// whatever the conversation is doing.
func TestGreetingInKind(t *testing.T) {
	for text, want := range map[string]string{
		"assalamualaikum":                    "Waalaikumsalam",
		"Assalamu'alaikum wr wb, mau tanya":  "Waalaikumsalam",
		"asalamualaikum pak":                 "Waalaikumsalam",
		"om swastiastu":                      "Om Swastiastu",
		"shalom":                             "Shalom",
		"salam kenal":                        "",
		"halo":                               "",
		"swastiastu":                         "",
		"saya tinggal di jalan assalam raya": "Waalaikumsalam", // a street named so: rare, and the reply stays polite
	} {
		if got := salamReply(text); got != want {
			t.Errorf("salamReply(%q) = %q, want %q", text, got, want)
		}
	}
	f := newFlows(t)
	got := replyAfter(t, f, variants[0], nil, "assalamualaikum")
	checkReply(t, got, []string{"Waalaikumsalam, Budi! Saya Loket"}, []string{"Halo"})
	got = replyAfter(t, f, variants[0], []any{bookedCall()}, "Assalamu'alaikum")
	checkReply(t, got, []string{"Waalaikumsalam, Budi!"}, []string{"Halo"})
	got = replyAfter(t, f, variants[0], nil, "salam kenal")
	checkReply(t, got, []string{"Halo Budi! Saya Loket"}, []string{"Ada masalah di aplikasi"})
	// a first message with a salam and a question: the salam first, as an
	// officer answers (it came after the answer, with the menu)
	got = replyAfter(t, f, variants[0], nil, "Assalamualaikum pak, saya mau daftar jadi penyedia, caranya bagaimana ya?")
	if i, j := strings.Index(got, "Waalaikumsalam, Budi!"), strings.Index(got, "Pendaftaran dimulai di portal SPSE"); i < 0 || j < 0 || i > j {
		t.Errorf("salam and question: want the salam, then the answer; got:\n%s", got)
	}
	checkReply(t, got, []string{"Saya Loket, asisten helpdesk"}, []string{"Halo"})
	if strings.Count(got, "Waalaikumsalam") != 1 {
		t.Errorf("salam and question: want one Waalaikumsalam; got:\n%s", got)
	}
}
