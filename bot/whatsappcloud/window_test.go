package whatsappcloud

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"loket"
	"loket/bot"
	"loket/bot/whatsappcloud/cloudtest"
)

// proactiveFake keeps windows and mappings in memory.
type proactiveFake struct {
	mu   sync.Mutex
	last map[string]time.Time
	tps  map[loket.OutboundKind]Template
	lang map[string]loket.Lang // chat → the contact's language
}

func (p *proactiveFake) LastInbound(ctx context.Context, chat string) (time.Time, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last[chat], nil
}

func (p *proactiveFake) Template(ctx context.Context, k loket.OutboundKind) (Template, bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	tp, ok := p.tps[k]
	return tp, ok, nil
}

func (p *proactiveFake) ContactLang(ctx context.Context, chat string) (loket.Lang, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lang[chat], nil
}

func (p *proactiveFake) Values(ctx context.Context, m *loket.Outbound) (map[string]string, error) {
	return map[string]string{"text": m.Text, "ticket": "#1001", "name": "CV Maju Jaya"}, nil
}

func TestOutsideTheWindowTemplates(t *testing.T) {
	to := "6281234567890"
	yesterday := time.Now().Add(-25 * time.Hour)
	pf := &proactiveFake{last: map[string]time.Time{to: yesterday}, tps: map[loket.OutboundKind]Template{
		loket.KindRemindDay: {Name: "loket_reminder", Lang: "id", Params: []string{"name", "ticket", "text"}},
		loket.KindSurvey:    {Name: "loket_survey", Lang: "id", Params: []string{"ticket"}},
	}}
	c, api, _, _ := running(t, Config{Proactive: pf, TemplateWait: time.Minute})
	api.Opened(to, yesterday)
	api.AddTemplate(cloudtest.Template{Name: "loket_reminder", Lang: "id", Params: 3})
	api.AddTemplate(cloudtest.Template{Name: "loket_survey", Lang: "id", Params: 1, Buttons: 1})
	ctx := context.Background()
	last := func() cloudtest.Sent { s := api.Sent(); return s[len(s)-1] }

	if open, until, _ := c.WindowState(ctx, to); open || !until.Equal(yesterday.Add(Window)) {
		t.Fatalf("window: open %v until %v", open, until)
	}
	rem := &loket.Outbound{ChatID: to, Kind: loket.KindRemindDay, Text: "Besok video call.\nSiapkan dokumen asli.",
		Buttons: btns("Ubah jadwal", "Menu")}
	if _, err := c.Send(ctx, rem); err != nil {
		t.Fatal(err)
	}
	if s := last(); s.Type != "template" || s.Template != "loket_reminder" || len(s.Params) != 3 ||
		s.Params[1] != "#1001" || strings.Contains(s.Params[2], "\n") {
		t.Fatalf("reminder after the window: %+v", s)
	}
	sv := &loket.Outbound{ChatID: to, Kind: loket.KindSurvey, Text: "Survei", Buttons: btns("Mulai", "Nanti")}
	if _, err := c.Send(ctx, sv); err != nil {
		t.Fatal(err)
	}
	if s := last(); s.Template != "loket_survey" {
		t.Fatalf("survey after the window: %+v", s)
	}

	// An agent reply with no template mapped waits, visibly, and sends nothing.
	n := len(api.Sent())
	_, err := c.Send(ctx, &loket.Outbound{ChatID: to, Kind: loket.KindAgentReply, Text: "Berkas sudah kami cek"})
	var ra *bot.RetryAfterError
	if !errors.As(err, &ra) || !strings.Contains(err.Error(), NeedsTemplate) || len(api.Sent()) != n {
		t.Fatalf("agent reply without a template: %v (sent %d more)", err, len(api.Sent())-n)
	}
	// A file cannot go in a template: it waits too.
	doc := &loket.Outbound{ChatID: to, Kind: loket.KindRemindDay, Text: "Panduan", Document: &loket.OutboundDocument{SHA256: "abc", FileName: "panduan.pdf"}}
	if _, err := c.Send(ctx, doc); !errors.As(err, &ra) || len(api.Sent()) != n {
		t.Fatalf("document outside the window: %v", err)
	}
	// Mapped with the wrong parameter count: Meta refuses, for good.
	pf.mu.Lock()
	pf.tps[loket.KindAgentReply] = Template{Name: "loket_reminder", Lang: "id", Params: []string{"text"}}
	pf.mu.Unlock()
	if _, err := c.Send(ctx, &loket.Outbound{ChatID: to, Kind: loket.KindAgentReply, Text: "x"}); !errors.Is(err, bot.ErrPermanent) {
		t.Fatalf("parameter count mismatch: %v", err)
	}

	// Loket believes the window open, Meta says 131047: the template path.
	pf.mu.Lock()
	pf.last[to] = time.Now()
	pf.mu.Unlock()
	if _, err := c.Send(ctx, rem); err != nil || last().Template != "loket_reminder" {
		t.Fatalf("131047 fallback: %v %+v", err, last())
	}
	// Inside the window (the vendor wrote): free text.
	api.Opened(to, time.Now())
	if _, err := c.Send(ctx, &loket.Outbound{ChatID: to, Kind: loket.KindAgentReply, Text: "Halo"}); err != nil || last().Type != "text" {
		t.Fatalf("inside the window: %v %+v", err, last())
	}
}

// TestTemplateInTheVendorsLanguage sends the same kind to an Indonesian
// and an English vendor: each gets the translation of their language,
// or the other one while theirs has no code; an old mapping (one code)
// still sends; the fake refuses a translation the vendor does not read.
func TestTemplateInTheVendorsLanguage(t *testing.T) {
	idV, enV := "6281111111111", "6282222222222"
	yesterday := time.Now().Add(-25 * time.Hour)
	pf := &proactiveFake{last: map[string]time.Time{idV: yesterday, enV: yesterday},
		lang: map[string]loket.Lang{idV: loket.LangID, enV: loket.LangEN},
		tps: map[loket.OutboundKind]Template{loket.KindStatus: {Name: "loket_kabar_tiket",
			Langs: map[loket.Lang]string{loket.LangID: "id", loket.LangEN: "en_US"}, Params: []string{"name", "ticket", "text"}}}}
	c, api, _, _ := running(t, Config{Proactive: pf, TemplateWait: time.Minute})
	for _, code := range []string{"id", "en_US"} {
		api.AddTemplate(cloudtest.Template{Name: "loket_kabar_tiket", Lang: code, Params: 3})
	}
	api.ExpectLang(idV, "id")
	api.ExpectLang(enV, "en_US")
	ctx := context.Background()
	send := func(to string) (cloudtest.Sent, error) {
		t.Helper()
		_, err := c.Send(ctx, &loket.Outbound{ChatID: to, Kind: loket.KindStatus, Text: "Tiket diproses"})
		s := api.Sent()
		if len(s) == 0 {
			return cloudtest.Sent{}, err
		}
		return s[len(s)-1], err
	}
	set := func(tp Template) { pf.mu.Lock(); pf.tps[loket.KindStatus] = tp; pf.mu.Unlock() }

	for to, want := range map[string]string{idV: "id", enV: "en_US"} {
		if s, err := send(to); err != nil || s.To != to || s.Lang != want {
			t.Fatalf("to %s: %v, sent %+v (want %s)", to, err, s, want)
		}
	}
	// The fake catches the wrong translation: Meta's 132001, for good.
	api.ExpectLang(enV, "id")
	if _, err := send(enV); !errors.Is(err, bot.ErrPermanent) {
		t.Fatalf("wrong translation accepted: %v", err)
	}
	api.ExpectLang(enV, "en_US")

	// English has no code yet: the English vendor gets the Indonesian one.
	set(Template{Name: "loket_kabar_tiket", Langs: map[loket.Lang]string{loket.LangID: "id"}, Params: []string{"name", "ticket", "text"}})
	api.ExpectLang(enV, "id")
	if s, err := send(enV); err != nil || s.Lang != "id" {
		t.Fatalf("fallback to Indonesian: %v %+v", err, s)
	}

	// A mapping stored before per-language codes: its one code, for everyone.
	var old Template
	if err := json.Unmarshal([]byte(`{"name":"loket_kabar_tiket","lang":"en_US","params":["name","ticket","text"]}`), &old); err != nil {
		t.Fatal(err)
	}
	set(old)
	api.ExpectLang(idV, "en_US")
	api.ExpectLang(enV, "en_US")
	for _, to := range []string{idV, enV} {
		if s, err := send(to); err != nil || s.To != to || s.Lang != "en_US" || len(s.Params) != 3 {
			t.Fatalf("old mapping to %s: %v %+v", to, err, s)
		}
	}
}
