package console

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

func TestParseWindows(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want []loket.OfficeWindow
		ok   bool
	}{
		{"mon 10:00-14:00\n\nFRI 08:30-11:15", []loket.OfficeWindow{{Weekday: time.Monday, StartMinute: 600, EndMinute: 840}, {Weekday: time.Friday, StartMinute: 510, EndMinute: 675}}, true},
		{"", nil, true},
		{"mon 14:00-10:00", nil, false},
		{"xyz 10:00-14:00", nil, false},
		{"mon 10:61-14:00", nil, false},
		{"mon 10-14", nil, false},
		{"sun 00:00-24:00", []loket.OfficeWindow{{Weekday: time.Sunday, StartMinute: 0, EndMinute: 1440}}, true},
		// An Indonesian office writes its days in Indonesian and its times with a dot.
		{"Senin 08.00-12.00\nJumat 13.30 - 15.00\njum'at 08:00–11:00\nMinggu 9.00-10.00", []loket.OfficeWindow{{Weekday: time.Monday, StartMinute: 480, EndMinute: 720},
			{Weekday: time.Friday, StartMinute: 810, EndMinute: 900}, {Weekday: time.Friday, StartMinute: 480, EndMinute: 660}, {Weekday: time.Sunday, StartMinute: 540, EndMinute: 600}}, true},
		{"Wednesday 10:00-14:00", []loket.OfficeWindow{{Weekday: time.Wednesday, StartMinute: 600, EndMinute: 840}}, true},
		{"senen 10.00-14.00", nil, false},
		{"senin 10.00", nil, false},
		{"senin 10.00-14.00 sampai sore", nil, false},
	}
	for _, tc := range cases {
		got, err := parseWindows(tc.in)
		if (err == nil) != tc.ok || (tc.ok && !reflect.DeepEqual(got, tc.want)) {
			t.Errorf("parseWindows(%q) = %v, %v", tc.in, got, err)
		}
		if tc.ok {
			again, err := parseWindows(formatWindows(got))
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("round trip of %q: %v %v", tc.in, again, err)
			}
		}
	}
}

// TestHoursInTheAdminsLanguage: an Indonesian admin reads the office
// hours as they write them ("senin 10.00-14.00"; they read "mon
// 10:00-14:00" back after saving "Senin 10.00-14.00"), and what is shown
// is read back unchanged.
func TestHoursInTheAdminsLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.setAgentLang(loket.RoleAdmin, loket.LangID)
	admin := e.login(loket.RoleAdmin)
	res, body := admin.postFollow("/admin/hours", url.Values{"windows": {"Senin 08.00-12.00\nJumat 13.30-15.00"}})
	if res.StatusCode != 200 || !strings.Contains(body, "senin 08.00-12.00\njumat 13.30-15.00") || !strings.Contains(body, "<code>senin 10.00-14.00</code>") {
		t.Errorf("saved hours read back to an Indonesian admin: %d", res.StatusCode)
	}
	ws := []loket.OfficeWindow{{Weekday: time.Sunday, StartMinute: 0, EndMinute: 1440}, {Weekday: time.Saturday, StartMinute: 545, EndMinute: 600}}
	for _, lang := range []loket.Lang{loket.LangID, loket.LangEN} {
		if again, err := parseWindows(formatWindowsIn(e.con.catalog, lang, ws)); err != nil || !reflect.DeepEqual(again, ws) {
			t.Errorf("%s: %q reads back as %v, %v", lang, formatWindowsIn(e.con.catalog, lang, ws), again, err)
		}
	}
}

func FuzzParseWindows(f *testing.F) {
	for _, s := range []string{"mon 10:00-14:00", "tue 9:5-23:59\nwed 00:00-00:01", "sat 1:1-1:2 extra", "fri -1:00-2:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ws, err := parseWindows(s)
		if err != nil {
			return
		}
		for _, w := range ws {
			if w.StartMinute < 0 || w.EndMinute > 1440 || w.StartMinute >= w.EndMinute || w.Weekday < 0 || w.Weekday > 6 {
				t.Fatalf("accepted bad window %+v from %q", w, s)
			}
		}
		again, err := parseWindows(formatWindows(ws))
		if err != nil || len(again) != len(ws) {
			t.Fatalf("round trip failed for %q: %v", s, err)
		}
	})
}

func TestAdminScreens(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.login(loket.RoleAdmin)
	ctx := context.Background()
	if res := admin.postForm("/admin/hours", url.Values{"windows": {"mon 10:00-14:00\ntue 10:00-14:00"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save hours: %d", res.StatusCode)
	}
	var ws []loket.OfficeWindow
	e.tx(func(tx storetest.Tx) error { var err error; ws, err = tx.OfficeWindows(ctx); return err })
	if len(ws) != 2 || ws[0].StartMinute != 600 {
		t.Fatalf("windows %+v", ws)
	}
	if res := admin.postForm("/admin/hours", url.Values{"windows": {"mon 14:00-10:00"}}); res.StatusCode != 400 {
		t.Errorf("bad hours: %d, want 400", res.StatusCode)
	}
	// Emptied by mistake, the hours are refused: no call could be booked.
	res, body := admin.postFormBody("/admin/hours", url.Values{"csrf": {admin.csrf}, "windows": {" \n\n"}})
	if res.StatusCode != 400 || !strings.Contains(body, "no call can be booked") {
		t.Errorf("empty hours: %d, or the page does not say why", res.StatusCode)
	}
	e.tx(func(tx storetest.Tx) error { var err error; ws, err = tx.OfficeWindows(ctx); return err })
	if len(ws) != 2 {
		t.Errorf("empty hours replaced the windows: %+v", ws)
	}
	res, body = admin.postFollow("/admin/agents", url.Values{"username": {"rina"}, "name": {"Rina"}, "role": {"agent"}, "telegram_user_id": {"777"}})
	if res.StatusCode != 200 || !strings.Contains(body, "New password for") {
		t.Fatalf("create agent: %d", res.StatusCode)
	}
	var rina *loket.Agent
	e.tx(func(tx storetest.Tx) error { var err error; rina, err = tx.AgentByUsername(ctx, "rina"); return err })
	if rina.TelegramUserID != 777 || rina.Role != loket.RoleAgent || !rina.Active {
		t.Fatalf("agent %+v", rina)
	}
	if res := admin.postForm("/admin/agents/"+itoa(e.agents[loket.RoleAdmin].ID), url.Values{"name": {"Me"}, "role": {"agent"}, "active": {"1"}}); res.StatusCode != 400 {
		t.Errorf("self-demotion: %d, want 400", res.StatusCode)
	}
	if res := admin.postForm("/admin/holidays", url.Values{"date": {"2026-03-19"}, "name": {"Nyepi"}}); res.StatusCode != 303 {
		t.Fatalf("holiday add: %d", res.StatusCode)
	}
	if _, body := admin.get("/admin/hours"); !strings.Contains(body, "Nyepi") || !strings.Contains(body, "mon 10:00-14:00") {
		t.Fatal("hours page lacks the holiday or the windows")
	}
	if res := admin.postForm("/admin/holidays/2026-03-19/delete", url.Values{}); res.StatusCode != 303 {
		t.Fatalf("holiday delete: %d", res.StatusCode)
	}
	if _, body := admin.get("/admin/hours"); strings.Contains(body, "Nyepi") {
		t.Fatal("holiday not deleted")
	}
}

func TestCatalogueComplete(t *testing.T) {
	t.Parallel()
	cat, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range catalogLangs {
		for k, v := range cat[lang] {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: %s is empty", lang, k)
			}
		}
	}
	broken := catalog{loket.LangID: {"status.new": "x"}, loket.LangEN: {}}
	if broken.check() == nil {
		t.Error("check accepts a catalogue with missing keys")
	}
	if got := cat.text(loket.LangEN, "status.closed", map[string]string{"ticket": "#7"}); !strings.Contains(got, "#7") {
		t.Errorf("variables not filled: %q", got)
	}
}

// TestAgentFormSaysWhatIsTaken: a new agent with a username or Telegram
// user already in use is refused with a sentence naming it and the form
// keeps what was typed (it said only that the action did not fit the
// data, with the form empty); linking a Telegram user another agent has
// is refused on the agent's row the same way (it was an error page). A
// new agent's generated password is not described as a reset.
func TestAgentFormSaysWhatIsTaken(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.login(loket.RoleAdmin)
	post := func(path string, v url.Values) (int, string) {
		res, body := admin.postFollow(path, v)
		return res.StatusCode, body
	}
	code, body := post("/admin/agents", url.Values{"username": {"rina"}, "name": {"Rina Wulandari"}, "role": {"supervisor"}, "telegram_user_id": {"777"}})
	if code != 200 || !strings.Contains(body, "New password for rina") {
		t.Fatalf("create rina: %d", code)
	}
	if strings.Contains(body, "other sessions") {
		t.Errorf("a new agent's password is described as a reset that logged sessions out")
	}
	taken := e.agents[loket.RoleAgent].Username
	code, body = post("/admin/agents", url.Values{"username": {taken}, "name": {"Budi Kedua"}, "role": {"supervisor"}, "telegram_user_id": {"888"}})
	if code != 409 || !strings.Contains(body, "The username "+taken+" is taken") {
		t.Errorf("taken username: %d, or the page does not say it is taken", code)
	}
	_, form, _ := strings.Cut(body, `id="new-agent"`)
	for _, want := range []string{`value="` + taken + `"`, `value="Budi Kedua"`, `value="supervisor" selected`, `value="888"`} {
		if !strings.Contains(form, want) {
			t.Errorf("taken username: the form lost %s", want)
		}
	}
	code, body = post("/admin/agents", url.Values{"username": {"dewi"}, "name": {"Dewi"}, "role": {"agent"}, "telegram_user_id": {"777"}})
	if code != 409 || !strings.Contains(body, "Telegram user 777 is already linked to agent rina") {
		t.Errorf("taken Telegram user on create: %d", code)
	}
	ag := e.agents[loket.RoleAgent]
	code, body = post("/admin/agents/"+itoa(ag.ID), url.Values{"name": {ag.Name}, "role": {"agent"}, "active": {"1"}, "telegram_user_id": {"777"}})
	if code != 409 || !strings.Contains(body, "already linked to agent rina") || !strings.Contains(body, `id="new-agent"`) {
		t.Errorf("taken Telegram user on update: %d, or not told on the agents page", code)
	}
	// The agent's own Telegram user saved again is no conflict.
	code, _ = post("/admin/agents/"+itoa(ag.ID), url.Values{"name": {ag.Name}, "role": {"agent"}, "active": {"1"}, "telegram_user_id": {"999"}})
	if code2, _ := post("/admin/agents/"+itoa(ag.ID), url.Values{"name": {ag.Name}, "role": {"agent"}, "active": {"1"}, "telegram_user_id": {"999"}}); code != 200 || code2 != 200 {
		t.Errorf("saving an agent's own Telegram user: %d then %d", code, code2)
	}
}

// TestAuditActionsInWords: the audit log names each action in the
// reader's language, the code beside it (it showed only codes such as
// ticket.view in an Indonesian console); an action without words keeps
// its code.
func TestAuditActionsInWords(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	agent := e.login(loket.RoleAgent)
	agent.get(e.ref())
	sup := e.login(loket.RoleSupervisor)
	_, body := sup.get("/admin/audit")
	for _, want := range []string{"opened a ticket", `title="Action code">ticket.view</code>`, "logged in"} {
		if !strings.Contains(body, want) {
			t.Errorf("the audit log lacks %q", want)
		}
	}
	e.setAgentLang(loket.RoleSupervisor, loket.LangID)
	if _, body := sup.get("/admin/audit"); !strings.Contains(body, "membuka tiket") {
		t.Errorf("an Indonesian supervisor's audit log does not say membuka tiket")
	}
}
