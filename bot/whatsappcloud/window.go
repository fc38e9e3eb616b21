package whatsappcloud

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"loket"
	"loket/bot"
)

// Window is the customer-service window: free-form messages reach a
// contact only within 24 hours of the contact's last message.
const Window = 24 * time.Hour

// windowMargin closes the window a little early, so a message queued at
// 23:59 is not refused in flight.
const windowMargin = 2 * time.Minute

// NeedsTemplate marks the wait of a message that may only go as a
// template while none is mapped to its kind (the ticket shows it).
const NeedsTemplate = "needs a template"

// Template is the approved template an office mapped to a message kind.
type Template = loket.TemplateMapping

// Proactive is what the channel needs to honour the window; nil sends
// everything free-form.
type Proactive interface {
	// LastInbound is when the contact last wrote (zero: never).
	LastInbound(ctx context.Context, chatID string) (time.Time, error)
	// Template returns the template mapped to kind; ok false when none.
	Template(ctx context.Context, kind loket.OutboundKind) (tp Template, ok bool, err error)
	// Values returns the parameter values of msg: "text", "ticket", "name".
	Values(ctx context.Context, msg *loket.Outbound) (map[string]string, error)
	// ContactLang is the language the contact chose ("" when unknown):
	// a template goes in its translation.
	ContactLang(ctx context.Context, chatID string) (loket.Lang, error)
}

// WindowState says whether a contact's window is open and until when.
func (c *Channel) WindowState(ctx context.Context, chatID string) (open bool, until time.Time, err error) {
	if c.cfg.Proactive == nil {
		return true, time.Time{}, nil
	}
	last, err := c.cfg.Proactive.LastInbound(ctx, chatID)
	if err != nil || last.IsZero() {
		return false, time.Time{}, err
	}
	until = last.Add(Window)
	return c.now().Before(until.Add(-windowMargin)), until, nil
}

// sendTemplate sends msg as the template mapped to its kind. Without one
// it waits (a *bot.RetryAfterError naming NeedsTemplate), so the message
// goes as soon as an admin maps one or the vendor writes again.
func (c *Channel) sendTemplate(ctx context.Context, to string, msg *loket.Outbound) (string, error) {
	kind := msg.Kind
	if kind == loket.KindReply {
		kind = "reply"
	}
	if msg.Document != nil {
		// A template cannot carry Loket's file: it waits for the vendor to write.
		return "", &bot.RetryAfterError{After: c.cfg.TemplateWait,
			Err: fmt.Errorf("whatsapp cloud: outside the 24-hour window a document waits for the vendor to write: %w", ErrWindowClosed)}
	}
	tp, ok, err := c.cfg.Proactive.Template(ctx, msg.Kind)
	if err != nil {
		return "", fmt.Errorf("whatsapp cloud: template for %s: %w", kind, err)
	}
	if !ok || !tp.Usable() {
		return "", &bot.RetryAfterError{After: c.cfg.TemplateWait,
			Err: fmt.Errorf("whatsapp cloud: outside the 24-hour window: %s for %q: %w", NeedsTemplate, kind, ErrWindowClosed)}
	}
	vals, err := c.cfg.Proactive.Values(ctx, msg)
	if err != nil {
		return "", fmt.Errorf("whatsapp cloud: template values: %w", err)
	}
	lang, err := c.cfg.Proactive.ContactLang(ctx, to)
	if err != nil {
		return "", fmt.Errorf("whatsapp cloud: language of %s: %w", to, err)
	}
	return c.send(ctx, to, templatePayload(tp, tp.Code(lang), vals))
}

// templatePayload builds the "template" message in the translation of
// language code: body parameters from vals in the mapped order. Quick-reply buttons get no payload: pressing
// one sends its text, a word the flows understand.
func templatePayload(tp Template, code string, vals map[string]string) map[string]any {
	t := map[string]any{"name": tp.Name, "language": map[string]any{"code": code}}
	if len(tp.Params) > 0 {
		params := make([]map[string]any, len(tp.Params))
		for i, name := range tp.Params {
			params[i] = map[string]any{"type": "text", "text": paramText(vals[name])}
		}
		t["components"] = []map[string]any{{"type": "body", "parameters": params}}
	}
	return map[string]any{"type": "template", "template": t}
}

// paramText makes a value acceptable as a template parameter: Meta
// refuses new lines, tabs and more than four spaces in a row, and empty
// values; long values are shortened at a word boundary.
func paramText(s string) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == '\t' }), " · ")
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "-"
	}
	return shorten(s, 900)
}

// windowClosed reports whether a free-form message to chat would be
// refused (the contact has not written within the window).
func (c *Channel) windowClosed(ctx context.Context, to string) (bool, error) {
	if c.cfg.Proactive == nil {
		return false, nil
	}
	open, _, err := c.WindowState(ctx, to)
	if err != nil {
		return false, fmt.Errorf("whatsapp cloud: window of %s: %w", to, err)
	}
	return !open, nil
}

// isWindowClosed reports a 131047 refusal.
func isWindowClosed(err error) bool { return errors.Is(err, ErrWindowClosed) }
