package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"loket"
	"loket/bot/whatsappcloud"
	"loket/console"
	"loket/store"
)

// wireCloud starts the WhatsApp Cloud API channel when it is configured:
// its sender serves loket.ChannelWhatsApp and its webhook is
// GET/POST /whatsapp/webhook.
func (s *server) wireCloud(mux *http.ServeMux) error {
	if s.cfg.WhatsAppCloud == nil {
		return nil
	}
	cfg := *s.cfg.WhatsAppCloud
	cfg.OnAlert = s.alertStaff
	cfg.Statuses = receipts{s.back.store, s.clock}
	cfg.Proactive = proactive{s.back.store}
	ch, err := whatsappcloud.New(cfg, s.back.files, s.log)
	if err != nil {
		return &configError{"LOKET_WHATSAPP_CLOUD_TOKEN", err.Error()}
	}
	s.cloud = ch
	s.engine.AddSender(ch)
	mux.Handle("/whatsapp/webhook", ch.WebhookHandler())
	return nil
}

// registerCloudMetrics exposes the Cloud API channel's state.
func (s *server) registerCloudMetrics(gauge func(name, help string, fn func() bool)) {
	if s.cloud == nil {
		return
	}
	gauge("loket_whatsapp_cloud_ready", "1 when the WhatsApp Cloud API channel receives webhooks and its token works.", func() bool {
		return s.cloud.State().State == whatsappcloud.StateReady
	})
	gauge("loket_whatsapp_cloud_token_expired", "1 when Meta refused the WhatsApp Cloud API access token (renew it).", func() bool {
		return s.cloud.State().State == whatsappcloud.StateTokenExpired
	})
}

// receipts applies the Cloud API's status webhooks to the outbox, so the
// ticket timeline shows delivered / read / failed with the reason.
type receipts struct {
	st    store.Store
	clock loket.Clock
}

func (r receipts) RecordStatuses(ctx context.Context, statuses []whatsappcloud.Status) error {
	for _, s := range statuses {
		var to loket.OutboundStatus
		reason := ""
		switch s.Status {
		case "delivered":
			to = loket.OutDelivered
		case "read":
			to = loket.OutRead
		case "failed":
			to = loket.OutFailed
			code, text := s.Reason()
			reason = fmt.Sprintf("WhatsApp %d: %s", code, text)
		default:
			continue // "sent" is known from the send itself; "deleted", "warning"…
		}
		id, err := r.st.OutboundDelivery(ctx, loket.ChannelWhatsApp, s.ID, to, reason)
		if err != nil {
			return err
		}
		if code, _ := s.Reason(); id != 0 && code == whatsappcloud.CodeWindowClosed {
			// Refused after the send: the window had closed. Queue it again;
			// the sender now takes the template path.
			if err := r.st.OutboundRequeue(ctx, id, r.clock.Now()); err != nil {
				return err
			}
		}
	}
	return nil
}

var _ console.CloudAPI = consoleChannels{}

// CloudStatus reports the Cloud API channel to the console.
func (c consoleChannels) CloudStatus() (console.CloudStatus, bool) {
	if c.wc == nil {
		return console.CloudStatus{}, false
	}
	st := c.wc.State()
	return console.CloudStatus{State: st.State, Detail: st.Detail, Since: st.Since}, true
}

// Window reports a contact's 24-hour window to the console.
func (c consoleChannels) Window(ctx context.Context, chatID string) (bool, time.Time, error) {
	if c.wc == nil {
		return true, time.Time{}, nil
	}
	return c.wc.WindowState(ctx, chatID)
}
