package console

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"loket"
	"loket/store/storetest"
)

// storedCanned reads the "canned" setting; nil, false when never saved.
func (e *env) storedCanned() ([]cannedReply, bool) {
	e.t.Helper()
	var list []cannedReply
	saved := false
	e.tx(func(tx storetest.Tx) error {
		b, err := tx.Setting(context.Background(), cannedSetting)
		if errors.Is(err, loket.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		saved = true
		return json.Unmarshal(b, &list)
	})
	return list, saved
}

func (e *env) cannedAudits() []string {
	e.t.Helper()
	var out []string
	e.tx(func(tx storetest.Tx) error {
		list, err := tx.ListAudit(context.Background(), "", 100)
		for _, a := range list {
			if strings.HasPrefix(a.Action, "canned.") {
				out = append(out, a.Action+" "+a.Object)
			}
		}
		return err
	})
	return out
}

// TestCannedDefaultsThenStored: before any save the catalogue's canned
// replies are listed and offered; after a round trip of add, edit and
// delete the stored list is what the ticket page offers, in the
// vendor's language.
func TestCannedDefaultsThenStored(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.login(loket.RoleAdmin)
	agent := e.login(loket.RoleAgent)
	res, body := admin.get("/admin/canned")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "office_hours") || !strings.Contains(body, "Video call verifikasi") {
		t.Fatalf("canned page before any save: %d", res.StatusCode)
	}
	_, body = agent.get(e.ref())
	// Each with the start of its text, in the vendor's language: a key
	// alone ("office_hours") did not say what would be inserted.
	if !strings.Contains(body, ">greeting — Selamat siang {{vendor}}, terima kasih telah") {
		t.Fatalf("ticket page lacks the catalogue's canned replies with the start of their text")
	}

	steps := []struct {
		name, path string
		form       url.Values
	}{
		{"add", "/admin/canned", url.Values{"key": {"npwp-2"}, "text_id": {" Mohon kirim NPWP <b>{{vendor}}</b>. "}, "text_en": {"Please send the NPWP."}}},
		{"edit", "/admin/canned/npwp-2", url.Values{"text_id": {"Mohon kirim NPWP & KTP."}, "text_en": {"Please send NPWP and KTP."}}},
		{"edit default", "/admin/canned/office_hours", url.Values{"text_id": {"Jam layanan 10.00–14.00 WIB."}, "text_en": {"Office 10:00–14:00 WIB."}}},
		{"delete", "/admin/canned/greeting/delete", url.Values{}},
	}
	for _, s := range steps {
		if res := admin.postForm(s.path, s.form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: status %d, want 303", s.name, res.StatusCode)
		}
	}
	list, saved := e.storedCanned()
	if !saved || len(list) != 4 {
		t.Fatalf("stored %+v (saved %v); want 4 replies", list, saved)
	}
	got := map[string]cannedReply{}
	for _, cr := range list {
		got[cr.Key] = cr
	}
	if _, ok := got["greeting"]; ok {
		t.Error("greeting still stored after delete")
	}
	if got["npwp-2"].ID != "Mohon kirim NPWP & KTP." || got["npwp-2"].EN != "Please send NPWP and KTP." {
		t.Errorf("npwp-2 = %+v", got["npwp-2"])
	}
	if got["office_hours"].ID != "Jam layanan 10.00–14.00 WIB." || got["thanks"].ID == "" {
		t.Errorf("stored %+v", list)
	}
	want := []string{"canned.delete canned:greeting", "canned.edit canned:office_hours", "canned.edit canned:npwp-2", "canned.add canned:npwp-2"}
	if a := e.cannedAudits(); strings.Join(a, ",") != strings.Join(want, ",") { // newest first
		t.Errorf("audit %q; want %q", a, want)
	}

	_, body = agent.get(e.ref())
	body = html.UnescapeString(body)
	for _, s := range []string{`value="Mohon kirim NPWP & KTP.">npwp-2 — Mohon kirim NPWP & KTP.</option>`, "Jam layanan 10.00–14.00 WIB."} {
		if !strings.Contains(body, s) {
			t.Errorf("ticket page lacks %q", s)
		}
	}
	if strings.Contains(body, ">greeting —") || strings.Contains(body, "Please send NPWP and KTP.") {
		t.Error("ticket page shows a deleted reply or the English text to an Indonesian vendor")
	}
	e.tx(func(tx storetest.Tx) error {
		e.contact.Lang = loket.LangEN
		return tx.SaveContact(context.Background(), e.contact)
	})
	if _, body = agent.get(e.ref()); !strings.Contains(body, "Please send NPWP and KTP.") {
		t.Error("ticket page of an English vendor lacks the English text")
	}
}

// TestCannedRefused: bad input is a 400 with a clear message; a missing
// or forged CSRF token and non-admins are refused; nothing is saved.
func TestCannedRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.login(loket.RoleAdmin)
	ok := url.Values{"key": {"ok-1"}, "text_id": {"Halo"}, "text_en": {"Hello"}}
	with := func(k, v string) url.Values {
		out := url.Values{}
		for kk, vv := range ok {
			out[kk] = vv
		}
		out.Set(k, v)
		return out
	}
	cases := []struct {
		name, path string
		form       url.Values
		want       int
		msg        string
	}{
		{"upper-case key", "/admin/canned", with("key", "Salam"), 400, "lower-case letters, digits, dashes or underscores"},
		{"key with a space", "/admin/canned", with("key", "a b"), 400, "lower-case letters, digits, dashes or underscores"},
		{"empty key", "/admin/canned", with("key", ""), 400, "lower-case letters"},
		{"empty id text", "/admin/canned", with("text_id", "   "), 400, "Indonesian text must be 1–1000 characters"},
		{"empty en text", "/admin/canned", with("text_en", ""), 400, "English text must be 1–1000 characters"},
		{"too long", "/admin/canned", with("text_en", strings.Repeat("é", 1001)), 400, "English text must be 1–1000 characters (it has 1001)"},
		{"duplicate key", "/admin/canned", with("key", "greeting"), 400, "already exists"},
		{"edit empty", "/admin/canned/greeting", url.Values{"text_id": {""}, "text_en": {"x"}}, 400, "Indonesian text"},
		{"edit unknown", "/admin/canned/nope", url.Values{"text_id": {"x"}, "text_en": {"x"}}, 404, ""},
		{"delete unknown", "/admin/canned/nope/delete", url.Values{}, 404, ""},
		{"missing csrf", "/admin/canned", with("csrf", "-"), 403, ""},
		{"forged csrf", "/admin/canned", with("csrf", "forged"), 403, ""},
		{"forged csrf delete", "/admin/canned/greeting/delete", url.Values{"csrf": {"forged"}}, 403, ""},
	}
	for _, tc := range cases {
		v := tc.form
		if v.Get("csrf") == "-" {
			v.Set("csrf", "")
		} else if v.Get("csrf") == "" {
			v.Set("csrf", admin.csrf)
		}
		res, body := admin.postFormBody(tc.path, v)
		if res.StatusCode != tc.want || !strings.Contains(html.UnescapeString(body), tc.msg) {
			t.Errorf("%s: status %d, want %d with %q", tc.name, res.StatusCode, tc.want, tc.msg)
		}
	}
	for _, r := range []loket.Role{loket.RoleAgent, loket.RoleSupervisor} {
		c := e.login(r)
		if res, _ := c.get("/admin/canned"); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s GET: %d; want 403", r, res.StatusCode)
		}
		if res := c.postForm("/admin/canned", with("key", "by-"+string(r))); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s POST: %d; want 403", r, res.StatusCode)
		}
	}
	if list, saved := e.storedCanned(); saved {
		t.Errorf("refused requests saved %+v", list)
	}
	if a := e.cannedAudits(); len(a) != 0 {
		t.Errorf("refused requests audited %q", a)
	}
}

// TestCannedVariablesAndKeys: only {{vendor}} and {{ticket}} are filled
// in, so a canned reply or a reply with {{Vendor}}, {{ vendor }} or
// {{nama}} is refused with a sentence naming it (it was saved, and the
// vendor got the braces as typed); and the key field of the page takes
// the underscore the server and the built-in keys (office_hours) use.
func TestCannedVariablesAndKeys(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.login(loket.RoleAdmin)
	for _, bad := range []string{"Halo {{Vendor}}", "Halo {{ vendor }}", "Halo {{nama}}, tiket {{ticket}}"} {
		res, body := admin.postFormBody("/admin/canned", url.Values{"csrf": {admin.csrf}, "key": {"salam_pagi"}, "text_id": {bad}, "text_en": {"Hello {{vendor}}"}})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(html.UnescapeString(body), "which would not be filled in") {
			t.Errorf("canned text %q: %d, or the page does not say why", bad, res.StatusCode)
		}
	}
	if list, saved := e.storedCanned(); saved {
		t.Errorf("refused canned replies were saved: %+v", list)
	}
	if res := admin.postForm("/admin/canned", url.Values{"key": {"salam_pagi"}, "text_id": {"Selamat pagi {{vendor}}, tiket {{ticket}}."}, "text_en": {"Good morning {{vendor}}."}}); res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusOK {
		t.Errorf("a canned reply with the two variables: %d", res.StatusCode)
	}
	_, page := admin.get("/admin/canned")
	i := strings.Index(page, `id="canned-key"`)
	j := strings.Index(page[i:], `pattern="`)
	pattern := page[i+j+len(`pattern="`):]
	pattern = html.UnescapeString(pattern[:strings.Index(pattern, `"`)])
	re, err := regexp.Compile(`^(?:` + pattern + `)$`)
	if err != nil {
		t.Fatalf("key pattern %q: %v", pattern, err)
	}
	for _, key := range []string{"office_hours", "npwp-reminder", "salam_pagi"} {
		if !re.MatchString(key) || !cannedKeyRE.MatchString(key) {
			t.Errorf("key %q: the page's pattern %q and the server disagree", key, pattern)
		}
	}
	agent := e.login(loket.RoleAgent)
	text := "Halo {{nama}}, berkas tiket {{ticket}} sudah kami terima."
	res, body := agent.postFormBody(e.ref()+"/reply", url.Values{"csrf": {agent.csrf}, "text": {text}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(html.UnescapeString(body), "{{nama}}") || !strings.Contains(body, html.EscapeString(text)+"</textarea>") {
		t.Errorf("a reply with {{nama}}: %d, or not refused with the text kept", res.StatusCode)
	}
}
