package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"loket"
	"loket/ops"
	"loket/store"
	"loket/templates"
)

// waCloudStore is what the WhatsApp Cloud API settings page uses.
type waCloudStore interface {
	ops.Auditor
	SaveSetting(ctx context.Context, key string, value []byte, at time.Time) error
	Setting(ctx context.Context, key string) ([]byte, error)
}

func asWACloud(tx store.Tx) waCloudStore { return tx }

// CloudStatus is the WhatsApp Cloud API channel's state, for the channels page.
type CloudStatus struct {
	State  string // "ready", "token_expired", "starting"
	Detail string
	Since  time.Time
}

// CloudAPI is implemented by the Channels of a server that runs WhatsApp
// on the Cloud API (checked with a type assertion, so other Channels need
// nothing new).
type CloudAPI interface {
	CloudStatus() (CloudStatus, bool) // false: the Cloud API is not configured
	// Window reports whether a contact's 24-hour window is open and until when.
	Window(ctx context.Context, chatID string) (open bool, until time.Time, err error)
}

// cloud returns the Cloud API channel, or nil.
func (c *Console) cloud() CloudAPI {
	if cc, ok := c.chans.(CloudAPI); ok {
		if _, on := cc.CloudStatus(); on {
			return cc
		}
	}
	return nil
}

// suggestedTemplate is one of templates/whatsapp/templates.json.
type suggestedTemplate struct {
	Name    string              `json:"name"`
	Kinds   []string            `json:"kinds"`
	Params  []string            `json:"params"`
	Body    map[string]string   `json:"body"`
	Buttons map[string][]string `json:"buttons"`
}

func suggestedTemplates() []suggestedTemplate {
	var f struct {
		Templates []suggestedTemplate `json:"templates"`
	}
	_ = json.Unmarshal(templates.WhatsAppTemplates, &f) // checked by TestSuggestedTemplates
	return f.Templates
}

// cloudRow is one message kind on the channels page.
type cloudRow struct {
	Kind    loket.OutboundKind
	Map     loket.TemplateMapping
	Codes   map[loket.Lang]string // the language code per Loket language, for the form
	Params  string                // comma-separated, for the form
	Missing bool                  // no template: the kind waits
	// NoCode are the languages of a mapped kind without a code of their
	// own: their vendors get the other translation.
	NoCode []loket.Lang
}

// cloudLang is a language column of the template form.
type cloudLang struct {
	Lang        loket.Lang
	Placeholder string
}

// cloudLangs are the form's language columns, with codes Meta commonly shows.
var cloudLangs = []cloudLang{{loket.LangID, "id"}, {loket.LangEN, "en_US"}}

// cloudView is the Cloud API part of the channels page.
type cloudView struct {
	Status    CloudStatus
	Rows      []cloudRow
	Langs     []cloudLang
	Suggested []suggestedTemplate
}

func (c *Console) loadTemplateMap(ctx context.Context) (map[loket.OutboundKind]loket.TemplateMapping, error) {
	m := map[loket.OutboundKind]loket.TemplateMapping{}
	err := inTx(ctx, c.store, asWACloud, func(tx waCloudStore) error {
		b, err := tx.Setting(ctx, loket.WhatsAppTemplatesSettingKey)
		if errors.Is(err, loket.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return json.Unmarshal(b, &m)
	})
	if err != nil {
		return nil, fmt.Errorf("console: whatsapp templates: %w", err)
	}
	return m, nil
}

func (c *Console) cloudData(ctx context.Context) (*cloudView, error) {
	cc := c.cloud()
	if cc == nil {
		return nil, nil
	}
	m, err := c.loadTemplateMap(ctx)
	if err != nil {
		return nil, err
	}
	st, _ := cc.CloudStatus()
	v := &cloudView{Status: st, Langs: cloudLangs, Suggested: suggestedTemplates()}
	for _, k := range loket.ProactiveKinds {
		v.Rows = append(v.Rows, newCloudRow(k, m[k]))
	}
	return v, nil
}

func newCloudRow(k loket.OutboundKind, tp loket.TemplateMapping) cloudRow {
	row := cloudRow{Kind: k, Map: tp, Codes: tp.Codes(), Params: strings.Join(tp.Params, ", "), Missing: !tp.Usable()}
	if !row.Missing {
		row.NoCode = tp.MissingLangs()
	}
	return row
}

var templateNameRe = regexp.MustCompile(`^[a-z0-9_]{1,512}$`)
var templateLangRe = regexp.MustCompile(`^[a-z]{2,3}(_[A-Z]{2})?$`)

// templateFromForm reads kind k's row of the template form: the name,
// a language code per Loket language (at least one; a language left
// empty gets the other's translation) and the parameters. ok is false
// for a row without a name (the kind has no template).
func templateFromForm(r *http.Request, k loket.OutboundKind) (tp loket.TemplateMapping, ok bool, err error) {
	tp.Name = strings.TrimSpace(r.PostFormValue("name_" + string(k)))
	if tp.Name == "" {
		return tp, false, nil
	}
	for _, p := range strings.Split(r.PostFormValue("params_"+string(k)), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !slices.Contains(loket.TemplateParams, p) {
			return tp, false, userErr(loket.EInvalid, "channels.err_template_param", "kind", string(k), "param", p)
		}
		tp.Params = append(tp.Params, p)
	}
	tp.Langs = map[loket.Lang]string{}
	for _, l := range loket.TemplateLangs {
		code := strings.TrimSpace(r.PostFormValue("lang_" + string(l) + "_" + string(k)))
		if code == "" {
			continue
		}
		if !templateLangRe.MatchString(code) {
			return tp, false, userErr(loket.EInvalid, "channels.err_template_name", "kind", string(k))
		}
		tp.Langs[l] = code
	}
	if !templateNameRe.MatchString(tp.Name) || len(tp.Langs) == 0 {
		return tp, false, userErr(loket.EInvalid, "channels.err_template_name", "kind", string(k))
	}
	return tp, true, nil
}

// cloudTemplatesSave stores the kind → template mapping (admins).
func (c *Console) cloudTemplatesSave(w http.ResponseWriter, r *http.Request, a *auth) error {
	if c.cloud() == nil {
		return userErr(loket.ENotFound, "channels.err_cloud_off")
	}
	m := map[loket.OutboundKind]loket.TemplateMapping{}
	for _, k := range loket.ProactiveKinds {
		tp, ok, err := templateFromForm(r, k)
		if err != nil {
			return err
		}
		if ok {
			m[k] = tp
		}
	}
	b, _ := json.Marshal(m)
	ctx := r.Context()
	err := inTx(ctx, c.store, asWACloud, func(tx waCloudStore) error {
		if err := tx.SaveSetting(ctx, loket.WhatsAppTemplatesSettingKey, b, c.clock.Now()); err != nil {
			return fmt.Errorf("console: save whatsapp templates: %w", err)
		}
		return audit(ctx, tx, a, "whatsapp.templates", "setting:"+loket.WhatsAppTemplatesSettingKey, string(b), c.clock.Now())
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/channels", http.StatusSeeOther)
	return nil
}

// replyWindow is what the reply box says about WhatsApp's 24-hour window.
type replyWindow struct {
	Open     bool
	Until    time.Time
	Template string // the template an agent's reply goes as when closed ("" = none mapped: it waits)
	Code     string // the language code of its translation the vendor gets
	Preview  string // that translation with the values filled in
}

// windowFor returns the reply box's window line for a ticket's contact
// on the Cloud API, or nil (another channel, or the Cloud API is off).
func (c *Console) windowFor(ctx context.Context, ct *loket.Contact, t *loket.Ticket) (*replyWindow, error) {
	cc := c.cloud()
	if cc == nil || ct == nil || ct.Channel != loket.ChannelWhatsApp {
		return nil, nil
	}
	open, until, err := cc.Window(ctx, ct.ChatID)
	if err != nil {
		return nil, fmt.Errorf("console: whatsapp window: %w", err)
	}
	w := &replyWindow{Open: open, Until: until}
	if open {
		return w, nil
	}
	m, err := c.loadTemplateMap(ctx)
	if err != nil {
		return nil, err
	}
	tp := m[loket.KindAgentReply]
	if !tp.Usable() {
		return w, nil
	}
	w.Template, w.Code = tp.Name, tp.Code(ct.Lang)
	w.Preview = templatePreview(tp, w.Code, map[string]string{"text": "…", "ticket": t.Ref(), "name": ct.Name})
	return w, nil
}

// templatePreview fills in the suggested body of tp's template in the
// translation code goes as (the vendor's language, or the other one
// when theirs has no code), or "" for a template Loket did not suggest.
func templatePreview(tp loket.TemplateMapping, code string, vals map[string]string) string {
	lang := loket.LangOfCode(code)
	for _, s := range suggestedTemplates() {
		if s.Name != tp.Name {
			continue
		}
		body := s.Body[string(lang)]
		if body == "" {
			body = s.Body[string(loket.LangID)]
		}
		for i, p := range tp.Params {
			body = strings.ReplaceAll(body, "{{"+strconv.Itoa(i+1)+"}}", vals[p])
		}
		return body
	}
	return ""
}

// cloudAlert is the admins' banner while Meta refuses the Cloud API's
// access token, or "".
func (c *Console) cloudAlert(a *loket.Agent, lang loket.Lang) string {
	cc := c.cloud()
	if a == nil || !a.Role.AtLeast(loket.RoleAdmin) || cc == nil {
		return ""
	}
	if st, _ := cc.CloudStatus(); st.State == "token_expired" {
		return c.tr(lang, "channels.attn_cloud_token", "detail", st.Detail)
	}
	return ""
}
