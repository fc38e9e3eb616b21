package console

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"loket"
	"loket/ops"
	"loket/store"
)

// webhooksStore is what /admin/webhooks uses.
type webhooksStore interface {
	loket.SettingReader
	ops.Auditor
	EnqueueOutbound(ctx context.Context, m *loket.Outbound) error
	SaveSetting(ctx context.Context, key string, value []byte, at time.Time) error
}

func asWebhooks(tx store.Tx) webhooksStore { return tx }

// Outgoing webhooks: admins edit the endpoints (loket.WebhookEndpoint, in
// the settings document loket.WebhookSettingKey); flows/hooks emits the
// events, bot/webhook sends them.

const (
	maxWebhooks      = 20
	maxWebhookURLLen = 2000
	minSecretLen     = 16
	maxSecretLen     = 200
)

func saveWebhooks(ctx context.Context, tx webhooksStore, eps []loket.WebhookEndpoint, now time.Time) error {
	if eps == nil {
		eps = []loket.WebhookEndpoint{}
	}
	b, err := json.Marshal(eps)
	if err != nil {
		return fmt.Errorf("encode webhooks: %w", err)
	}
	if err := tx.SaveSetting(ctx, loket.WebhookSettingKey, b, now); err != nil {
		return fmt.Errorf("save webhooks: %w", err)
	}
	return nil
}

// checkWebhookURL accepts absolute http(s) URLs with a host.
func checkWebhookURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(s) > maxWebhookURLLen {
		return "", userErr(loket.EInvalid, "webhooks.err_url")
	}
	return u.String(), nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand never fails on supported systems
	return hex.EncodeToString(b)
}

// webhookView is one endpoint on the page: never its secret.
type webhookView struct {
	ID, URL string
	Events  []string
	Active  bool
}

func (c *Console) webhooksPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	data := map[string]any{}
	switch r.URL.Query().Get("done") {
	case "deleted":
		data["Saved"] = c.tr(a.lang(), "webhooks.deleted")
	case "toggled":
		data["Saved"] = c.tr(a.lang(), "webhooks.updated")
	case "test":
		data["Saved"] = c.tr(a.lang(), "webhooks.test_queued")
	case "retried":
		data["Saved"] = c.tr(a.lang(), "reliability.delivery_retried")
	}
	return c.renderWebhooks(w, r, a, http.StatusOK, data)
}

// eventChoice is one event's checkbox in the new-endpoint form.
type eventChoice struct {
	Name    string
	Checked bool
}

func (c *Console) renderWebhooks(w http.ResponseWriter, r *http.Request, a *auth, status int, data map[string]any) error {
	var eps []loket.WebhookEndpoint
	err := inTx(r.Context(), c.store, asWebhooks, func(tx webhooksStore) error {
		var err error
		eps, err = loket.LoadWebhookEndpoints(r.Context(), tx)
		return err
	})
	if err != nil {
		return fmt.Errorf("console: webhooks: %w", err)
	}
	views := make([]webhookView, len(eps))
	for i, e := range eps {
		views[i] = webhookView{ID: e.ID, URL: e.URL, Events: e.Events, Active: e.Active}
		if len(e.Events) == 0 {
			views[i].Events = []string{c.tr(a.lang(), "webhooks.all_events")}
		}
	}
	// The new-endpoint form: every event ticked, or what the admin ticked
	// when the form is shown again after a refusal.
	ticked, refused := data["Ticked"].([]string)
	events := make([]eventChoice, len(loket.WebhookEvents))
	for i, ev := range loket.WebhookEvents {
		events[i] = eventChoice{Name: ev, Checked: !refused || slices.Contains(ticked, ev)}
	}
	data["Hooks"], data["Events"] = views, events
	if data["Deliveries"], err = c.webhookDeliveries(r.Context()); err != nil {
		return err
	}
	c.render(w, r, status, "webhooks", a, data)
	return nil
}

// webhookAdd creates an endpoint; without a secret entered one is
// generated and shown once.
func (c *Console) webhookAdd(w http.ResponseWriter, r *http.Request, a *auth) error {
	u, err := checkWebhookURL(r.PostFormValue("url"))
	if err == nil && c.targets != nil {
		if err = c.targets.CheckURL(r.Context(), u); loket.ErrorCode(err) == loket.EInvalid {
			// The guard's own sentence is English only, behind a generic
			// "the input is not valid" for an Indonesian reader.
			host := u
			if pu, perr := url.Parse(u); perr == nil {
				host = pu.Hostname()
			}
			err = userErr(loket.EInvalid, "webhooks.err_private", "host", host)
		}
	}
	secret, shown := strings.TrimSpace(r.PostFormValue("secret")), ""
	if err == nil && secret != "" && (len(secret) < minSecretLen || len(secret) > maxSecretLen) {
		err = userErr(loket.EInvalid, "webhooks.err_secret", "min", minSecretLen, "max", maxSecretLen)
	}
	events := r.PostForm["events"]
	if err == nil && len(events) == 0 {
		err = userErr(loket.EInvalid, "webhooks.err_no_event")
	}
	for _, ev := range events {
		if err == nil && !slices.Contains(loket.WebhookEvents, ev) {
			err = userErr(loket.EInvalid, "webhooks.err_event", "event", ev)
		}
	}
	if err != nil {
		return c.renderWebhooks(w, r, a, http.StatusBadRequest, map[string]any{"Error": c.errText(a.lang(), err),
			"URL": r.PostFormValue("url"), "Ticked": append([]string{}, events...)})
	}
	if secret == "" {
		secret = randomHex(32)
		shown = secret
	}
	ep := loket.WebhookEndpoint{ID: "wh_" + randomHex(6), URL: u, Secret: secret, Events: events, Active: true}
	if len(events) == len(loket.WebhookEvents) {
		ep.Events = nil // every event, including ones added later
	}
	now := c.clock.Now()
	err = inTx(r.Context(), c.store, asWebhooks, func(tx webhooksStore) error {
		eps, err := loket.LoadWebhookEndpoints(r.Context(), tx)
		if err != nil {
			return err
		}
		if len(eps) >= maxWebhooks {
			return userErr(loket.EInvalid, "webhooks.err_max", "max", maxWebhooks)
		}
		if err := saveWebhooks(r.Context(), tx, append(eps, ep), now); err != nil {
			return err
		}
		return audit(r.Context(), tx, a, "webhook.create", "webhook:"+ep.ID, ep.URL, now)
	})
	if loket.ErrorCode(err) == loket.EInvalid {
		return c.renderWebhooks(w, r, a, http.StatusBadRequest, map[string]any{"Error": c.errText(a.lang(), err)})
	}
	if err != nil {
		return fmt.Errorf("console: add webhook: %w", err)
	}
	c.seeOther(w, r, a, "/admin/webhooks", map[string]string{"Saved": c.tr(a.lang(), "webhooks.added"), "NewID": ep.ID, "NewSecret": shown})
	return nil
}

// webhookChange applies fn to the endpoint named in the path, in one
// transaction with its audit entry.
func (c *Console) webhookChange(r *http.Request, a *auth, action string, fn func(tx webhooksStore, eps []loket.WebhookEndpoint, i int) ([]loket.WebhookEndpoint, error)) error {
	id, now := r.PathValue("id"), c.clock.Now()
	return inTx(r.Context(), c.store, asWebhooks, func(tx webhooksStore) error {
		eps, err := loket.LoadWebhookEndpoints(r.Context(), tx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(eps, func(e loket.WebhookEndpoint) bool { return e.ID == id })
		if i < 0 {
			return userErr(loket.ENotFound, "webhooks.err_none", "id", id)
		}
		detail := eps[i].URL
		if eps, err = fn(tx, eps, i); err != nil {
			return err
		}
		if eps != nil {
			if err := saveWebhooks(r.Context(), tx, eps, now); err != nil {
				return err
			}
		}
		return audit(r.Context(), tx, a, action, "webhook:"+id, detail, now)
	})
}

func (c *Console) webhookDelete(w http.ResponseWriter, r *http.Request, a *auth) error {
	err := c.webhookChange(r, a, "webhook.delete", func(_ webhooksStore, eps []loket.WebhookEndpoint, i int) ([]loket.WebhookEndpoint, error) {
		return slices.Delete(eps, i, i+1), nil
	})
	if err != nil {
		return fmt.Errorf("console: delete webhook: %w", err)
	}
	http.Redirect(w, r, "/admin/webhooks?done=deleted", http.StatusSeeOther)
	return nil
}

func (c *Console) webhookToggle(w http.ResponseWriter, r *http.Request, a *auth) error {
	err := c.webhookChange(r, a, "webhook.toggle", func(_ webhooksStore, eps []loket.WebhookEndpoint, i int) ([]loket.WebhookEndpoint, error) {
		eps[i].Active = !eps[i].Active
		return eps, nil
	})
	if err != nil {
		return fmt.Errorf("console: toggle webhook: %w", err)
	}
	http.Redirect(w, r, "/admin/webhooks?done=toggled", http.StatusSeeOther)
	return nil
}

// webhookTest queues a "ping" event to one endpoint (active or not is
// checked by the sender: a disabled endpoint fails the delivery).
func (c *Console) webhookTest(w http.ResponseWriter, r *http.Request, a *auth) error {
	now := c.clock.Now()
	err := c.webhookChange(r, a, "webhook.test", func(tx webhooksStore, eps []loket.WebhookEndpoint, i int) ([]loket.WebhookEndpoint, error) {
		body, err := json.Marshal(map[string]any{"id": "test:" + randomHex(8), "type": "ping", "created_at": now.UTC(),
			"ticket": map[string]any{"number": 0, "status": "", "channel": ""}, "data": map[string]any{"message": c.tr(loket.LangEN, "webhooks.test_message")}})
		if err != nil {
			return nil, err
		}
		out := &loket.Outbound{Channel: loket.ChannelWebhook, ChatID: eps[i].ID, Text: string(body),
			Status: loket.OutQueued, NextAttemptAt: now, CreatedAt: now}
		return nil, tx.EnqueueOutbound(r.Context(), out)
	})
	if err != nil {
		return fmt.Errorf("console: test webhook: %w", err)
	}
	c.wake(loket.ChannelWebhook)
	http.Redirect(w, r, "/admin/webhooks?done=test", http.StatusSeeOther)
	return nil
}
