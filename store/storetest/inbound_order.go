package storetest

import (
	"testing"
	"time"

	"loket"
)

// testInboundOrder: a message is not claimed while an older message of
// its conversation is unhandled (failed and waiting for its next try, or
// in another replica's hands), so order per conversation holds across
// replicas and failures; other conversations are not held back, and a
// message set aside after its last try no longer blocks.
func testInboundOrder(t *testing.T, s Store) {
	ctx := ctxT(t)
	rec, err := s.RecordInbound(ctx, []loket.Inbound{inbound("a1", "A", t0), inbound("a2", "A", t0.Add(time.Second)),
		inbound("a3", "A", t0.Add(2*time.Second)), inbound("b1", "B", t0), inbound("c1", "C", t0), inbound("c2", "C", t0)})
	must(t, err)
	a1, a2, a3, b1, c1, c2 := rec[0].ID, rec[1].ID, rec[2].ID, rec[3].ID, rec[4].ID, rec[5].ID
	claim := func(id int64) bool {
		var ok bool
		inTx(t, s, func(tx Tx) error { ok, err = tx.ClaimInbound(ctx, id, t0); return err })
		return ok
	}
	claimAll := func(ids ...int64) map[int64]bool {
		var got map[int64]bool
		inTx(t, s, func(tx Tx) error { got, err = tx.ClaimInbounds(ctx, ids, t0); return err })
		return got
	}
	if claim(a2) {
		t.Fatal("a2 claimed while a1 is unhandled")
	}
	if got := claimAll(a2, a3); len(got) != 0 {
		t.Fatalf("batch claimed %v while a1 is unhandled", got)
	}
	if !claim(b1) {
		t.Fatal("another chat is held back")
	}
	// a1 fails its first try: it still holds its chat.
	inTx(t, s, func(tx Tx) error { return tx.InboundFailed(ctx, a1, "boom", 3, t0) })
	if claim(a2) {
		t.Fatal("a2 claimed while the failed a1 waits for its next try")
	}
	// Inside one batch older messages do not hold back later ones.
	if got := claimAll(a1, a2, a3); len(got) != 3 {
		t.Fatalf("batch in order claimed %v", got)
	}
	// A message set aside after its last try frees its chat.
	inTx(t, s, func(tx Tx) error { return tx.InboundFailed(ctx, c1, "boom", 1, t0) })
	if !claim(c2) {
		t.Fatal("c2 held back by a message that was set aside")
	}
}
