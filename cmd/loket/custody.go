package main

import (
	"context"
	"fmt"
	"time"

	"loket"
	"loket/bot"
	"loket/flows/custody"
	"loket/store"
)

// wireCustody registers the retention job (its schedule kept in the
// settings, the next run always scheduled) and returns the custody
// service the console uses for the retention page, exports and erasures.
func (s *server) wireCustody(ctx context.Context, clock loket.Clock) (*custody.Custody, error) {
	cust, err := custody.New(custody.Config{
		InTx: func(ctx context.Context, fn func(custody.Tx) error) error {
			return s.back.store.InTx(ctx, func(tx store.Tx) error { return fn(tx) })
		},
		Blobs: s.back.files, Location: s.cfg.Location, Log: s.log,
	})
	if err != nil {
		return nil, err
	}
	s.engine.HandleJobIO(custody.JobRetention, func(ctx context.Context, job *loket.Job, now time.Time) (bot.JobFunc[store.Tx], error) {
		run, err := cust.PrepareRun(ctx, job, now)
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, tx store.Tx, _ *loket.Job, now time.Time) error { return run(ctx, tx, now) }, nil
	})
	err = s.back.store.InTx(ctx, func(tx store.Tx) error { return cust.EnsureScheduled(ctx, tx, clock.Now()) })
	if err != nil {
		return nil, fmt.Errorf("schedule retention: %w", err)
	}
	return cust, nil
}
