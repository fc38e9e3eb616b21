package main

import (
	"context"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"

	"loket"
	"loket/bot/telegram"
	"loket/bot/whatsapp"
	"loket/bot/whatsappcloud"
	"loket/console"
	"loket/store"
)

// consoleChannels adapts the running channels to console.Channels (the
// console imports no channel package). A nil channel is "not enabled".
type consoleChannels struct {
	cfg *Config
	tg  *telegram.Channel
	wa  *whatsapp.Channel
	wc  *whatsappcloud.Channel // the Cloud API (cmd/loket/whatsappcloud.go)
}

var (
	_ console.Channels        = consoleChannels{}
	_ console.WhatsAppControl = waControl{}
)

func (c consoleChannels) Telegram() console.TelegramStatus {
	if c.tg == nil {
		return console.TelegramStatus{}
	}
	mode := "polling"
	if c.cfg.WebhookURL != "" {
		mode = "webhook"
	}
	return console.TelegramStatus{Enabled: true, Mode: mode, Username: c.tg.Username(), StaffChat: c.cfg.StaffChat != 0}
}

func (c consoleChannels) WhatsApp() console.WhatsAppControl {
	if c.wa == nil {
		return nil // an untyped nil: the console tests the interface against nil
	}
	return waControl{c.wa}
}

// waControl is the WhatsApp session as console.WhatsAppControl.
type waControl struct{ ch *whatsapp.Channel }

func (w waControl) Status() console.WhatsAppStatus {
	s := w.ch.Status()
	return console.WhatsAppStatus{State: string(s.State), JID: s.JID, QRCode: s.QRCode, Since: s.Since, Detail: s.Detail, Active: s.Active}
}

func (w waControl) StartPairing(ctx context.Context) error { return w.ch.StartPairing(ctx) }

func (w waControl) StartPhonePairing(ctx context.Context, phone string) (string, error) {
	return w.ch.StartPhonePairing(ctx, phone)
}

// alertStaff posts a channel alert (WhatsApp logged out, banned…) to the
// Telegram staff group through the outbox; the console shows its own banner.
func (s *server) alertStaff(ctx context.Context, text string) {
	if s.cfg.StaffChat == 0 || s.telegram == nil {
		return
	}
	now := s.clock.Now()
	err := s.back.store.InTx(ctx, func(tx store.Tx) error {
		return tx.EnqueueOutbound(ctx, &loket.Outbound{Channel: loket.ChannelTelegram,
			ChatID: strconv.FormatInt(s.cfg.StaffChat, 10), Text: "⚠️ " + text,
			Status: loket.OutQueued, NextAttemptAt: now, CreatedAt: now})
	})
	if err != nil {
		s.log.Error("whatsapp alert to the staff group", "err", err)
		return
	}
	s.engine.Wake(loket.ChannelTelegram)
}

// registerChannelMetrics exposes the channels' state: whether WhatsApp is
// connected and this replica holds its session, whether this replica polls
// Telegram.
func (s *server) registerChannelMetrics(reg *prometheus.Registry) {
	gauge := func(name, help string, fn func() bool) {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 {
			if fn() {
				return 1
			}
			return 0
		}))
	}
	if s.whatsapp != nil {
		gauge("loket_whatsapp_connected", "1 when the WhatsApp session is connected.", func() bool {
			return s.whatsapp.Status().State == whatsapp.StateConnected
		})
		gauge("loket_whatsapp_needs_attention", "1 when the WhatsApp session is logged out or banned (pair again / wait).", func() bool {
			st := s.whatsapp.Status().State
			return st == whatsapp.StateLoggedOut || st == whatsapp.StateBanned
		})
		gauge("loket_whatsapp_session_holder", "1 when this replica holds the WhatsApp session.", s.whatsapp.Active)
	}
	s.registerCloudMetrics(gauge)
	if s.telegram != nil {
		gauge("loket_telegram_polling", "1 when this replica polls Telegram for updates.", s.telegram.Polling)
	}
}

// channelHealth reports the messaging channels for /readyz.
func (s *server) channelHealth() map[string]string {
	out := map[string]string{}
	if s.telegram != nil {
		out["telegram"] = "standby" // another replica polls
		if s.cfg.WebhookURL != "" {
			out["telegram"] = "webhook"
		} else if s.telegram.Polling() {
			out["telegram"] = "polling"
		}
	}
	if s.whatsapp != nil {
		st := s.whatsapp.Status()
		out["whatsapp"] = string(st.State)
	}
	if s.cloud != nil {
		out["whatsapp"] = "cloud_api:" + s.cloud.State().State
	}
	return out
}
