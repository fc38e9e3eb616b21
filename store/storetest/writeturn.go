package storetest

import (
	"encoding/json"
	"testing"

	"loket"
)

// testWriteTurn covers the engine's write of a turn: the state saved, the
// replies queued in order with a ticket's timeline linked to them, IDs
// set by the commit; a conversation saved in between fails the
// transaction (ErrConflict) whether the store writes at once or
// pipelines, inside a savepoint at once.
func testWriteTurn(t *testing.T, s Store) {
	ctx := ctxT(t)
	var tk *loket.Ticket
	var outs []*loket.Outbound
	inTx(t, s, func(tx Tx) error {
		tk = newTicket(t, tx, nil)
		conv, _, err := tx.OpenConversation(ctx, loket.ChannelTelegram, "turn", t0)
		if err != nil {
			return err
		}
		conv.State, conv.UpdatedAt = []byte(`{"step":"menu"}`), t0.Add(1500)
		outs = []*loket.Outbound{
			{Channel: loket.ChannelTelegram, ChatID: "turn", ConversationID: conv.ID, Text: "satu", CreatedAt: t0},
			{Channel: loket.ChannelTelegram, ChatID: "turn", ConversationID: conv.ID, TicketID: tk.ID, Text: "dua",
				Buttons: [][]loket.Button{{{Label: "Ya", Data: "yes"}}}, CreatedAt: t0},
			{Channel: loket.ChannelTelegram, ChatID: "turn", ConversationID: conv.ID, TicketID: tk.ID, Text: "tiga",
				Kind: loket.KindDocument, CreatedAt: t0},
		}
		v := conv.Version
		if err := tx.WriteTurn(ctx, conv, outs, loket.ActorBot); err != nil {
			return err
		}
		if conv.Version != v+1 {
			t.Errorf("version after WriteTurn = %d, want %d", conv.Version, v+1)
		}
		return nil
	})
	if outs[0].ID == 0 || outs[1].ID <= outs[0].ID {
		t.Fatalf("reply IDs after commit: %d, %d", outs[0].ID, outs[1].ID)
	}
	got, err := s.OutboundByID(ctx, outs[1].ID)
	if err != nil || got.Text != "dua" || got.Status != loket.OutQueued || len(got.Buttons) != 1 || got.TicketID != tk.ID {
		t.Fatalf("queued reply: %+v %v", got, err)
	}
	inTx(t, s, func(tx Tx) error {
		conv, err := tx.ConversationForUpdate(ctx, loket.ChannelTelegram, "turn", t0)
		if err != nil {
			return err
		}
		if string(conv.State) != `{"step":"menu"}` && string(conv.State) != `{"step": "menu"}` || !conv.UpdatedAt.Equal(t0.Add(1500).Truncate(1e6)) {
			t.Errorf("saved conversation: %s at %v", conv.State, conv.UpdatedAt)
		}
		acts, err := tx.Activities(ctx, tk.ID)
		if err != nil {
			return err
		}
		// As loket.Enqueue writes them: a reply without meta, a notice
		// (a job's document outcome) with its kind.
		var linked int
		for _, a := range acts {
			if a.Kind == loket.ActMessageOut && a.OutboundID == outs[1].ID && a.Body == "dua" && a.Actor == loket.ActorBot &&
				len(a.Meta) == 0 {
				linked++
			}
			var meta map[string]string
			if a.Kind == loket.ActMessageOut && a.OutboundID == outs[2].ID && a.Body == "tiga" &&
				json.Unmarshal(a.Meta, &meta) == nil && meta["kind"] == string(loket.KindDocument) && len(meta) == 1 {
				linked++
			}
		}
		if linked != 2 {
			t.Errorf("timeline: %+v, want two bot messages linked to outbounds %d and %d, the second with its kind", acts,
				outs[1].ID, outs[2].ID)
		}
		return nil
	})

	// A stale conversation: the write fails the transaction, at once or
	// with the next statement, and nothing of it stays.
	stale := func(tx Tx) (*loket.Conversation, error) {
		conv, err := tx.ConversationForUpdate(ctx, loket.ChannelTelegram, "turn", t0)
		if err != nil {
			return nil, err
		}
		old := *conv
		conv.UpdatedAt = t0
		if err := tx.SaveConversation(ctx, conv); err != nil {
			return nil, err
		}
		old.UpdatedAt, old.State = t0, []byte(`{"step":"lost"}`)
		return &old, nil
	}
	lost := &loket.Outbound{Channel: loket.ChannelTelegram, ChatID: "turn", Text: "hilang", CreatedAt: t0}
	err = s.InTx(ctx, func(tx Tx) error {
		old, err := stale(tx)
		if err != nil {
			return err
		}
		if err := tx.WriteTurn(ctx, old, []*loket.Outbound{lost}, loket.ActorBot); err != nil {
			return err
		}
		_, _, err = tx.OpenConversation(ctx, loket.ChannelTelegram, "turn", t0)
		return err
	})
	wantErr(t, err, loket.ErrConflict)
	// Swallowing the error does not let the failed turn commit: a store
	// that wrote at once wrote nothing of it; one that pipelines fails the
	// commit.
	err = s.InTx(ctx, func(tx Tx) error {
		old, err := stale(tx)
		if err != nil {
			return err
		}
		_ = tx.WriteTurn(ctx, old, []*loket.Outbound{lost}, loket.ActorBot)
		return nil
	})
	if err != nil {
		wantErr(t, err, loket.ErrConflict)
	}
	und, err := s.UndeliveredOutbound(ctx, loket.ChannelTelegram, 10)
	must(t, err)
	for _, m := range und {
		if m.Text == "hilang" {
			t.Fatalf("the reply of a failed turn was queued: %+v", m)
		}
	}
	inTx(t, s, func(tx Tx) error {
		conv, err := tx.ConversationForUpdate(ctx, loket.ChannelTelegram, "turn", t0)
		if err == nil && string(conv.State) == `{"step":"lost"}` {
			t.Errorf("the state of a failed turn was saved")
		}
		return err
	})
	// Inside a savepoint the conflict comes at once and is undone alone.
	inTx(t, s, func(tx Tx) error {
		old, err := stale(tx)
		if err != nil {
			return err
		}
		err = tx.Savepoint(ctx, func() error { return tx.WriteTurn(ctx, old, nil, loket.ActorBot) })
		wantErr(t, err, loket.ErrConflict)
		_, _, err = tx.OpenConversation(ctx, loket.ChannelTelegram, "turn", t0)
		return err
	})
}
