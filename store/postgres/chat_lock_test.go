package postgres_test

import (
	"context"
	"testing"
	"time"

	"loket"
	"loket/store"
)

// TestRecordingWaitsForItsChat: while one transaction has recorded (and
// claimed) a chat's message and not yet committed, as a replica does
// while it runs the message's turn, another replica recording the same
// chat waits for it. Without the wait the second one's claim does not see
// the first message: it takes the chat as its own, with a handled time
// earlier than the first message's, or queues its message behind nothing.
// Another chat does not wait.
func TestRecordingWaitsForItsChat(t *testing.T) {
	ctx := context.Background()
	s, pool := openWithPool(t)
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	msg := func(ext, chat string) loket.Inbound {
		return loket.Inbound{Channel: loket.ChannelTelegram, ExternalID: ext, ChatID: chat, SenderID: chat,
			Kind: loket.InText, Text: "halo " + ext, ReceivedAt: t0}
	}
	recordClaimed := func(m loket.Inbound, at time.Time) (int64, bool, error) {
		var id int64
		var ok bool
		err := s.InTx(ctx, func(tx store.Tx) error {
			fresh, claimed, err := tx.RecordClaimed(ctx, []loket.Inbound{m}, at)
			if err == nil && len(fresh) == 1 {
				id, ok = fresh[0].ID, claimed[fresh[0].ID]
			}
			return err
		})
		return id, ok, err
	}
	handledAt := func(id int64) time.Time {
		var at *time.Time
		if err := pool.QueryRow(ctx, `SELECT handled_at FROM inbound WHERE id = $1`, id).Scan(&at); err != nil {
			t.Fatalf("read handled_at of %d: %v", id, err)
		}
		if at == nil {
			return time.Time{}
		}
		return *at
	}
	if _, ok, err := recordClaimed(msg("c1", "C"), t0); err != nil || !ok {
		t.Fatalf("first message: claimed %v, %v", ok, err)
	}
	late, early := t0.Add(time.Minute), t0.Add(time.Second)

	// holding records m claimed at late in a transaction kept open until
	// release is closed.
	holding := func(m loket.Inbound) (release func() error) {
		recorded, rel, res := make(chan error, 1), make(chan struct{}), make(chan error, 1)
		go func() {
			res <- s.InTx(ctx, func(tx store.Tx) error {
				_, _, err := tx.RecordClaimed(ctx, []loket.Inbound{m}, late)
				recorded <- err
				<-rel
				return err
			})
		}()
		if err := <-recorded; err != nil {
			t.Fatalf("record %s: %v", m.ExternalID, err)
		}
		return func() error { close(rel); return <-res }
	}
	// waits checks that run, started while the chat is held, waits for
	// it: it is blocked on a lock before it returns (without the chat's
	// lock a claim of c3 goes on to wait for the conversation's row, and
	// is caught by its handled time). finish waits for run, after the
	// release.
	waits := func(what string, run func() error) (finish func()) {
		done := make(chan error, 1)
		go func() { done <- run() }()
		finish = func() {
			if err := <-done; err != nil {
				t.Errorf("%s: %v", what, err)
			}
		}
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			select {
			case err := <-done:
				t.Errorf("%s went ahead while another transaction was recording its chat (err %v)", what, err)
				return func() {}
			default:
			}
			var n int
			if err := pool.QueryRow(ctx, `SELECT count(*) FROM pg_locks WHERE NOT granted`).Scan(&n); err != nil {
				t.Errorf("read the locks: %v", err)
				return finish
			}
			if n > 0 {
				return finish
			}
		}
		t.Errorf("%s neither waited nor returned in 10 s", what)
		return finish
	}

	// A replica records and claims c3 while another holds c2 open.
	release := holding(msg("c2", "C"))
	var c3 int64
	var c3claimed bool
	finish := waits("recording and claiming c3", func() (err error) {
		c3, c3claimed, err = recordClaimed(msg("c3", "C"), early)
		return err
	})
	// Another chat goes ahead meanwhile.
	if _, ok, err := recordClaimed(msg("d1", "D"), early); err != nil || !ok {
		t.Errorf("another chat, recorded while C is held: claimed %v, %v", ok, err)
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	finish()
	if !c3claimed {
		t.Errorf("c3 was not claimed after c2 committed handled")
	} else if got := handledAt(c3); !got.Equal(late) {
		t.Errorf("c3 handled at %s, want %s: no earlier than c2, handled before it", got.UTC().Format(time.StampMilli), late.Format(time.StampMilli))
	}

	// Recorded apart (queued, no claim): c5 waits for c4's transaction, so
	// it is numbered after c4.
	release = holding(msg("c4", "C"))
	var c5 []loket.Inbound
	finish = waits("recording c5 apart", func() (err error) {
		c5, err = s.RecordInbound(ctx, []loket.Inbound{msg("c5", "C")})
		return err
	})
	if err := release(); err != nil {
		t.Fatal(err)
	}
	finish()
	var c4 int64
	if err := pool.QueryRow(ctx, `SELECT id FROM inbound WHERE external_id = 'c4'`).Scan(&c4); err != nil {
		t.Fatal(err)
	}
	if len(c5) != 1 || c5[0].ID < c4 {
		t.Errorf("c5 recorded as %v after c4 (id %d)", c5, c4)
	}
}
