package sqlite_test

import (
	"context"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

// TestClaimWithNothingDueSkipsTheWriter: a sender claims each time a
// chat's messages in hand are done, and most of those claims find
// nothing. With one writer such a claim used to wait for it, behind a
// batch's whole transaction; a reader looks first now. The claim of a
// message that is due still goes through the writer, after the holder's
// commit, and leases it.
func TestClaimWithNothingDueSkipsTheWriter(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	held, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.InTx(ctx, func(tx storetest.Tx) error {
			err := tx.EnqueueOutbound(ctx, &loket.Outbound{Channel: loket.ChannelTelegram, ChatID: "42", Text: "halo", CreatedAt: t0})
			close(held)
			<-release
			return err
		})
	}()
	<-held
	empty := make(chan error, 1)
	go func() {
		got, err := s.ClaimOutbound(ctx, loket.ChannelTelegram, t0, time.Minute, 10, 0)
		if err == nil && len(got) > 0 {
			t.Errorf("claimed %d messages of a transaction not committed yet", len(got))
		}
		empty <- err
	}()
	select {
	case err := <-empty:
		if err != nil {
			t.Fatalf("claim with nothing due: %v", err)
		}
	case <-time.After(5 * time.Second):
		close(release)
		t.Fatal("a claim with nothing due waited for the writer's transaction")
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("the holder's transaction: %v", err)
	}
	got, err := s.ClaimOutbound(ctx, loket.ChannelTelegram, t0, time.Minute, 10, 0)
	if err != nil || len(got) != 1 || got[0].Text != "halo" || got[0].Attempts != 1 {
		t.Fatalf("claim after the commit: %+v %v, want the message leased", got, err)
	}
}
