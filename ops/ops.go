// Package ops is the one home of what an agent does to a ticket: reply,
// note, claim or assign, change the status and tell the vendor (close is a
// status), accept or reject a document, assign a verification call and
// record how it ended. The console (pages and REST API) and the Telegram
// staff group both call it, so an action has the same rules, timeline
// entry, audit entry and vendor message whichever way an agent took it.
//
// An operation runs inside the caller's store transaction and returns
// what it changed; the caller owns the transaction, wakes the sender and
// tells open consoles. Errors a person reads are *messages.Error values
// (a code and a catalogue key); each caller shows them in its own words.
//
// It imports the root package, messages and knowledge; never console,
// flows or a store.
package ops

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"loket"
	"loket/messages"
)

// MaxText caps replies and notes (Telegram's text limit).
const MaxText = 4096

// Actor is the agent who acts and where from, for the audit log.
type Actor struct {
	Agent *loket.Agent
	IP    string // the client address, or "telegram" from the staff group
	Via   string // prefix of every audit detail ("telegram staff group"); "" in the console
}

// Result is what an operation changed.
type Result struct {
	Ticket  *loket.Ticket
	Channel loket.Channel // set when a message to the vendor was queued
}

// Service runs the operations with the catalogue's texts: vendor messages
// in the vendor's language, timeline events in Indonesian (each reader
// sees events in their own language; see console/timeline.go).
type Service struct {
	texts messages.Catalog
	loc   *time.Location
}

// New returns the operations; loc is the office time zone (times in
// timeline entries), UTC when nil.
func New(texts messages.Catalog, loc *time.Location) *Service {
	if loc == nil {
		loc = time.UTC
	}
	return &Service{texts: texts, loc: loc}
}

// Auditor writes the audit log.
type Auditor interface {
	AddAudit(ctx context.Context, a *loket.Audit) error
}

// VendorTx is what telling a vendor needs: their contact and name, and
// the outbox.
type VendorTx interface {
	ContactByID(ctx context.Context, id int64) (*loket.Contact, error)
	VendorByID(ctx context.Context, id int64) (*loket.Vendor, error)
	EnqueueOutbound(ctx context.Context, m *loket.Outbound) error
	AddActivity(ctx context.Context, a *loket.Activity) error
}

func (s *Service) audit(ctx context.Context, tx Auditor, by Actor, action, object, detail string, at time.Time) error {
	if by.Via != "" {
		detail = strings.TrimSpace(by.Via + " " + detail)
	}
	if err := tx.AddAudit(ctx, &loket.Audit{AgentID: by.Agent.ID, Action: action, Object: object, Detail: detail, RemoteIP: by.IP, CreatedAt: at}); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

func ticketObject(t *loket.Ticket) string { return fmt.Sprintf("ticket:%d", t.Number) }

// CleanText trims and checks a reply or note.
func CleanText(s string) (string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if s == "" {
		return "", messages.Err(loket.EInvalid, "ticket.err_text_empty")
	}
	if utf8.RuneCountInString(s) > MaxText {
		return "", messages.Err(loket.EInvalid, "ticket.err_text_long", "max", MaxText)
	}
	return s, nil
}

// sendToVendor puts text in the outbox for the ticket's contact and on the
// timeline. It returns the channel, or "" when the contact is unreachable
// and must is false.
func sendToVendor(ctx context.Context, tx VendorTx, t *loket.Ticket, ct *loket.Contact, text string, by Actor, now time.Time, must bool, kind loket.OutboundKind) (loket.Channel, error) {
	if ct.Unreachable {
		if must {
			return "", messages.Err(loket.EConflict, "ticket.err_unreachable", "channel", ct.Channel)
		}
		return "", nil
	}
	out := &loket.Outbound{Channel: ct.Channel, ChatID: ct.ChatID, TicketID: t.ID, Text: text, NextAttemptAt: now, CreatedAt: now,
		Kind: kind}
	if err := loket.Enqueue(ctx, tx, out, loket.ActorAgent, by.Agent.ID); err != nil {
		return "", err
	}
	return ct.Channel, nil
}

// contactOf loads the ticket's contact.
func contactOf(ctx context.Context, tx VendorTx, t *loket.Ticket) (*loket.Contact, error) {
	ct, err := tx.ContactByID(ctx, t.ContactID)
	if err != nil {
		return nil, fmt.Errorf("load contact of ticket %d: %w", t.Number, err)
	}
	return ct, nil
}

// varRE finds what is written as a variable: {{…}}.
var varRE = regexp.MustCompile(`\{\{[^{}]*\}\}`)

// UnknownVar returns the first {{…}} in s that VendorVars does not fill
// (it fills {{vendor}} and {{ticket}}), or "": {{Vendor}}, {{ vendor }}
// or {{nama}} would reach the vendor as typed.
func UnknownVar(s string) string {
	for _, m := range varRE.FindAllString(s, -1) {
		if m != "{{vendor}}" && m != "{{ticket}}" {
			return m
		}
	}
	return ""
}

// VendorVars are the variables of canned replies and vendor texts:
// {{ticket}} and {{vendor}} (the vendor's name, else the contact's).
func VendorVars(ctx context.Context, tx VendorTx, t *loket.Ticket, ct *loket.Contact) map[string]string {
	name := ct.Name
	if t.VendorID != 0 {
		if v, err := tx.VendorByID(ctx, t.VendorID); err == nil && v.Name != "" {
			name = v.Name
		}
	}
	return map[string]string{"ticket": t.Ref(), "vendor": name}
}

// Event returns the Body and Meta of a timeline event: Meta carries
// {"event": name, field: value, …}, Body the catalogue's Indonesian
// "event.<name>" for readers without the catalogue.
func (s *Service) Event(name string, fields map[string]any) (body string, meta []byte) {
	m := make(map[string]any, len(fields)+1)
	for k, v := range fields {
		m[k] = v
	}
	m["event"] = name
	meta, err := json.Marshal(m)
	if err != nil { // fields are strings and numbers; cannot happen
		meta = []byte(`{"event":` + strconv.Quote(name) + `}`)
	}
	return s.texts.Text(loket.LangID, "event."+name, EventVars(m, nil)), meta
}

// EventVars are an event's fields as text; an "agent_id" also gives the
// agent's name as "agent" (when names knows it).
func EventVars(m map[string]any, names map[int64]string) map[string]string {
	vars := make(map[string]string, len(m)+1)
	for k, v := range m {
		switch v := v.(type) {
		case string:
			vars[k] = v
		case nil:
		default:
			vars[k] = fmt.Sprint(v)
		}
	}
	if id, err := strconv.ParseInt(vars["agent_id"], 10, 64); err == nil {
		if n, ok := names[id]; ok && vars["agent"] == "" {
			vars["agent"] = n
		}
	}
	return vars
}
