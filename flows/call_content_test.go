package flows

import (
	"strings"
	"testing"
)

// TestCallContentNamesOwnOriginals: "what should the director prepare?"
// after booking told the vendor to type "which originals?" for the list;
// a vendor with an online registration gets their own originals in the
// answer, with their call's time when booked. Without one, the general
// answer.
func TestCallContentNamesOwnOriginals(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[1], []any{bookedCall()}, "thanks! what should the director prepare?")
	checkReply(t, got, []string{"In the video call on Monday, 5 January 2026 at 13.00 WIB", "Company deed", "[Change schedule]"},
		[]string{"which originals?"})
	got = replyAfter(t, f, variants[0], []any{registerCompanyOnline()}, "apa yang ditanyakan saat video call?")
	checkReply(t, got, []string{"Dalam video call tiket #1001", "NPWP Perusahaan"}, []string{"dokumen asli apa saja?"})
	got = replyAfter(t, f, variants[1], []any{say("hi")}, "what happens in the call?")
	checkReply(t, got, []string{"which originals?"}, []string{"Company deed"})
}

// TestPreparingForTheCall: "perlu siapin apa?" got no answer and "apa
// yang perlu disiapkan?" with a call booked the ticket's status ("have
// the originals ready", none named); "nanti bawa apa aja?" got the video
// call's answer, then the counter's list with photocopies. With a call
// booked, what to prepare or bring is that call's originals; before,
// what is still missing; coming in person named, the counter's list.
func TestPreparingForTheCall(t *testing.T) {
	f := newFlows(t)
	call := []string{"Dalam video call Senin, 5 Januari 2026 pukul 13.00 WIB", "Akta Perusahaan", "[Ubah jadwal]"}
	noAnswer := []string{"belum punya jawaban", "belum menemukan jawaban", "Pesan Anda masuk ke tiket", "Tiket Anda:"}
	for _, q := range []string{"perlu siapin apa?", "apa yang perlu disiapkan?", "saya harus siapkan apa?", "harus nyiapin apa"} {
		checkReply(t, replyAfter(t, f, variants[0], []any{bookedCall()}, q), call, noAnswer)
	}
	checkReply(t, replyAfter(t, f, variants[1], []any{bookedCall()}, "what do I need to prepare?"),
		[]string{"In the video call on Monday, 5 January 2026 at 13.00 WIB", "Company deed"}, []string{"Your ticket:"})
	for _, q := range []string{"perlu siapin apa?", "siapin apa aja min"} {
		checkReply(t, replyAfter(t, f, variants[0], []any{registerCompanyOnline()}, q),
			[]string{"Berkas yang belum ada: KTP/KITAS/KITAP"}, []string{"Pesan Anda masuk ke tiket"})
		// what is needed, not "no ticket, so nothing is missing" first
		checkReply(t, replyAfter(t, f, variants[0], []any{say("halo")}, q), []string{"Berkas yang diperlukan untuk verifikasi", "KTP"},
			append(noAnswer, "belum ada berkas yang kurang"))
	}
	checkReply(t, replyAfter(t, f, variants[0], []any{bookedCall()}, "nanti bawa apa aja?"),
		[]string{"menunjukkan sendiri dokumen asli berikut ke kamera", "Akta Perusahaan"}, []string{"fotokopi", "Petugas yang menelepon"})
	checkReply(t, replyAfter(t, f, variants[0], []any{bookedCall()}, "kalau datang langsung bawa apa aja?"),
		[]string{"fotokopi"}, nil)
}

// TestRequirementsAndProcedure: "… mohon informasinya apa saja
// persyaratannya dan bagaimana prosedurnya" got the documents only; the
// steps come first now, then the documents with the offer to start.
// Asked for the documents alone, the documents alone.
func TestRequirementsAndProcedure(t *testing.T) {
	f := newFlows(t)
	formal := "Selamat pagi bapak/ibu admin LPSE Kota Bogor, perkenalkan saya Andi dari CV Sumber Rejeki, kami ingin " +
		"mendaftarkan perusahaan kami sebagai penyedia, mohon informasinya apa saja persyaratannya dan bagaimana prosedurnya. Terima kasih."
	checkReply(t, replyAfter(t, f, variants[0], nil, formal),
		[]string{"Alurnya tiga tahap", "Berkas yang diperlukan — Badan usaha", "[Registrasi & verifikasi berkas]"}, nil)
	got := replyAfter(t, f, variants[0], []any{say("halo")}, "apa saja syaratnya dan tata caranya?")
	checkReply(t, got, []string{"Alurnya tiga tahap", "Berkas yang diperlukan"}, nil)
	if strings.Index(got, "Alurnya") > strings.Index(got, "Berkas yang diperlukan") {
		t.Errorf("the documents came before the steps:\n%s", got)
	}
	checkReply(t, replyAfter(t, f, variants[0], []any{say("halo")}, "apa saja syaratnya?"), []string{"Berkas yang diperlukan"},
		[]string{"Alurnya"})
}
