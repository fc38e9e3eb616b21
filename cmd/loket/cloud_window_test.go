package main

import (
	"database/sql"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	ct "loket/bot/whatsappcloud/cloudtest"
)

// consoleAgent is an admin logged in to the console.
type consoleAgent struct {
	t    *testing.T
	base string
	c    *http.Client
}

func loginAdmin(t *testing.T, base string) *consoleAgent {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	a := &consoleAgent{t: t, base: base, c: &http.Client{Jar: jar}}
	res, err := a.c.PostForm(base+"/login", url.Values{"username": {"admin"}, "password": {"S3cret-pass!"}})
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("login: %v %v", err, res)
	}
	res.Body.Close()
	return a
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// post submits a form of page (its CSRF token read from the page).
func (a *consoleAgent) post(page, action string, form url.Values) {
	a.t.Helper()
	m := csrfRe.FindStringSubmatch(consolePageWith(a.t, a.c, a.base, page))
	if m == nil {
		a.t.Fatalf("no CSRF token on %s", page)
	}
	form.Set("csrf", m[1])
	res, err := a.c.PostForm(a.base+action, form)
	if err != nil || res.StatusCode >= 400 {
		a.t.Fatalf("POST %s: %v %v", action, err, res)
	}
	res.Body.Close()
}

// shiftSQLite runs statements on the embedded database of a running serve.
func shiftSQLite(t *testing.T, dataDir string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dataDir, "loket.db")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// countSQLite runs a counting query on the embedded database of a running serve.
func countSQLite(t *testing.T, dataDir, query string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dataDir, "loket.db")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// TestCloudAPIWindowClosed lets the vendor's 24-hour window close after a
// booking, then checks that an agent's reply, the call reminders and the
// survey invitation go as the templates the admin mapped (never as free
// text Meta would refuse), and that the survey template's button reopens
// the window and starts the survey.
func TestCloudAPIWindowClosed(t *testing.T) {
	t.Parallel()
	api := ct.New(t)
	for _, code := range []string{"id", "en_US"} {
		for _, tp := range []ct.Template{{Name: "loket_kabar_tiket", Lang: code, Params: 3},
			{Name: "loket_pengingat", Lang: code, Params: 3}, {Name: "loket_survei", Lang: code, Params: 2, Buttons: 1}} {
			api.AddTemplate(tp)
		}
	}
	api.ExpectLang(cloudVendor, "id") // Budi chats in Indonesian
	data := t.TempDir()
	sv := startServe(t, cloudEnv(api, data)...)
	v := &cloudVendorChat{t: t, api: api, hook: sv.base + "/whatsapp/webhook"}
	v.registerAndBook()

	adm := loginAdmin(t, sv.base)
	if page := consolePageWith(t, adm.c, sv.base, "/tickets/1001"); !strings.Contains(page, `id="wa-window"`) || !strings.Contains(page, "terbuka sampai") {
		t.Fatal("the reply box does not show the open window")
	}
	form := url.Values{}
	for _, m := range [][2]string{{"reminder.day_before", "loket_pengingat"}, {"reminder.hour_before", "loket_pengingat"},
		{"status", "loket_kabar_tiket"}, {"agent_reply", "loket_kabar_tiket"}} {
		form.Set("name_"+m[0], m[1])
		form.Set("lang_id_"+m[0], "id")
		form.Set("lang_en_"+m[0], "en_US")
		form.Set("params_"+m[0], "name, ticket, text")
	}
	form.Set("name_survey", "loket_survei")
	form.Set("lang_id_survey", "id")
	form.Set("lang_en_survey", "en_US")
	form.Set("params_survey", "name, ticket")
	adm.post("/admin/channels", "/admin/channels/whatsapp/templates", form)
	if page := consolePageWith(t, adm.c, sv.base, "/admin/channels"); !strings.Contains(page, `value="loket_survei"`) || !strings.Contains(page, "perlu templat") {
		t.Fatal("the channels page does not show the mapping (and the kinds still without a template)")
	}

	// A day passes: Meta's clock and Loket's record of the vendor's last message.
	api.SetNow(time.Now().Add(25 * time.Hour))
	shiftSQLite(t, data, `UPDATE inbound SET received_at = received_at - 90000000 WHERE channel = 'whatsapp'`)
	page := consolePageWith(t, adm.c, sv.base, "/tickets/1001")
	if !strings.Contains(page, "tertutup sejak") || !strings.Contains(page, "loket_kabar_tiket") {
		t.Fatal("the reply box does not show the closed window and the template")
	}

	templates := func(name string) []ct.Sent {
		var out []ct.Sent
		for _, s := range v.toVendor() {
			if s.Template == name {
				out = append(out, s)
			}
		}
		return out
	}
	adm.post("/tickets/1001", "/tickets/1001/reply", url.Values{"text": {"Berkas Anda sudah kami periksa."}})
	waitFor(t, "the agent's reply as a template", func() bool { return len(templates("loket_kabar_tiket")) == 1 })
	if s := templates("loket_kabar_tiket")[0]; !slices.Equal(s.Params, []string{"CV Maju Jaya", "#1001", "Berkas Anda sudah kami periksa."}) {
		t.Fatalf("agent reply parameters %q", s.Params)
	}
	for _, s := range v.toVendor() {
		if s.Type != "template" && strings.Contains(s.Body, "sudah kami periksa") {
			t.Fatal("the agent's reply went as free text outside the window")
		}
	}
	templateLanguages(t, adm, sv.base, data, api, func() []ct.Sent { return templates("loket_kabar_tiket") })

	// The day-before reminder is planned only when that afternoon is still
	// ahead (a call booked for tomorrow after 16:00 has just the hour-before).
	due := countSQLite(t, data, `SELECT count(*) FROM jobs WHERE kind = 'call.remind_vendor' AND done_at IS NULL`)
	if due < 1 {
		t.Fatal("no call reminder planned for the vendor")
	}
	shiftSQLite(t, data, `UPDATE jobs SET due_at = 0 WHERE kind = 'call.remind_vendor' AND done_at IS NULL`)
	waitFor(t, "the call reminders as templates", func() bool { return len(templates("loket_pengingat")) == due })
	for _, s := range templates("loket_pengingat") {
		if s.Params[1] != "#1001" || strings.Contains(s.Params[2], "\n") || !strings.Contains(s.Params[2], "video call") {
			t.Fatalf("reminder parameters %q", s.Params)
		}
	}

	adm.post("/tickets/1001", "/tickets/1001/status", url.Values{"status": {"closed"}})
	waitFor(t, "the status change as a template", func() bool { return len(templates("loket_kabar_tiket")) == 4 })
	waitFor(t, "the survey job scheduled", func() bool {
		shiftSQLite(t, data, `UPDATE jobs SET due_at = 0 WHERE kind = 'survey.start' AND done_at IS NULL`)
		return len(templates("loket_survei")) == 1
	})
	inv := templates("loket_survei")[0]
	if !slices.Equal(inv.Params, []string{"CV Maju Jaya", "#1001"}) {
		t.Fatalf("survey invitation %+v", inv)
	}
	// The template's quick reply comes back with its text as the payload.
	v.seen = len(v.toVendor())
	v.post("button", ct.Obj{"payload": "Isi survei", "text": "Isi survei"})
	defer func() {
		if t.Failed() {
			for _, s := range v.toVendor() {
				t.Logf("to vendor: %s %s %q %q", s.Type, s.Template, s.Body, s.Params)
			}
		}
	}()
	if q := v.expect("pertanyaan 1 dari"); q.Type == "template" {
		t.Fatalf("the first survey question went as a template: %+v", q)
	}

	// The access token expires: admins see a banner, /readyz and /metrics say so.
	api.Fail(190)
	v.say("4")
	waitFor(t, "the expired token on /readyz", func() bool {
		return strings.Contains(consolePageWith(t, http.DefaultClient, sv.base, "/readyz"), "cloud_api:token_expired")
	})
	if page := consolePageWith(t, adm.c, sv.base, "/tickets/1001"); !strings.Contains(page, "Meta menolak token akses") {
		t.Fatal("no banner for admins about the expired token")
	}
	if m := consolePageWith(t, http.DefaultClient, sv.base, "/metrics"); !strings.Contains(m, "loket_whatsapp_cloud_token_expired 1") {
		t.Fatal("metrics lack loket_whatsapp_cloud_token_expired 1")
	}
}

// templateLanguages checks the translation of agents' replies outside
// the window: the vendor switches to English and gets the English one
// (and the reply box previews it); then the mapping is one saved before
// per-language codes (one "lang") and still sends, its one code for
// every vendor. The vendor goes back to Indonesian under the old mapping.
func templateLanguages(t *testing.T, adm *consoleAgent, base, data string, api *ct.Server, sent func() []ct.Sent) {
	t.Helper()
	reply := func(text, code string) {
		t.Helper()
		n := len(sent())
		adm.post("/tickets/1001", "/tickets/1001/reply", url.Values{"text": {text}})
		waitFor(t, "the agent's reply in "+code, func() bool { return len(sent()) == n+1 })
		if s := sent()[n]; s.Lang != code || s.Params[2] != text {
			t.Fatalf("agent reply %+v, want the translation %s", s, code)
		}
	}
	shiftSQLite(t, data, `UPDATE contacts SET lang = 'en' WHERE channel = 'whatsapp'`)
	api.ExpectLang(cloudVendor, "en_US")
	if page := consolePageWith(t, adm.c, base, "/tickets/1001"); !strings.Contains(page, "news from the LPSE Helpdesk about ticket #1001") {
		t.Fatal("the reply box does not preview the English translation for an English-speaking vendor")
	}
	reply("Your documents are complete.", "en_US")

	old := `{"agent_reply":{"name":"loket_kabar_tiket","lang":"id","params":["name","ticket","text"]},` +
		`"status":{"name":"loket_kabar_tiket","lang":"id","params":["name","ticket","text"]},` +
		`"reminder.day_before":{"name":"loket_pengingat","lang":"id","params":["name","ticket","text"]},` +
		`"reminder.hour_before":{"name":"loket_pengingat","lang":"id","params":["name","ticket","text"]},` +
		`"survey":{"name":"loket_survei","lang":"id","params":["name","ticket"]}}`
	shiftSQLite(t, data, `UPDATE settings SET value = '`+old+`' WHERE key = 'whatsapp.templates'`)
	api.ExpectLang(cloudVendor, "id")
	reply("Berkas lengkap.", "id")
	shiftSQLite(t, data, `UPDATE contacts SET lang = 'id' WHERE channel = 'whatsapp'`)
}

// consolePageWith GETs a console page with a logged-in client.
func consolePageWith(t *testing.T, c *http.Client, base, path string) string {
	t.Helper()
	res, err := c.Get(base + path)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %v %v", path, err, res)
	}
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}
