package storetest

import (
	"testing"
	"time"

	"loket"
)

// HandledTimes checks the time a claim records: a replica reads its clock
// before its claim runs, so a claim may come with a time earlier than that
// of the chat's previous message, claimed meanwhile by another replica.
// The recorded times of a chat still follow the order the messages were
// handled in, alone or in a batch; other chats keep their own times.
// handledAt reads a message's handled_at from the backend.
func HandledTimes(t *testing.T, s Store, handledAt func(id int64) time.Time) {
	ctx := ctxT(t)
	rec, err := s.RecordInbound(ctx, []loket.Inbound{inbound("h1", "H", t0), inbound("h2", "H", t0),
		inbound("h3", "H", t0), inbound("h4", "H", t0), inbound("g1", "G", t0)})
	must(t, err)
	h1, h2, h3, h4, g1 := rec[0].ID, rec[1].ID, rec[2].ID, rec[3].ID, rec[4].ID
	late, early := t0.Add(time.Minute), t0.Add(time.Second)
	inTx(t, s, func(tx Tx) error {
		ok, err := tx.ClaimInbound(ctx, h1, late)
		if err == nil && !ok {
			t.Fatal("h1 not claimed")
		}
		return err
	})
	inTx(t, s, func(tx Tx) error {
		ok, err := tx.ClaimInbound(ctx, h2, early)
		if err == nil && !ok {
			t.Fatal("h2 not claimed")
		}
		return err
	})
	inTx(t, s, func(tx Tx) error {
		got, err := tx.ClaimInbounds(ctx, []int64{h3, h4, g1}, early)
		if err == nil && len(got) != 3 {
			t.Fatalf("batch claimed %v", got)
		}
		return err
	})
	// Claimed as it is recorded (RecordClaimed): after the chat's latest.
	var h5 int64
	inTx(t, s, func(tx Tx) error {
		fresh, claimed, err := tx.RecordClaimed(ctx, []loket.Inbound{inbound("h5", "H", t0)}, early)
		if err == nil && (len(fresh) != 1 || !claimed[fresh[0].ID]) {
			t.Fatalf("h5 recorded %v, claimed %v", fresh, claimed)
		}
		if err == nil {
			h5 = fresh[0].ID
		}
		return err
	})
	for _, c := range []struct {
		name string
		id   int64
		want time.Time
	}{{"h1", h1, late}, {"h2 (claimed with an earlier time)", h2, late}, {"h3 (in a batch)", h3, late},
		{"h4 (after h3 in the batch)", h4, late}, {"g1 (another chat)", g1, early},
		{"h5 (claimed as it was recorded)", h5, late}} {
		if got := handledAt(c.id); !got.Equal(c.want) {
			t.Errorf("%s handled at %s, want %s", c.name, got.UTC().Format(time.StampMilli), c.want.UTC().Format(time.StampMilli))
		}
	}
}
