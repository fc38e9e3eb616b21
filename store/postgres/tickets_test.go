package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"loket"
	"loket/store"
)

// TestTicketsOpenWithoutWaiting: a transaction that has opened a ticket
// and not yet committed (a vendor's turn, committing with the rest of its
// batch) does not hold back another transaction opening one. With the
// number taken from a locked counter row the second waited for the
// first's commit. Numbers stay unique and increasing; a rolled-back
// ticket leaves a gap, never a number given twice.
func TestTicketsOpenWithoutWaiting(t *testing.T) {
	ctx := context.Background()
	s, _ := openWithPool(t)
	open := func(ctx context.Context, tx store.Tx, title string) (int64, error) {
		tk := &loket.Ticket{Channel: loket.ChannelTelegram, Title: title, Type: loket.TypeRegistration}
		err := tx.CreateTicket(ctx, tk)
		return tk.Number, err
	}

	opened, release, held := make(chan int64, 1), make(chan struct{}), make(chan error, 1)
	go func() {
		held <- s.InTx(ctx, func(tx store.Tx) error {
			n, err := open(ctx, tx, "held")
			if err != nil {
				return err
			}
			opened <- n
			<-release
			return nil
		})
	}()
	var first int64
	select {
	case first = <-opened:
	case err := <-held:
		t.Fatalf("open the held ticket: %v", err)
	}

	wait, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var second int64
	err := s.InTx(wait, func(tx store.Tx) error {
		var err error
		second, err = open(wait, tx, "beside")
		return err
	})
	close(release)
	if err != nil {
		t.Fatalf("a ticket opened beside an uncommitted one: %v (it waited for the other's commit)", err)
	}
	if err := <-held; err != nil {
		t.Fatalf("commit the held ticket: %v", err)
	}
	if first <= 1000 || second <= first {
		t.Fatalf("numbers %d then %d: want both above 1000, increasing", first, second)
	}

	undone := errors.New("undone")
	var gone int64
	err = s.InTx(ctx, func(tx store.Tx) error {
		var err error
		if gone, err = open(ctx, tx, "rolled back"); err != nil {
			return err
		}
		return undone
	})
	if !errors.Is(err, undone) {
		t.Fatalf("rolled-back ticket: %v", err)
	}
	var next int64
	if err := s.InTx(ctx, func(tx store.Tx) error {
		var err error
		next, err = open(ctx, tx, "after the gap")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if gone <= second || next <= gone {
		t.Fatalf("numbers %d, %d (rolled back), %d: want increasing, none given twice", second, gone, next)
	}
	err = s.InTx(ctx, func(tx store.Tx) error {
		_, err := tx.TicketByNumber(ctx, gone)
		return err
	})
	if !errors.Is(err, loket.ErrNotFound) {
		t.Fatalf("the rolled-back ticket's number finds %v, want not found", err)
	}
}
