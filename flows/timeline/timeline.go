// Package timeline lets a feature observe the ticket timeline: every
// activity, whichever path wrote it (bot, console, API, staff group,
// jobs), is seen once, in order, by each observer. An observer keeps a
// cursor row; a pass locks it, reads what came after it and moves it, in
// one transaction with whatever the observer does, so a crash or a second
// replica neither skips nor repeats an activity. The cursor holds a
// commit-ordered sequence (loket.Activity.Seq), not an id, so an activity
// whose transaction commits after a later one is not skipped either.
//
// It imports only the root package.
package timeline

import (
	"context"
	"time"

	"loket"
)

// Tx is what a pass needs of the store.
type Tx interface {
	LockStaffCursor(ctx context.Context, key string, wait bool) (afterID int64, ok bool, err error)
	SaveStaffCursor(ctx context.Context, key string, afterID int64, at time.Time) error
	ActivitiesSince(ctx context.Context, afterID int64, limit int) ([]loket.Activity, error)
}

// Observer names a cursor and how a pass reads.
type Observer struct {
	Key string // the cursor's key; a new cursor starts at the newest activity
	// Settle holds back activities younger than this (default 2s). Order
	// does not need it (Seq is given at commit); it lets a burst of
	// changes to a ticket arrive together.
	Settle time.Duration
	Batch  int // activities per pass (default 200)
}

// Pass runs one pass inside tx: it locks the cursor (returning at once
// when another transaction holds it), hands the settled activities after
// it to fn in id order, and moves the cursor past them. more reports
// that a full batch was read, so another pass may find more.
func (o Observer) Pass(ctx context.Context, tx Tx, now time.Time, fn func([]loket.Activity) error) (more bool, err error) {
	settle, batch := o.Settle, o.Batch
	if settle <= 0 {
		settle = 2 * time.Second
	}
	if batch <= 0 {
		batch = 200
	}
	after, ok, err := tx.LockStaffCursor(ctx, o.Key, false)
	if err != nil || !ok {
		return false, err
	}
	acts, err := tx.ActivitiesSince(ctx, after, batch)
	if err != nil {
		return false, err
	}
	cutoff := now.Add(-settle)
	n := 0
	for n < len(acts) && !acts[n].CreatedAt.After(cutoff) {
		n++
	}
	if n == 0 {
		return false, nil
	}
	if err := fn(acts[:n]); err != nil {
		return false, err
	}
	if err := tx.SaveStaffCursor(ctx, o.Key, acts[n-1].Seq, now); err != nil {
		return false, err
	}
	return n == len(acts) && len(acts) == batch, nil
}
