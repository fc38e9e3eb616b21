package flows

import (
	"context"
	"errors"
	"fmt"

	"loket"
)

// GiveUp answers a message the engine stopped retrying after the flows
// failed on it every time (bot.GiveUpHandler): the vendor gets one
// apology in their language, and the message is put on their ticket with
// a note that flags it for the officers — a new "other" ticket, waiting
// for an officer, when the vendor has none open. The conversation state
// is left as it was.
func (f *Flows) GiveUp(ctx context.Context, tx Tx, turn *loket.Turn, cause error) error {
	if turn == nil || turn.Inbound == nil || turn.Contact == nil || turn.Conversation == nil {
		return fmt.Errorf("flows: give up: incomplete turn")
	}
	if turn.Inbound.Kind == loket.InBlocked {
		return nil
	}
	st, _ := decodeState(turn.Conversation.State)
	k, err := f.refresh(ctx, tx)
	if err != nil {
		return err
	}
	c := &conv{f: f, ctx: ctx, tx: k.settledOf(tx), turn: turn, st: st, k: k}
	t, err := c.giveUpTicket()
	if err != nil {
		return err
	}
	c.turn.TicketID = t.ID
	body, meta := c.giveUpBody()
	if err := c.activity(t.ID, loket.ActMessageIn, loket.ActorVendor, body, meta); err != nil {
		return err
	}
	note, err := f.texts.render(loket.LangID, "act.gave_up", &view{Office: f.latest().office})
	if err != nil {
		return err
	}
	if err := c.activity(t.ID, loket.ActNote, loket.ActorBot, note, map[string]any{
		"event": "gave_up", "flag": "bot_gave_up", "error": cause.Error()}); err != nil {
		return err
	}
	v := c.view()
	v.Ref = t.Ref()
	s, err := c.text("gave_up", v)
	if err != nil {
		return err
	}
	turn.Say(loket.Reply{Text: s})
	return nil
}

// giveUpTicket is the ticket the conversation is in, else the vendor's
// newest open one, else a new "other" ticket.
func (c *conv) giveUpTicket() (*loket.Ticket, error) {
	if c.st.Ticket != 0 {
		t, err := c.tx.TicketByID(c.ctx, c.st.Ticket)
		switch {
		case err == nil && t.Status.Open():
			return t, nil
		case err != nil && !errors.Is(err, loket.ErrNotFound):
			return nil, fmt.Errorf("flows: give up: ticket: %w", err)
		}
	}
	ts, err := c.myTickets()
	if err != nil {
		return nil, err
	}
	for i := range ts {
		if ts[i].Status.Open() {
			return &ts[i], nil
		}
	}
	desc, err := c.f.texts.render(loket.LangID, "desc.gave_up", &view{Office: c.profile()})
	if err != nil {
		return nil, err
	}
	return c.openTicket(loket.TypeOther, loket.StatusNew, desc)
}

// giveUpBody is what the vendor sent, as the timeline shows it (never a
// password): their text or file name, else an event saying what it was
// (message_hidden, message_kind) with its Indonesian body.
func (c *conv) giveUpBody() (string, map[string]any) {
	m := c.turn.Inbound
	switch {
	case m.Kind == loket.InText && LooksLikePassword(m.Text):
		s, _ := c.f.texts.render(loket.LangID, "act.gave_up_hidden", &view{Office: c.profile()})
		return s, map[string]any{"event": "message_hidden"}
	case m.Kind == loket.InText && m.Text != "":
		return m.Text, nil
	case m.Kind == loket.InDocument && m.Document != nil:
		return cleanFileName(m.Document.FileName), nil
	}
	return "(" + string(m.Kind) + ")", map[string]any{"event": "message_kind", "kind": string(m.Kind)}
}
