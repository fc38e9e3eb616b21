package console

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

// fakeCloud is a server running WhatsApp on the Cloud API whose every
// window closed a day ago.
type fakeCloud struct {
	fakeChannels
	closedAt time.Time
}

func (f fakeCloud) CloudStatus() (CloudStatus, bool) {
	return CloudStatus{State: "ready", Since: f.closedAt}, true
}

func (f fakeCloud) Window(context.Context, string) (bool, time.Time, error) {
	return false, f.closedAt, nil
}

// storedTemplates returns the saved kind → template mapping.
func (e *env) storedTemplates() map[loket.OutboundKind]loket.TemplateMapping {
	e.t.Helper()
	m := map[loket.OutboundKind]loket.TemplateMapping{}
	e.tx(func(tx storetest.Tx) error {
		b, err := tx.Setting(context.Background(), loket.WhatsAppTemplatesSettingKey)
		if err != nil {
			return err
		}
		return json.Unmarshal(b, &m)
	})
	return m
}

// whatsAppTicket opens a ticket for a WhatsApp contact speaking lang.
func (e *env) whatsAppTicket(chatID, name string, lang loket.Lang) *loket.Ticket {
	e.t.Helper()
	ctx := context.Background()
	t := &loket.Ticket{VendorID: e.ticket.VendorID, Channel: loket.ChannelWhatsApp, Title: "Tanya", Type: loket.TypeRegistration,
		Status: loket.StatusNew, CreatedAt: e.clock.Now(), UpdatedAt: e.clock.Now()}
	e.tx(func(tx storetest.Tx) error {
		ct := &loket.Contact{Channel: loket.ChannelWhatsApp, ChatID: chatID, Name: name, Lang: lang, VendorID: e.ticket.VendorID}
		if err := tx.SaveContact(ctx, ct); err != nil {
			return err
		}
		t.ContactID = ct.ID
		return tx.CreateTicket(ctx, t)
	})
	return t
}

// TestCloudTemplateLanguages maps templates with a code per language on
// the Channels page: an old single-code mapping shows under its language
// with the other marked, a saved form keeps both codes, and the reply box
// previews the translation each vendor gets.
func TestCloudTemplateLanguages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	withChannels(t, e, fakeCloud{closedAt: e.clock.Now().Add(-time.Hour)})
	ctx := context.Background()
	old := `{"agent_reply":{"name":"loket_kabar_tiket","lang":"id","params":["name","ticket","text"]}}`
	e.tx(func(tx storetest.Tx) error {
		return tx.SaveSetting(ctx, loket.WhatsAppTemplatesSettingKey, []byte(old), e.clock.Now())
	})
	enT := e.whatsAppTicket("6282222222222", "Sarah", loket.LangEN)
	idT := e.whatsAppTicket("6281111111111", "Budi", loket.LangID)
	admin := e.login(loket.RoleAdmin)

	// The old mapping: its code under Indonesian, English marked.
	_, page := admin.get("/admin/channels")
	for _, s := range []string{`name="lang_id_agent_reply" value="id"`, `name="lang_en_agent_reply" value=""`,
		`data-no-code="en"`, "no English code", "needs a template", "English code"} {
		if !strings.Contains(page, s) {
			t.Errorf("channels page with an old mapping lacks %q", s)
		}
	}
	// Until both are set, the English vendor's preview is the Indonesian translation.
	if _, p := admin.get("/tickets/" + itoa(enT.Number)); !strings.Contains(p, "loket_kabar_tiket, in the translation id") ||
		!strings.Contains(p, "Halo Sarah, ada kabar dari Helpdesk LPSE untuk tiket "+enT.Ref()) {
		t.Errorf("English vendor's preview with the old mapping:\n%s", p)
	}

	form := url.Values{"name_agent_reply": {"loket_kabar_tiket"}, "lang_id_agent_reply": {"id"}, "lang_en_agent_reply": {"en_US"},
		"params_agent_reply": {"name, ticket, text"},
		"name_status":        {"loket_kabar_tiket"}, "lang_en_status": {"en"}, "params_status": {"name, ticket, text"}}
	if res := admin.postForm("/admin/channels/whatsapp/templates", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: status %d", res.StatusCode)
	}
	m := e.storedTemplates()
	if tp := m[loket.KindAgentReply]; tp.Lang != "" || tp.Langs[loket.LangID] != "id" || tp.Langs[loket.LangEN] != "en_US" {
		t.Errorf("saved agent reply mapping %+v", tp)
	}
	if tp := m[loket.KindStatus]; tp.Code(loket.LangID) != "en" || len(tp.Langs) != 1 {
		t.Errorf("saved status mapping %+v", tp)
	}
	_, page = admin.get("/admin/channels")
	if strings.Contains(page, `data-no-code="en"`) || strings.Count(page, `data-no-code="id"`) != 1 ||
		!strings.Contains(page, `name="lang_en_agent_reply" value="en_US"`) {
		t.Errorf("channels page after saving both codes:\n%s", page)
	}
	for _, c := range []struct {
		tk   *loket.Ticket
		want string
	}{
		{enT, "Hello Sarah, news from the LPSE Helpdesk about ticket " + enT.Ref()},
		{idT, "Halo Budi, ada kabar dari Helpdesk LPSE untuk tiket " + idT.Ref()},
	} {
		if _, p := admin.get("/tickets/" + itoa(c.tk.Number)); !strings.Contains(p, c.want) {
			t.Errorf("preview of ticket %s lacks %q", c.tk.Ref(), c.want)
		}
	}

	// A mapped kind needs at least one valid code; nothing is saved otherwise.
	for _, bad := range []url.Values{
		{"name_survey": {"loket_survei"}, "params_survey": {"name"}},
		{"name_survey": {"loket_survei"}, "lang_en_survey": {"english"}},
	} {
		if res := admin.postForm("/admin/channels/whatsapp/templates", bad); res.StatusCode == http.StatusSeeOther {
			t.Errorf("saved %v", bad)
		}
	}
	if _, ok := e.storedTemplates()[loket.KindAgentReply]; !ok {
		t.Error("a refused form replaced the mapping")
	}
	// Supervisors see the page but cannot save.
	if res := e.login(loket.RoleSupervisor).postForm("/admin/channels/whatsapp/templates", form); res.StatusCode != http.StatusForbidden {
		t.Errorf("supervisor save: status %d", res.StatusCode)
	}
}
