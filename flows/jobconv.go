package flows

import (
	"context"
	"fmt"
	"time"

	"loket"
)

// openForJob locks the conversation of a chat inside a job and returns a
// conv for it, as the engine does for a turn (state decoded), so buttons
// and typed numbers in what the job sends work like any reply.
func (f *Flows) openForJob(ctx context.Context, tx jobConvTx, ct *loket.Contact, now time.Time) (*conv, error) {
	cv, err := tx.ConversationForUpdate(ctx, ct.Channel, ct.ChatID, now)
	if err != nil {
		return nil, fmt.Errorf("flows: lock conversation: %w", err)
	}
	return f.openLocked(ctx, tx, ct, cv, now)
}

// openForJobChat is openForJob for a chat address: the conversation and
// its contact in one statement (OpenConversation).
func (f *Flows) openForJobChat(ctx context.Context, tx jobConvTx, ch loket.Channel, chat string, now time.Time) (*conv, error) {
	cv, ct, err := tx.OpenConversation(ctx, ch, chat, now)
	if err != nil {
		return nil, fmt.Errorf("flows: lock conversation: %w", err)
	}
	return f.openLocked(ctx, tx, ct, cv, now)
}

// openLocked is a conv for a conversation the job has locked.
func (f *Flows) openLocked(ctx context.Context, tx jobConvTx, ct *loket.Contact, cv *loket.Conversation, now time.Time) (*conv, error) {
	st, err := decodeState(cv.State)
	if err != nil {
		f.log.WarnContext(ctx, "conversation state reset", "conversation", cv.ID, "err", err)
	}
	k, err := f.refresh(ctx, tx)
	if err != nil {
		return nil, err
	}
	turn := &loket.Turn{Inbound: &loket.Inbound{Channel: ct.Channel, ChatID: ct.ChatID}, Contact: ct, Conversation: cv, Now: now}
	return &conv{f: f, ctx: ctx, tx: k.settledOf(tx), turn: turn, st: st, k: k}, nil
}

// sendFromJob saves the conversation state and queues the replies a job
// decided, the way the engine does after a turn (WriteTurn: an outbox
// row plus a timeline entry linked to its delivery state, as
// loket.Enqueue writes them). With keepIdle
// the vendor's idle clock stays as it was: a job is not the vendor coming
// back. A contact that blocked the bot gets nothing.
func (f *Flows) sendFromJob(ctx context.Context, tx jobConvTx, c *conv, keepIdle bool) error {
	last := c.st.Last
	c.finish()
	if keepIdle {
		c.st.Last = last
	}
	b, err := c.st.encode()
	if err != nil {
		return err
	}
	cv := c.turn.Conversation
	cv.State, cv.UpdatedAt = b, c.turn.Now
	var outs []*loket.Outbound
	if !c.turn.Contact.Unreachable {
		outs = c.turn.Outbound()
		for _, o := range outs {
			o.Kind = c.kind
		}
	}
	// The engine's write of a turn: on PostgreSQL it travels with the
	// job's completion instead of a round trip per row.
	if err := tx.WriteTurn(ctx, cv, outs, loket.ActorBot); err != nil {
		return fmt.Errorf("flows: save conversation and replies: %w", err)
	}
	return nil
}
