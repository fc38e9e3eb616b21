package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"loket"
	"loket/bot/whatsappcloud"
	"loket/store"
)

// SettingWhatsAppTemplates is the settings key of the template each
// proactive message kind goes as outside WhatsApp's 24-hour window,
// edited on the console's channels page.
const SettingWhatsAppTemplates = loket.WhatsAppTemplatesSettingKey

// proactive is whatsappcloud.Proactive over the store: the window from
// the inbound log, the templates from the settings, values from the
// ticket and the vendor, the language from the contact.
type proactive struct{ st store.Store }

var _ whatsappcloud.Proactive = proactive{}

func (p proactive) LastInbound(ctx context.Context, chatID string) (time.Time, error) {
	return p.st.LastInboundAt(ctx, loket.ChannelWhatsApp, chatID)
}

func (p proactive) Template(ctx context.Context, kind loket.OutboundKind) (whatsappcloud.Template, bool, error) {
	var tp whatsappcloud.Template
	var raw []byte
	err := p.st.InTx(ctx, func(tx store.Tx) error {
		var err error
		raw, err = tx.Setting(ctx, SettingWhatsAppTemplates)
		return err
	})
	if errors.Is(err, loket.ErrNotFound) {
		return tp, false, nil
	}
	if err != nil {
		return tp, false, err
	}
	var m map[loket.OutboundKind]whatsappcloud.Template
	if err := json.Unmarshal(raw, &m); err != nil {
		return tp, false, fmt.Errorf("decode %s: %w", SettingWhatsAppTemplates, err)
	}
	tp, ok := m[kind]
	return tp, ok && tp.Usable(), nil
}

// ContactLang is the language the contact chose in chat, "" when Loket
// has no contact at that address yet.
func (p proactive) ContactLang(ctx context.Context, chatID string) (loket.Lang, error) {
	var lang loket.Lang
	err := p.st.InTx(ctx, func(tx store.Tx) error {
		ct, err := tx.ContactByAddress(ctx, loket.ChannelWhatsApp, chatID)
		if errors.Is(err, loket.ErrNotFound) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("contact %s: %w", chatID, err)
		}
		lang = ct.Lang
		return nil
	})
	return lang, err
}

func (p proactive) Values(ctx context.Context, msg *loket.Outbound) (map[string]string, error) {
	vals := map[string]string{"text": msg.Text, "ticket": "-", "name": "-"}
	err := p.st.InTx(ctx, func(tx store.Tx) error {
		if ct, err := tx.ContactByAddress(ctx, msg.Channel, msg.ChatID); err == nil && ct.Name != "" {
			vals["name"] = ct.Name
		}
		if msg.TicketID == 0 {
			return nil
		}
		t, err := tx.TicketByID(ctx, msg.TicketID)
		if err != nil {
			return fmt.Errorf("ticket of the message: %w", err)
		}
		vals["ticket"] = t.Ref()
		if t.VendorID != 0 {
			if v, err := tx.VendorByID(ctx, t.VendorID); err == nil && v.Name != "" {
				vals["name"] = v.Name
			}
		}
		return nil
	})
	return vals, err
}
