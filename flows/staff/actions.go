package staff

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"unicode"

	"loket"
	"loket/messages"
	"loket/ops"
	"loket/store"
)

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

// by is the agent as the ticket operations see them.
func (r *staffTurn) by() ops.Actor {
	return ops.Actor{Agent: r.agent, IP: "telegram", Via: "telegram staff group"}
}

// refused tells the agent why an operation refused their text or action
// (example shows what to write); other errors are returned.
func (r *staffTurn) refused(err error, example string) error {
	var me *messages.Error
	if !errors.As(err, &me) {
		return err
	}
	v := r.info.view(r.s)
	switch me.Key {
	case "ticket.err_text_empty":
		return r.say("empty", view{Value: example})
	case "ticket.err_text_long":
		return r.say("too.long", view{Value: strconv.Itoa(ops.MaxText)})
	case "ticket.err_unreachable":
		v.Channel = me.Vars["channel"]
		return r.say("unreachable", v)
	}
	return err
}

// reply sends the agent's text to the vendor as that agent (ops.Reply,
// as the console's reply).
func (r *staffTurn) reply(ctx context.Context, text string) error {
	_, err := r.s.ops.Reply(ctx, r.tx, r.by(), r.info.t, text, r.turn.Now)
	return r.refused(err, "Selamat siang, …")
}

// note adds an internal note: on the timeline, never to the vendor.
func (r *staffTurn) note(ctx context.Context, text string) error {
	_, err := r.s.ops.Note(ctx, r.tx, r.by(), r.info.t, text, r.turn.Now)
	return r.refused(err, "/note …")
}

// claim assigns the ticket to the agent (as the console's "take").
func (r *staffTurn) claim(ctx context.Context) error {
	if r.info.t.AssigneeID == r.agent.ID {
		v := r.info.view(r.s)
		v.Who = r.agent.Name
		return r.say("claimed", v)
	}
	_, err := r.s.ops.Assign(ctx, r.tx, r.by(), r.info.t, r.agent.ID, r.turn.Now)
	return err
}

// status changes the ticket's status and tells the vendor, with the
// words after the status as the agent's note ("/status needs_fix NPWP
// tidak terbaca"; ops.SetStatusNoted).
func (r *staffTurn) status(ctx context.Context, arg string) error {
	v := r.info.view(r.s)
	v.List = statusList()
	st, note, ok := statusAndNote(arg)
	if !ok {
		v.Value = arg
		return r.say("bad.status", v)
	}
	if r.info.t.Status == st {
		return r.say("same.status", v)
	}
	_, err := r.s.ops.SetStatusNoted(ctx, r.tx, r.by(), r.info.t, st, note, r.turn.Now)
	var me *messages.Error
	if errors.As(err, &me) {
		switch me.Key {
		case "ticket.err_fix_note":
			return r.say("fix.note", v)
		case "ticket.err_note_long":
			return r.say("too.long", view{Value: me.Vars["max"]})
		case "ticket.err_verify_rejected":
			v.Value = me.Vars["docs"]
			return r.say("verify.rejected", v)
		}
	}
	return err
}

// statusAndNote reads "/status needs_fix NPWP tidak terbaca": the status
// its first words name ("in review" is two), the rest the note as
// written (its lines kept).
func statusAndNote(arg string) (loket.TicketStatus, string, bool) {
	ws := strings.Fields(arg)
	for n := min(len(ws), 3); n > 0; n-- {
		if st, ok := parseStatus(strings.Join(ws[:n], " ")); ok {
			return st, strings.TrimSpace(afterWords(arg, n)), true
		}
	}
	return "", "", false
}

// afterWords is s after its first n words.
func afterWords(s string, n int) string {
	for range n {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		i := strings.IndexFunc(s, unicode.IsSpace)
		if i < 0 {
			return ""
		}
		s = s[i:]
	}
	return s
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
