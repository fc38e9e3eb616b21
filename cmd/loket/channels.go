package main

import (
	"context"

	"loket/bot/telegram"
	"loket/bot/whatsapp"
	"loket/bot/whatsappcloud"
	"loket/console"
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
