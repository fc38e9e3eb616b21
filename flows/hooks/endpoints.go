package hooks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"loket"
)

// SettingKey is the settings document holding the endpoints: a JSON list
// of Endpoint. console/admin_webhooks.go writes the same shape.
const SettingKey = "webhooks"

// Event types.
const (
	EventTicketCreated       = "ticket.created"
	EventTicketStatusChanged = "ticket.status_changed"
	EventMessageCreated      = "message.created"
)

// EventTypes lists every event type, for forms and checks.
var EventTypes = []string{EventTicketCreated, EventTicketStatusChanged, EventMessageCreated}

// Endpoint is one receiver of events. Events empty means every event.
// bot/webhook.Endpoint has the same fields, so one converts to the other.
type Endpoint struct {
	ID     string   `json:"id"`
	URL    string   `json:"url"`
	Secret string   `json:"secret"`
	Events []string `json:"events"`
	Active bool     `json:"active"`
}

// Wants reports whether the endpoint is active and subscribed to typ.
func (e *Endpoint) Wants(typ string) bool {
	return e.Active && e.ID != "" && (len(e.Events) == 0 || slices.Contains(e.Events, typ))
}

// SettingTx reads settings.
type SettingTx interface {
	Setting(ctx context.Context, key string) ([]byte, error)
}

// LoadEndpoints reads the configured endpoints (none when never saved).
func LoadEndpoints(ctx context.Context, tx SettingTx) ([]Endpoint, error) {
	b, err := tx.Setting(ctx, SettingKey)
	if errors.Is(err, loket.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("hooks: read endpoints: %w", err)
	}
	var eps []Endpoint
	if err := json.Unmarshal(b, &eps); err != nil {
		return nil, fmt.Errorf("hooks: decode endpoints: %w", err)
	}
	return eps, nil
}
