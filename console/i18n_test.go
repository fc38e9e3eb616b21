package console

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"loket"
	"loket/store/storetest"
)

func TestAcceptLang(t *testing.T) {
	t.Parallel()
	for h, want := range map[string]loket.Lang{
		"":                                    loket.LangID,
		"en":                                  loket.LangEN,
		"en-US,en;q=0.9":                      loket.LangEN,
		"id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7": loket.LangID,
		"fr-FR,fr;q=0.9,en;q=0.5,id;q=0.4":    loket.LangEN,
		"fr, de":                              loket.LangID,
		"en;q=0.3, id;q=0.8":                  loket.LangID,
		"en;q=0, id;q=0":                      loket.LangID,
		"in":                                  loket.LangID,
		"EN-gb":                               loket.LangEN,
		"en;q=x":                              loket.LangID,
		"*;q=0.5, en;q=0.4":                   loket.LangEN,
	} {
		if got := acceptLang(h); got != want {
			t.Errorf("acceptLang(%q) = %s, want %s", h, got, want)
		}
	}
}

func FuzzAcceptLang(f *testing.F) {
	for _, s := range []string{"", "en-US,en;q=0.9", "id;q=1.0", ";;,,", "en;q=1e9", "en;q=-1", strings.Repeat("en,", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		if got := acceptLang(h); got != loket.LangID && got != loket.LangEN {
			t.Fatalf("acceptLang(%q) = %q", h, got)
		}
	})
}

// The console speaks Indonesian unless the agent chose English; the login
// page follows the browser.
func TestConsoleLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	e.tx(func(tx storetest.Tx) error { // a new agent: no language chosen
		ag := e.agents[loket.RoleAgent]
		ag.Lang = ""
		return tx.SaveAgent(ctx, ag)
	})
	_, body := e.anonLang("").get("/login")
	mustHave(t, "login, no Accept-Language", body, `<html lang="id">`, "Nama pengguna", "Kata sandi")
	_, body = e.anonLang("en-GB,en;q=0.9,id;q=0.5").get("/login")
	mustHave(t, "login, English browser", body, `<html lang="en">`, "Username", "Log in")
	res, body := e.anonLang("id").postFormBody("/login", url.Values{"username": {"agent"}, "password": {"salah-sekali"}})
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: status %d", res.StatusCode)
	}
	mustHave(t, "wrong password", body, "Nama pengguna atau kata sandi salah.")

	c := e.login(loket.RoleAgent)
	_, body = c.get("/")
	mustHave(t, "inbox", body, `<html lang="id">`, "Kotak Masuk", "Baru", "Keluar")
	_, body = c.get(e.ref())
	mustHave(t, "ticket", body, "Kirim balasan", "Catatan internal")
	if res := c.postForm("/account/language", url.Values{"lang": {"en"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch to English: status %d", res.StatusCode)
	}
	_, body = c.get("/")
	mustHave(t, "inbox after the switch", body, `<html lang="en">`, "Inbox", "Log out")
	_, body = c.get("/tickets/999999")
	mustHave(t, "error page", body, "Error 404", "Not found.")
	res, body = c.postFormBody("/account/language", url.Values{"lang": {"fr"}, "csrf": {c.csrf}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Choose Indonesian or English") {
		t.Errorf("lang=fr: status %d", res.StatusCode)
	}
	c.postForm("/account/language", url.Values{"lang": {"id"}})
	_, body = c.get("/tickets/999999")
	mustHave(t, "error page in Indonesian", body, "Kesalahan 404")
}

func mustHave(t *testing.T, what, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s: page lacks %q", what, w)
		}
	}
}

// Timeline entries written as events read in each reader's language;
// entries written before events keep their plain body.
func TestTimelineEventsInReadersLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	e.tx(func(tx storetest.Tx) error {
		return tx.AddActivity(ctx, &loket.Activity{TicketID: e.ticket.ID, Kind: loket.ActAssignment, Actor: loket.ActorAgent,
			AgentID: e.agents[loket.RoleAdmin].ID, Body: "Call assigned to Old Officer (an old English body)", CreatedAt: e.clock.Now()})
	})
	admin := e.login(loket.RoleAdmin)
	admin.postForm(e.ref()+"/status", url.Values{"status": {"in_review"}})
	admin.postForm(e.ref()+"/assign", url.Values{"assignee": {itoa(e.agents[loket.RoleAgent].ID)}})
	acts := e.activities()
	last := acts[len(acts)-1]
	if !strings.Contains(string(last.Meta), `"event":"assigned"`) || last.Body != "Ditugaskan kepada Test agent" {
		t.Errorf("assignment stored as %q / %s", last.Body, last.Meta)
	}
	_, body := admin.get(e.ref())
	mustHave(t, "English reader", body, "Status: New → In review", "Assigned to Test agent", "an old English body")
	admin.postForm("/account/language", url.Values{"lang": {"id"}})
	_, body = admin.get(e.ref())
	mustHave(t, "Indonesian reader", body, "Status: Baru → Sedang diperiksa", "Ditugaskan kepada Test agent", "an old English body")
}

// The bot's document entries are events too: the document is named as
// the office's requirements name it, in the reader's language.
func TestBotDocumentEventsInReadersLanguage(t *testing.T) {
	t.Parallel()
	readVendorDocEvent(t, `Berkas KTP diterima dan lolos pemeriksaan otomatis: "ktp.pdf", 2 halaman.`,
		`{"event":"doc_got","file":"ktp.pdf","requirement":"ktp","pages":2,"document_id":1}`,
		"ID card (KTP/KITAS/KITAP) of the director received and passed the automatic checks: &#34;ktp.pdf&#34;, 2 pages.",
		"Berkas KTP/KITAS/KITAP Direksi/Pimpinan Perusahaan diterima dan lolos pemeriksaan otomatis: &#34;ktp.pdf&#34;, 2 halaman.")
}

// An individual business's document entries name its own documents (the
// owner's KTP and NPWP), in both languages, not a company director's.
func TestIndividualDocumentEventsInReadersLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.tx(func(tx storetest.Tx) error {
		v, err := tx.VendorByID(context.Background(), e.ticket.VendorID)
		if err != nil {
			return err
		}
		v.Form = loket.FormIndividual
		return tx.SaveVendor(context.Background(), v)
	})
	e.tx(func(tx storetest.Tx) error {
		return tx.AddActivity(context.Background(), &loket.Activity{TicketID: e.ticket.ID, Kind: loket.ActDocument,
			Actor: loket.ActorVendor, Body: `Penyedia mengoreksi jenis berkas "scan.pdf": KTP pemilik usaha → NPWP pemilik usaha.`,
			CreatedAt: e.clock.Now(),
			Meta:      []byte(`{"event":"doc_relabelled","file":"scan.pdf","requirement":"npwp_owner","from_requirement":"ktp","document_id":2,"replaces":1}`)})
	})
	admin := e.login(loket.RoleAdmin)
	_, page := admin.get(e.ref())
	mustHave(t, "English reader", page, "The vendor corrected the type of &#34;scan.pdf&#34;: now owner&#39;s NPWP (was owner&#39;s ID card (KTP)).")
	admin.postForm("/account/language", url.Values{"lang": {"id"}})
	_, page = admin.get(e.ref())
	mustHave(t, "Indonesian reader", page, "Penyedia mengoreksi jenis berkas &#34;scan.pdf&#34;: sekarang NPWP pemilik usaha (sebelumnya KTP pemilik usaha).")
}

// readVendorDocEvent puts a vendor's document entry (body, meta) on the
// ticket's timeline and checks an admin reads it as en in English and as
// id in Indonesian.
func readVendorDocEvent(t *testing.T, body, meta, en, id string) {
	t.Helper()
	e := newEnv(t)
	e.tx(func(tx storetest.Tx) error {
		return tx.AddActivity(context.Background(), &loket.Activity{TicketID: e.ticket.ID, Kind: loket.ActDocument,
			Actor: loket.ActorVendor, Body: body, CreatedAt: e.clock.Now(), Meta: []byte(meta)})
	})
	admin := e.login(loket.RoleAdmin)
	_, page := admin.get(e.ref())
	mustHave(t, "English reader", page, en)
	admin.postForm("/account/language", url.Values{"lang": {"id"}})
	_, page = admin.get(e.ref())
	mustHave(t, "Indonesian reader", page, id)
}

// A file the vendor relabelled in chat shows what it is now and what it
// was filed as, both named as the office's requirements name them.
func TestRelabelledDocumentEventInReadersLanguage(t *testing.T) {
	t.Parallel()
	readVendorDocEvent(t, `Penyedia mengoreksi jenis berkas "scan.pdf": KTP → NPWP.`,
		`{"event":"doc_relabelled","file":"scan.pdf","requirement":"npwp_company","from_requirement":"ktp","document_id":2,"replaces":1}`,
		"The vendor corrected the type of &#34;scan.pdf&#34;: now company NPWP (was ID card (KTP/KITAS/KITAP) of the director).",
		"Penyedia mengoreksi jenis berkas &#34;scan.pdf&#34;: sekarang NPWP Perusahaan (sebelumnya KTP/KITAS/KITAP Direksi/Pimpinan Perusahaan).")
}
