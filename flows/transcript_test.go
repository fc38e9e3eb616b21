package flows

import (
	"context"
	"strings"
	"testing"
	"time"

	"loket"
)

func journeys() []journey {
	return []journey{
		{name: "menu", start: mondayMorning, acts: []act{
			say("halo"), choose(6), say("menu"), say("/start"), choose(4),
			say("asdf qwerty"), say("zzzz"), say("bantuan"), say("BATAL"),
		}},
		{name: "register_online", start: mondayMorning, acts: []act{
			say("halo"), choose(2), choose(1), say("CV Maju Jaya"),
			say("01.234.567.8-901"), say("01.234.567.8-9O1.000"), say("01.234.567.8-901.000"),
			say("info@majujaya"), say("info@majujaya.co.id"), say("Budi Santoso"),
			say("12345678"), say("0812-3456-7890"), choose(1),
			file("ktp-direktur.pdf", "application/pdf", 300_000), file("npwp.jpg", "image/jpeg", 200_000),
			file("akta.pdf", "application/pdf", 6<<20), media("photo"),
			say("NPWP perusahaan menyusul besok ya"), say("terima kasih"), say("status"),
		}},
		{name: "register_offline", start: mondayMorning, acts: []act{
			say("halo"), choose(2), say("perorangan"), say("Siti Rahma"), say("3201234567890123"),
			say("SITIRAHMA"), say("Siti Rahma"), share("+62 813-1111-2222"), choose(2), say("status"),
			say("menu"), choose(2), choose(2), choose(3), say("Acme Trading Pte Ltd"), say("SG-2019-88123"),
			say("acme@acme.com.sg"), say("John Tan"), say("+65 9123 4567"), choose(1),
		}},
		{name: "language", start: mondayMorning, acts: []act{
			say("halo"), say("bahasa"), choose(2), say("language"), choose(1), choose(7), choose(2), say("menu"),
		}},
		{name: "status", start: mondayMorning, acts: []act{
			say("halo"), say("status"), choose(1), choose(1), say("PT Sinar Terang"), say("02.345.678.9-012.000"),
			say("SINARTERANG"), say("Andi Wijaya"), say("081298765432"), choose(1),
			setup(func(tx testTx, ct *loket.Contact) error {
				ts, err := tx.ListTickets(bg, loket.TicketFilter{ContactID: ct.ID})
				if err != nil {
					return err
				}
				t := ts[0]
				for _, d := range []loket.Document{
					{TicketID: t.ID, Requirement: "ktp", FileName: "ktp.pdf", Status: loket.DocAccepted},
					{TicketID: t.ID, Requirement: "npwp_company", FileName: "npwp.pdf", Status: loket.DocRejected, RejectReason: "scan buram / blurry"},
				} {
					if err := tx.AddDocument(bg, &d); err != nil {
						return err
					}
				}
				t.Status = loket.StatusNeedsFix
				return tx.UpdateTicket(bg, &t)
			}),
			say("status"),
		}},
		{name: "officer", start: fridayEvening, acts: []act{
			say("halo"), choose(5), choose(4), say("jadwal?"),
			say("Saya ingin menanyakan jadwal pelatihan SPSE untuk penyedia baru."),
			say("Tambahan: kami dari Bogor Barat."), say("menu"), choose(5), choose(1), say("Halo, ada kabar?"),
			wait(66 * time.Hour), say("Selamat pagi, bagaimana?"), choose(1), say("Selamat pagi, bagaimana kabarnya?"),
			say("cancel"),
		}},
		{name: "guide", start: mondayMorning, acts: []act{
			say("halo"), choose(1), choose(1), choose(1), choose(1), choose(2), choose(1),
			choose(1), choose(1), choose(1), choose(1), choose(2), choose(2), choose(3),
			say("Sudah 2 jam belum ada email konfirmasi"), say("masih belum"), say("status"),
		}},
		{name: "requests", start: mondayMorning, acts: []act{
			say("halo"), say("lupa password"), choose(1), say("User ID saya MAJUJAYA, tidak bisa login sejak kemarin."),
			say("menu"), choose(5), choose(3), say("Alamat kantor pindah ke Jl. Merdeka 1, Bogor"),
			say("menu"), choose(5), choose(5), say("Halaman upload error 500 saat klik Simpan"), say("status"),
		}, en: []act{
			say("hi"), say("I forgot my password"), choose(1), say("My user ID is MAJUJAYA, I cannot log in since yesterday."),
			say("menu"), choose(5), choose(3), say("Our office moved to Jl. Merdeka 1, Bogor"),
			say("menu"), choose(5), choose(5), say("The upload page shows error 500 when I click Save"), say("status"),
		}},
		{name: "questions", start: mondayMorning, acts: []act{
			say("email konfirmasi tidak masuk"), say("NPWP saya katanya sudah terdaftar"), say("jam berapa bisa verifikasi?"),
			say("berkas apa saja untuk CV?"), say("alamat mpp dimana"), say("apa itu sikap"), say("lupa pasword"),
			say("cuaca hari ini cerah"),
		}, en: []act{
			say("the confirmation email never arrived"), say("my NPWP is already registered"),
			say("what time can I do the verification?"), say("which documents does a CV need?"),
			say("where is the MPP office"), say("what is SIKaP"), say("forgot my pasword"), say("nice weather today"),
		}},
		{name: "robustness", start: mondayMorning, acts: []act{
			say("halo"), choose(2), choose(1), say("PT Andalan"), say("Rahasia#2024"), say("03.456.789.0-123.000"),
			say("Budi_Santoso1!"), say("ANDALAN"), say("Budi"), say("08123"), say("08123"), say("081311112222"),
			choose(2), again(), media("voice"), say("menu"), choose(2), choose(2), choose(1), wait(25 * time.Hour),
			say("halo lagi"), choose(1), say("batal"), say("batal"), say("menu"), choose(2), choose(2), wait(30 * time.Hour),
			say("halo"), choose(2), file("npwp.pdf", "application/pdf", 1000), blocked(),
		}},
	}
}

var bg = context.Background()

func TestTranscripts(t *testing.T) {
	f := newFlows(t)
	backends := []struct {
		name string
		new  func(t *testing.T) backend
	}{
		{"sqlite", func(t *testing.T) backend { return newSQLiteBackend(t) }},
		{"postgres", func(t *testing.T) backend {
			b, ok := newPostgresBackend(t)
			if !ok {
				t.Skip("PostgreSQL transcripts need LOKET_TEST_DATABASE_URL")
			}
			return b
		}},
	}
	for _, j := range journeys() {
		for _, v := range variants {
			for _, be := range backends {
				t.Run(j.name+"/"+string(v.lang)+"/"+be.name, func(t *testing.T) {
					r := &runner{t: t, f: f, b: be.new(t), v: v, now: j.start}
					acts := j.acts
					if v.lang == loket.LangEN && j.en != nil {
						acts = j.en
					}
					r.play(acts)
					r.dump()
					golden(t, j.name+"."+string(v.lang), r.out.String())
				})
			}
		}
	}
}

// TestTranscriptLanguagesDiffer checks that an English conversation gets
// no Indonesian menu texts and the other way round.
func TestTranscriptLanguagesDiffer(t *testing.T) {
	f := newFlows(t)
	for _, j := range journeys() {
		outs := map[loket.Lang]string{}
		for _, v := range variants {
			r := &runner{t: t, f: f, b: newSQLiteBackend(t), v: v, now: j.start}
			r.play(j.acts)
			outs[v.lang] = r.out.String()
		}
		if strings.Contains(outs[loket.LangEN], "Silakan") || strings.Contains(outs[loket.LangID], "Please choose") {
			t.Errorf("%s: language leaks between id and en", j.name)
		}
	}
}
