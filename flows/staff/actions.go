package staff

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"loket"
	"loket/store"
)

// maxText caps replies and notes, as in the console.
const maxText = 4096

// staffTurn is one agent message in a ticket thread.
type staffTurn struct {
	ctx   context.Context
	s     *Staff
	tx    Tx
	turn  *loket.Turn
	th    *store.StaffThread // nil outside a thread
	info  *ticketInfo
	agent *loket.Agent
	where string // chat address to answer in
}

// say answers in the thread (or where the message was written).
func (r *staffTurn) say(key string, v view) error {
	text, err := r.s.text(key, v)
	if err != nil {
		return err
	}
	var ticketID int64
	if r.th != nil {
		ticketID = r.th.TicketID
	}
	_, err = r.s.post(r.ctx, r.tx, r.where, ticketID, r.turn.Conversation.ID, text, r.turn.Now)
	return err
}

func (r *staffTurn) act(ctx context.Context, cmd, arg string) error {
	v := r.info.view(r.s)
	switch cmd {
	case "":
		if r.turn.Inbound.Kind != loket.InText {
			return r.say("text.only", v)
		}
		return r.reply(ctx, arg)
	case "note":
		return r.note(ctx, arg)
	case "claim":
		return r.claim(ctx)
	case "status":
		return r.status(ctx, arg)
	case "close":
		return r.status(ctx, string(loket.StatusClosed))
	}
	v.List = statusList()
	return r.say("help.thread", v)
}

// checkText trims a reply or note; ok false when it was refused (and
// the agent told why).
func (r *staffTurn) checkText(text, example string) (string, bool, error) {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	switch {
	case text == "":
		return "", false, r.say("empty", view{Value: example})
	case utf8.RuneCountInString(text) > maxText:
		return "", false, r.say("too.long", view{Value: strconv.Itoa(maxText)})
	}
	return text, true, nil
}

// reply sends the agent's text to the vendor as that agent, like the
// console's reply.
func (r *staffTurn) reply(ctx context.Context, text string) error {
	text, ok, err := r.checkText(text, "Selamat siang, …")
	if err != nil || !ok {
		return err
	}
	t, now := r.info.t, r.turn.Now
	ct, err := r.tx.ContactByID(ctx, t.ContactID)
	if err != nil {
		return fmt.Errorf("staff: load contact of %s: %w", t.Ref(), err)
	}
	if ct.Unreachable {
		v := r.info.view(r.s)
		v.Channel = string(ct.Channel)
		return r.say("unreachable", v)
	}
	text = strings.NewReplacer("{{ticket}}", t.Ref(), "{{vendor}}", r.info.name).Replace(text)
	out := &loket.Outbound{Channel: ct.Channel, ChatID: ct.ChatID, TicketID: t.ID, Text: text, NextAttemptAt: now, CreatedAt: now}
	if err := loket.Enqueue(ctx, r.tx, out, loket.ActorAgent, r.agent.ID); err != nil {
		return fmt.Errorf("staff: reply on %s: %w", t.Ref(), err)
	}
	t.UpdatedAt = now
	if err := r.tx.UpdateTicket(ctx, t); err != nil {
		return fmt.Errorf("staff: touch ticket: %w", err)
	}
	return r.audit(ctx, "ticket.reply", "")
}

// note adds an internal note: on the timeline, never to the vendor.
func (r *staffTurn) note(ctx context.Context, text string) error {
	text, ok, err := r.checkText(text, "/note …")
	if err != nil || !ok {
		return err
	}
	a := &loket.Activity{TicketID: r.info.t.ID, Kind: loket.ActNote, Actor: loket.ActorAgent, AgentID: r.agent.ID,
		Body: text, CreatedAt: r.turn.Now}
	if err := r.tx.AddActivity(ctx, a); err != nil {
		return fmt.Errorf("staff: add note: %w", err)
	}
	return r.audit(ctx, "ticket.note", "")
}

// claim assigns the ticket to the agent (as the console's "take").
func (r *staffTurn) claim(ctx context.Context) error {
	t, now := r.info.t, r.turn.Now
	if t.AssigneeID == r.agent.ID {
		v := r.info.view(r.s)
		v.Who = r.agent.Name
		return r.say("claimed", v)
	}
	meta, _ := json.Marshal(map[string]int64{"from": t.AssigneeID, "to": r.agent.ID})
	t.AssigneeID, t.UpdatedAt = r.agent.ID, now
	if err := r.tx.UpdateTicket(ctx, t); err != nil {
		return fmt.Errorf("staff: assign: %w", err)
	}
	a := &loket.Activity{TicketID: t.ID, Kind: loket.ActAssignment, Actor: loket.ActorAgent, AgentID: r.agent.ID,
		Body: "Assigned to " + r.agent.Name, Meta: meta, CreatedAt: now}
	if err := r.tx.AddActivity(ctx, a); err != nil {
		return fmt.Errorf("staff: add assignment activity: %w", err)
	}
	return r.audit(ctx, "ticket.assign", strconv.FormatInt(r.agent.ID, 10))
}

// status changes the ticket's status and tells the vendor (ChangeStatus).
func (r *staffTurn) status(ctx context.Context, arg string) error {
	v := r.info.view(r.s)
	v.List = statusList()
	st, ok := parseStatus(arg)
	if !ok {
		v.Value = arg
		return r.say("bad.status", v)
	}
	if r.info.t.Status == st {
		return r.say("same.status", v)
	}
	old := r.info.t.Status
	if _, err := ChangeStatus(ctx, r.tx, r.s.vendor, r.info.t, st, r.agent.ID, r.turn.Now); err != nil {
		return err
	}
	return r.audit(ctx, "ticket.status", string(old)+"→"+string(st))
}

func (r *staffTurn) audit(ctx context.Context, action, detail string) error {
	a := &loket.Audit{AgentID: r.agent.ID, Action: action, Object: fmt.Sprintf("ticket:%d", r.info.t.Number),
		Detail: strings.TrimSpace("telegram staff group " + detail), RemoteIP: "telegram", CreatedAt: r.turn.Now}
	if err := r.tx.AddAudit(ctx, a); err != nil {
		return fmt.Errorf("staff: audit %s: %w", action, err)
	}
	return nil
}

// StatusTx is what ChangeStatus needs of a store transaction.
type StatusTx interface {
	UpdateTicket(ctx context.Context, t *loket.Ticket) error
	AddActivity(ctx context.Context, a *loket.Activity) error
	ContactByID(ctx context.Context, id int64) (*loket.Contact, error)
	VendorByID(ctx context.Context, id int64) (*loket.Vendor, error)
	EnqueueOutbound(ctx context.Context, m *loket.Outbound) error
}

// ChangeStatus moves t to status exactly as the console does: the ticket
// (closed_at set or cleared), an ActStatus activity by the agent, and the
// console's "status.<status>" text to the vendor in their language, unless
// they cannot be reached. It returns the channel a message was queued on
// ("" when none). The console can call it too, so both ways say the same.
func ChangeStatus(ctx context.Context, tx StatusTx, texts VendorTexts, t *loket.Ticket, status loket.TicketStatus, agentID int64, now time.Time) (loket.Channel, error) {
	if !status.Valid() {
		return "", loket.Errorf(loket.EInvalid, "unknown status %q", status)
	}
	if t.Status == status {
		return "", loket.Errorf(loket.EConflict, "the ticket is already %s", status.Label())
	}
	body := t.Status.Label() + " → " + status.Label()
	if err := loket.SetStatus(ctx, tx, t, status, loket.ActorAgent, agentID, body, now); err != nil {
		return "", err
	}
	ct, err := tx.ContactByID(ctx, t.ContactID)
	if err != nil {
		return "", fmt.Errorf("load contact: %w", err)
	}
	if ct.Unreachable {
		return "", nil
	}
	name := ct.Name
	if t.VendorID != 0 {
		if v, err := tx.VendorByID(ctx, t.VendorID); err == nil && v.Name != "" {
			name = v.Name
		}
	}
	text := texts.Text(ct.Lang, "status."+string(status), map[string]string{"ticket": t.Ref(), "vendor": name})
	out := &loket.Outbound{Channel: ct.Channel, ChatID: ct.ChatID, TicketID: t.ID, Text: text, NextAttemptAt: now, CreatedAt: now}
	if err := loket.Enqueue(ctx, tx, out, loket.ActorAgent, agentID); err != nil {
		return "", err
	}
	return ct.Channel, nil
}

// parseStatus accepts "in_review", "in review", "In-Review".
func parseStatus(s string) (loket.TicketStatus, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer(" ", "_", "-", "_").Replace(s)
	st := loket.TicketStatus(s)
	return st, s != "" && st.Valid()
}

func statusList() string {
	names := make([]string, len(loket.TicketStatuses))
	for i, s := range loket.TicketStatuses {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}
