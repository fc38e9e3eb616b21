package console

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"loket"
	"loket/ops"
)

// TelegramStatus is the Telegram channel's health, for /admin/channels.
type TelegramStatus struct {
	Enabled     bool
	Mode        string // "polling" or "webhook"
	Username    string // the bot's @username, without "@"
	StaffChat   bool   // a staff group is configured
	LastError   string // the last failure talking to Telegram, if known
	LastErrorAt time.Time
}

// WhatsAppStatus mirrors bot/whatsapp.Status (cmd/loket copies it over).
type WhatsAppStatus struct {
	State  string    // one of the WA* states below
	JID    string    // own number once paired, e.g. "6281…@s.whatsapp.net"
	QRCode string    // the latest QR code content while pairing
	Since  time.Time // when State last changed
	Detail string    // why, for a person (ban reason and expiry, …)
	Active bool      // this replica holds the session
}

// WhatsApp session states (the values of bot/whatsapp.State).
const (
	WAConnected    = "connected"
	WALoggedOut    = "logged_out"
	WAReconnecting = "reconnecting"
	WAPairing      = "pairing"
	WADisconnected = "disconnected"
	WABanned       = "banned"
)

// reconnectGrace is how long reconnecting may last before it needs a person.
const reconnectGrace = 5 * time.Minute

// stateLabel is a WhatsApp state as people read it, in lang.
func (c *Console) stateLabel(lang loket.Lang, s WhatsAppStatus) string {
	if s.State == WAConnected {
		return c.tr(lang, "channels.wa_connected_as", "number", "+"+strings.TrimSuffix(s.JID, "@s.whatsapp.net"))
	}
	return c.catalog.label(lang, "channels.wa_state", s.State)
}

// attention says what about the WhatsApp session needs a person, in lang,
// or "". Only the replica holding the session knows its true state.
func (c *Console) attention(lang loket.Lang, s WhatsAppStatus, now time.Time) string {
	if !s.Active {
		return ""
	}
	since := ""
	if !s.Since.IsZero() {
		since = c.tr(lang, "channels.since", "when", dateFormat(c.catalog, lang, c.cfg.Location, "02 Jan 15:04")(s.Since))
	}
	switch {
	case s.State == WALoggedOut:
		return c.tr(lang, "channels.attn_logged_out", "since", since)
	case s.State == WABanned:
		return c.tr(lang, "channels.attn_banned", "since", since, "detail", s.Detail)
	case s.State == WADisconnected && s.Detail != "":
		return c.tr(lang, "channels.attn_disconnected", "since", since, "detail", s.Detail)
	case s.State == WAReconnecting && now.Sub(s.Since) > reconnectGrace:
		return c.tr(lang, "channels.attn_reconnecting", "since", since)
	}
	return ""
}

// whatsapp returns the WhatsApp session, or nil when it is not enabled.
func (c *Console) whatsapp() WhatsAppControl {
	if c.chans == nil {
		return nil
	}
	return c.chans.WhatsApp()
}

// channelAlert is the banner text for a in lang, or "" (admins only).
func (c *Console) channelAlert(a *loket.Agent, lang loket.Lang) string {
	if msg := c.cloudAlert(a, lang); msg != "" {
		return msg
	}
	wa := c.whatsapp()
	if a == nil || !a.Role.AtLeast(loket.RoleAdmin) || wa == nil {
		return ""
	}
	return c.attention(lang, wa.Status(), c.clock.Now())
}

// channelsView is the channels page's data.
type channelsView struct {
	Telegram  TelegramStatus
	WAEnabled bool
	WA        WhatsAppStatus
	WALabel   string
	Attention string
	CanPair   bool   // an admin on the replica holding an unpaired session
	ShowQR    bool   // an admin, while a QR code is live
	QRVersion string // changes with the code, so the image is fetched anew
	Phone     string
	PhoneCode string // the pairing code to type on the phone
	Error     string
	Cloud     *cloudView // the WhatsApp Cloud API (console/admin_wa_cloud.go); nil when off
}

func (c *Console) channelsData(a *auth) channelsView {
	var v channelsView
	if c.chans != nil {
		v.Telegram = c.chans.Telegram()
	}
	wa := c.whatsapp()
	if wa == nil {
		return v
	}
	admin := a.Agent.Role.AtLeast(loket.RoleAdmin)
	v.WAEnabled, v.WA = true, wa.Status()
	v.WALabel = c.stateLabel(a.lang(), v.WA)
	v.Attention = c.attention(a.lang(), v.WA, c.clock.Now())
	v.CanPair = admin && v.WA.Active && v.WA.State == WALoggedOut
	if admin && v.WA.State == WAPairing && v.WA.QRCode != "" {
		v.ShowQR = true
		sum := sha256.Sum256([]byte(v.WA.QRCode))
		v.QRVersion = hex.EncodeToString(sum[:6])
	}
	return v
}

func (c *Console) renderChannels(w http.ResponseWriter, r *http.Request, status int, a *auth, v channelsView) {
	c.render(w, r, status, "channels", a, v)
}

// channelsPage shows the channels' health (supervisors and admins).
func (c *Console) channelsPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	v := c.channelsData(a)
	cv, err := c.cloudData(r.Context())
	if err != nil {
		return err
	}
	v.Cloud = cv
	c.renderChannels(w, r, http.StatusOK, a, v)
	return nil
}

// channelsBack sends a GET of a form's address back to the page (the live
// refresh re-fetches the page's own address, which after a form post is
// the form's).
func (c *Console) channelsBack(w http.ResponseWriter, r *http.Request, _ *auth) error {
	http.Redirect(w, r, "/admin/channels", http.StatusSeeOther)
	return nil
}

// whatsappPair starts a QR pairing (admins).
func (c *Console) whatsappPair(w http.ResponseWriter, r *http.Request, a *auth) error {
	wa := c.whatsapp()
	if wa == nil {
		return userErr(loket.ENotFound, "channels.err_wa_off")
	}
	ctx := r.Context()
	if err := wa.StartPairing(ctx); err != nil {
		v := c.channelsData(a)
		v.Error = c.tr(a.lang(), "channels.err_pair", "detail", err.Error())
		c.renderChannels(w, r, http.StatusConflict, a, v)
		return nil
	}
	c.auditChannel(ctx, a, "whatsapp.pair", "qr")
	http.Redirect(w, r, "/admin/channels", http.StatusSeeOther)
	return nil
}

// whatsappPhone starts pairing by phone number and shows the code (admins).
func (c *Console) whatsappPhone(w http.ResponseWriter, r *http.Request, a *auth) error {
	wa := c.whatsapp()
	if wa == nil {
		return userErr(loket.ENotFound, "channels.err_wa_off")
	}
	phone, ok := phoneDigits(r.PostFormValue("phone"))
	if !ok {
		v := c.channelsData(a)
		v.Phone = r.PostFormValue("phone")
		v.Error = c.tr(a.lang(), "channels.err_phone_form")
		c.renderChannels(w, r, http.StatusBadRequest, a, v)
		return nil
	}
	ctx, cancel := context.WithTimeout(r.Context(), 45*time.Second)
	defer cancel()
	code, err := wa.StartPhonePairing(ctx, phone)
	v := c.channelsData(a)
	v.Phone = phone
	if err != nil {
		v.Error = c.tr(a.lang(), "channels.err_phone_pair", "detail", err.Error())
		c.renderChannels(w, r, http.StatusConflict, a, v)
		return nil
	}
	c.auditChannel(r.Context(), a, "whatsapp.pair", "phone +"+phone)
	v.PhoneCode = code
	c.renderChannels(w, r, http.StatusOK, a, v)
	return nil
}

// phoneDigits keeps the digits of an international number (8–15 digits,
// no leading 0), allowing "+", spaces, dashes, dots and brackets.
func phoneDigits(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune("+-() .", r):
		default:
			return "", false
		}
	}
	d := b.String()
	return d, len(d) >= 8 && len(d) <= 15 && d[0] != '0'
}

// whatsappQR serves the live pairing QR code as a PNG (admins only: it
// links a device to the helpdesk's number). 404 when none is live.
func (c *Console) whatsappQR(w http.ResponseWriter, r *http.Request, _ *auth) error {
	wa := c.whatsapp()
	if wa == nil {
		return userErr(loket.ENotFound, "channels.err_wa_off")
	}
	st := wa.Status()
	if st.State != WAPairing || st.QRCode == "" {
		return userErr(loket.ENotFound, "channels.err_no_qr")
	}
	q, err := qrcode.New(st.QRCode, qrcode.Low)
	if err != nil {
		return fmt.Errorf("console: encode QR code: %w", err)
	}
	png, err := q.PNG(-6) // 6 px a module, with the standard quiet zone
	if err != nil {
		return fmt.Errorf("console: draw QR code: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", "image/png")
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(png)
	return nil
}

// auditChannel records a channel action; a failure is logged, as the
// action itself already happened.
func (c *Console) auditChannel(ctx context.Context, a *auth, action, detail string) {
	err := inTx(ctx, c.store, asAuditor, func(tx ops.Auditor) error {
		return audit(ctx, tx, a, action, "channel:whatsapp", detail, c.clock.Now())
	})
	if err != nil {
		c.log.WarnContext(ctx, "console: audit channel action", "action", action, "err", err)
	}
}
