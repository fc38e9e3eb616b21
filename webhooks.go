package loket

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// WebhookSettingKey is the settings document holding the outgoing webhook
// endpoints, a JSON list of WebhookEndpoint: admins edit it in the console
// (/admin/webhooks), flows/hooks turns the timeline into events for it and
// bot/webhook delivers them.
const WebhookSettingKey = "webhooks"

// Webhook event types.
const (
	EventTicketCreated       = "ticket.created"
	EventTicketStatusChanged = "ticket.status_changed"
	EventMessageCreated      = "message.created"
)

// WebhookEvents lists every event type, for forms and checks.
var WebhookEvents = []string{EventTicketCreated, EventTicketStatusChanged, EventMessageCreated}

// WebhookEndpoint is one receiver of events. Events empty means every event.
type WebhookEndpoint struct {
	ID     string   `json:"id"`
	URL    string   `json:"url"`
	Secret string   `json:"secret"`
	Events []string `json:"events"`
	Active bool     `json:"active"`
}

// Wants reports whether the endpoint is active and subscribed to typ.
func (e *WebhookEndpoint) Wants(typ string) bool {
	return e.Active && e.ID != "" && (len(e.Events) == 0 || slices.Contains(e.Events, typ))
}

// SettingReader reads a settings document; ErrNotFound when never saved.
type SettingReader interface {
	Setting(ctx context.Context, key string) ([]byte, error)
}

// LoadWebhookEndpoints reads the configured endpoints (none when never saved).
func LoadWebhookEndpoints(ctx context.Context, tx SettingReader) ([]WebhookEndpoint, error) {
	b, err := tx.Setting(ctx, WebhookSettingKey)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read webhook endpoints: %w", err)
	}
	var eps []WebhookEndpoint
	if err := json.Unmarshal(b, &eps); err != nil {
		return nil, fmt.Errorf("decode webhook endpoints: %w", err)
	}
	return eps, nil
}
