package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"loket"
)

// testClaimInTx covers Tx.ClaimOutbound, the claim a batch makes inside
// its own transaction, and what it reports as held: messages it locked
// without leasing them. Those are skipped by every other claim until the
// transaction ends, so the caller must claim again after its commit; a
// claim that leased all it looked at holds nothing back. Whether a store
// locks at all is its own affair (SQLite has one writer and locks
// nothing), but where another claim, run meanwhile, skips a message this
// one left, held must say so.
func testClaimInTx(t *testing.T, s Store) {
	ctx := ctxT(t)
	h1, h2, h3 := out(loket.ChannelWebChat, "h", "1"), out(loket.ChannelWebChat, "h", "2"), out(loket.ChannelWebChat, "h", "3")
	k1 := out(loket.ChannelWebChat, "k", "1")
	enqueue(t, s, h1, h2, h3, k1)
	texts := func(ms []loket.Outbound) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.ChatID+m.Text)
		}
		return out
	}
	var first []loket.Outbound
	inTx(t, s, func(tx Tx) error {
		got, held, err := tx.ClaimOutbound(ctx, loket.ChannelWebChat, t0, time.Minute, 10, 2)
		if err != nil {
			return err
		}
		if want := []string{"h1", "h2", "k1"}; !slices.Equal(texts(got), want) {
			t.Fatalf("claim in a transaction, two a chat = %q, want %q", texts(got), want)
		}
		first = got
		// Another claim while this transaction is open. A store with one
		// writer makes it wait for the commit (given up here); one whose
		// writers run side by side answers at once, and what it skips
		// this claim must report.
		other, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		done := make(chan []loket.Outbound, 1)
		go func() {
			meanwhile, err := s.ClaimOutbound(other, loket.ChannelWebChat, t0, time.Minute, 10, 0)
			if err != nil {
				meanwhile = nil
			}
			done <- meanwhile
		}()
		meanwhile := <-done
		if other.Err() == nil && len(meanwhile) == 0 && !held {
			t.Fatal("a claim meanwhile skipped h3, which this claim locked and did not lease, but held is false")
		}
		if len(meanwhile) > 0 {
			t.Fatalf("a claim meanwhile took %q: h3 is behind two messages in hand", texts(meanwhile))
		}
		return nil
	})
	var marks []loket.SentMark
	for _, m := range first {
		marks = append(marks, loket.SentMark{ID: m.ID, Token: m.LeaseToken, ExternalID: "x" + m.Text, At: t0})
	}
	if _, err := s.OutboundSentBatch(ctx, marks); err != nil {
		t.Fatalf("mark sent: %v", err)
	}
	inTx(t, s, func(tx Tx) error {
		got, held, err := tx.ClaimOutbound(ctx, loket.ChannelWebChat, t0, time.Minute, 10, 2)
		if err != nil {
			return err
		}
		if want := []string{"h3"}; !slices.Equal(texts(got), want) || held {
			t.Fatalf("claim after the first was sent = %q held %v, want %q and nothing held", texts(got), held, want)
		}
		return nil
	})
}
