package storetest

import (
	"testing"
	"time"

	"loket"
)

// testInboundQueue: the list of unhandled messages (what the recovery
// pass reads) follows every way a message stops waiting: a claim, alone
// or in a batch; its last failed try; its chat being deleted. A message
// refused by a claim (an older one of its chat waits) stays listed.
func testInboundQueue(t *testing.T, s Store) {
	ctx := ctxT(t)
	rec, err := s.RecordInbound(ctx, []loket.Inbound{inbound("q1", "Q", t0), inbound("q2", "Q", t0.Add(time.Second)),
		inbound("r1", "R", t0), inbound("r2", "R", t0), inbound("s1", "S", t0), inbound("s2", "S", t0)})
	must(t, err)
	q1, q2, r1, r2, s1, s2 := rec[0].ID, rec[1].ID, rec[2].ID, rec[3].ID, rec[4].ID, rec[5].ID
	pending := func() map[int64]bool {
		p, err := s.PendingInbound(ctx, t0.Add(time.Hour), 100)
		must(t, err)
		ids := map[int64]bool{}
		for _, m := range p {
			ids[m.ID] = true
		}
		return ids
	}
	if got := pending(); len(got) != 6 {
		t.Fatalf("recorded, pending = %v", got)
	}
	inTx(t, s, func(tx Tx) error {
		if ok, err := tx.ClaimInbound(ctx, q2, t0); err != nil || ok {
			t.Fatalf("q2 claimed before q1: %v %v", ok, err)
		}
		if ok, err := tx.ClaimInbound(ctx, q1, t0); err != nil || !ok {
			t.Fatalf("q1 not claimed: %v %v", ok, err)
		}
		got, err := tx.ClaimInbounds(ctx, []int64{r1, r2}, t0)
		if err != nil || len(got) != 2 {
			t.Fatalf("batch claimed %v, %v", got, err)
		}
		return tx.InboundFailed(ctx, s1, "boom", 1, t0)
	})
	got := pending()
	if len(got) != 2 || !got[q2] || !got[s2] {
		t.Fatalf("after claims and a last try, pending = %v (want q2 %d, s2 %d)", got, q2, s2)
	}
	inTx(t, s, func(tx Tx) error {
		_, c, err := tx.OpenConversation(ctx, loket.ChannelTelegram, "S", t0)
		if err != nil {
			return err
		}
		return tx.DeleteChat(ctx, c.ID)
	})
	if got := pending(); len(got) != 1 || !got[q2] {
		t.Fatalf("after the chat was deleted, pending = %v", got)
	}
}
