package storetest

import (
	"testing"
	"time"

	"loket"
)

// testOutboxPreLeased covers replies written already leased to their
// writer (the engine's direct delivery), by EnqueueOutbound and by
// WriteTurn (pipelined where the store pipelines): such a reply waits for
// its lease's end, its writer's mark lands, and a claim after the lease
// sends it. A pre-leased reply behind a queued message of its chat is
// queued as usual instead, so it cannot overtake it; replies of one
// writer's transaction do not hold each other back. A pre-leased reply
// keeps the attempt its writer counted; one queued as usual counts none.
func testOutboxPreLeased(t *testing.T, s Store) {
	ctx := ctxT(t)
	const lease = 4 * time.Second
	const token, other = int64(7001), int64(7002)
	pre := func(chat, text string, tok int64) *loket.Outbound {
		return &loket.Outbound{Channel: loket.ChannelWebChat, ChatID: chat, Text: text, CreatedAt: t0,
			NextAttemptAt: t0.Add(lease), LeaseToken: tok, Attempts: 1} // its first attempt, as a claim counts it
	}
	turn := func(chat string, outs ...*loket.Outbound) {
		t.Helper()
		inTx(t, s, func(tx Tx) error {
			conv, _, err := tx.OpenConversation(ctx, loket.ChannelWebChat, chat, t0)
			if err != nil {
				return err
			}
			conv.UpdatedAt = t0.Add(time.Millisecond)
			for _, o := range outs {
				o.ConversationID = conv.ID
			}
			// Two writes of the same conversation: two statements where
			// the store gathers them, still one writer.
			if err := tx.WriteTurn(ctx, conv, outs[:1], loket.ActorBot); err != nil {
				return err
			}
			conv.UpdatedAt = t0.Add(2 * time.Millisecond)
			return tx.WriteTurn(ctx, conv, outs[1:], loket.ActorBot)
		})
	}
	for _, how := range []string{"EnqueueOutbound", "WriteTurn"} {
		t.Run(how, func(t *testing.T) {
			write := func(chat string, outs ...*loket.Outbound) {
				if how == "WriteTurn" {
					turn(chat, outs...)
					return
				}
				enqueue(t, s, outs...)
			}
			chat := "pre-" + how
			a, b := pre(chat, "satu", token), pre(chat, "dua", token)
			write(chat, a, b)
			for _, o := range []*loket.Outbound{a, b} {
				if o.ID == 0 || o.LeaseToken != token || !o.NextAttemptAt.Equal(t0.Add(lease)) {
					t.Fatalf("pre-leased reply after commit: %+v", o)
				}
				got, err := s.OutboundByID(ctx, o.ID)
				must(t, err)
				if got.Status != loket.OutQueued || got.LeaseToken != token || !got.NextAttemptAt.Equal(t0.Add(lease)) || got.Attempts != 1 {
					t.Fatalf("stored pre-leased reply: %+v", got)
				}
			}
			if got, err := s.ClaimOutbound(ctx, loket.ChannelWebChat, t0.Add(lease/2), lease, 10, 0); err != nil || len(got) != 0 {
				t.Fatalf("claimed during the writer's lease: %+v %v", got, err)
			}
			// Behind a reply still queued (a's and b's marks not landed):
			// queued as usual, due at once, and not claimed before them.
			c := pre(chat, "tiga", other)
			write(chat, c, pre(chat, "empat", other))
			if c.LeaseToken != 0 || !c.NextAttemptAt.Equal(c.CreatedAt) || c.Attempts != 0 {
				t.Fatalf("pre-leased reply behind queued ones: %+v, want queued as usual, no attempt counted", c)
			}
			if got, err := s.OutboundByID(ctx, c.ID); err != nil || got.LeaseToken != 0 || got.Attempts != 0 {
				t.Fatalf("stored pre-leased reply behind queued ones: %+v %v, want queued as usual, no attempt counted", got, err)
			}
			if got, err := s.ClaimOutbound(ctx, loket.ChannelWebChat, t0.Add(lease/2), lease, 10, 0); err != nil || len(got) != 0 {
				t.Fatalf("claimed ahead of its chat's earlier replies: %+v %v", got, err)
			}
			// The writer marks a; b's mark is late: a claim after the lease
			// takes b and what follows it, in order.
			landed, err := s.OutboundSentBatch(ctx, []loket.SentMark{{ID: a.ID, Token: token, ExternalID: "web-a", At: t0.Add(time.Millisecond)}})
			must(t, err)
			if len(landed) != 1 || landed[0] != a.ID {
				t.Fatalf("writer's mark: landed %v", landed)
			}
			got, err := s.ClaimOutbound(ctx, loket.ChannelWebChat, t0.Add(lease+time.Millisecond), lease, 10, 0)
			must(t, err)
			if len(got) != 3 || got[0].ID != b.ID || got[1].ID != c.ID || got[2].ID <= c.ID {
				t.Fatalf("claimed after the lease: %+v, want b, c and the fourth in order", got)
			}
			// b's writer is too late now.
			landed, err = s.OutboundSentBatch(ctx, []loket.SentMark{{ID: b.ID, Token: token, ExternalID: "web-b", At: t0}})
			must(t, err)
			if len(landed) != 0 {
				t.Fatalf("a mark after the lease was taken over landed: %v", landed)
			}
			// Nothing queued in the chat any more: pre-leased again.
			for _, m := range got {
				must(t, s.OutboundSent(ctx, m.ID, m.LeaseToken, "web", t0.Add(lease)))
			}
			d, e := pre(chat, "lima", other), pre(chat, "enam", other)
			write(chat, d, e)
			if d.LeaseToken != other {
				t.Fatalf("pre-leased reply with nothing queued before it: %+v", d)
			}
			landed, err = s.OutboundSentBatch(ctx, []loket.SentMark{{ID: d.ID, Token: other, At: t0}, {ID: e.ID, Token: other, At: t0}})
			if err != nil || len(landed) != 2 {
				t.Fatalf("writer's marks: landed %v, %v", landed, err)
			}
		})
	}
}
