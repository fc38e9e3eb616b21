package main

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"loket/store"
)

// Housekeeping of the disk, at start-up and then every housekeepEvery.
const (
	housekeepEvery = 10 * time.Minute
	// orphanAge is how long a blob of the document store may exist with
	// no document or message referring to it before it is removed.
	orphanAge = 7 * 24 * time.Hour
)

// housekeeping sweeps the upload area (abandoned uploads) and the
// document store (orphaned blobs), and recounts the storage for the
// quota, until ctx ends.
func (s *server) housekeeping(ctx context.Context) {
	t := time.NewTicker(housekeepEvery)
	defer t.Stop()
	for {
		s.housekeep(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *server) housekeep(ctx context.Context) {
	if n, err := s.web.Sweep(ctx); err != nil {
		s.log.Warn("sweep the upload area", "err", err)
	} else if n > 0 {
		s.log.Info("removed abandoned uploads", "count", n)
	}
	referenced := func(ctx context.Context, sha string) (ok bool, err error) {
		err = s.back.store.InTx(ctx, func(tx store.Tx) error {
			ok, err = tx.BlobReferenced(ctx, sha)
			return err
		})
		return ok, err
	}
	if n, size, err := s.back.files.Sweep(ctx, time.Now().Add(-orphanAge), referenced); err != nil {
		s.log.Warn("sweep the document store", "err", err)
	} else if n > 0 {
		s.log.Info("removed documents nothing refers to", "count", n, "bytes", size)
	}
	used, err := s.back.space.Measure(ctx)
	if err != nil {
		s.log.Warn("measure the document store", "err", err)
		return
	}
	_, quota, free := s.back.space.Usage()
	s.log.Debug("document storage", "used", used, "quota", quota, "free", free)
}

// registerStorageMetrics exposes what the quota and the floor watch.
func (s *server) registerStorageMetrics(reg *prometheus.Registry) {
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "loket_files_bytes",
		Help: "Bytes held by the document store and the upload area (recounted every 10 minutes)."},
		func() float64 { used, _, _ := s.back.space.Usage(); return float64(used) }))
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "loket_files_free_bytes",
		Help: "Free bytes on the disk of the data directory."},
		func() float64 { _, _, free := s.back.space.Usage(); return float64(free) }))
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "loket_webchat_streams",
		Help: "Web-chat event streams open on this replica."},
		func() float64 { return float64(s.web.Open()) }))
	reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "loket_db_statements_total",
		Help: "Statements this replica ran on the database (BEGIN and COMMIT included)."},
		func() float64 { n, _ := s.back.tally.Counts(); return float64(n) }))
	reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "loket_db_round_trips_total",
		Help: "Round trips to the database (a pipelined batch of statements is one; on SQLite every statement)."},
		func() float64 { _, n := s.back.tally.Counts(); return float64(n) }))
	if s.back.pool != nil {
		registerPoolMetrics(reg, s.back.pool)
	}
}

// registerPoolMetrics exposes whether PostgreSQL's connection pool is big
// enough: how often a statement or transaction found no idle connection
// and waited for one (pool_max_conns in LOKET_DATABASE_URL sets its size).
func registerPoolMetrics(reg *prometheus.Registry, pool *pgxpool.Pool) {
	reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "loket_db_pool_acquires_total",
		Help: "Connections taken from the PostgreSQL pool."},
		func() float64 { return float64(pool.Stat().AcquireCount()) }))
	reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "loket_db_pool_acquire_waits_total",
		Help: "Takes that found no idle connection and waited for one (or for a new one to open)."},
		func() float64 { return float64(pool.Stat().EmptyAcquireCount()) }))
	reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "loket_db_pool_acquire_wait_seconds_total",
		Help: "Time spent in those waits."},
		func() float64 { return pool.Stat().EmptyAcquireWaitTime().Seconds() }))
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "loket_db_pool_connections_in_use",
		Help: "Connections taken from the pool now."},
		func() float64 { return float64(pool.Stat().AcquiredConns()) }))
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "loket_db_pool_connections_max",
		Help: "The pool's size."},
		func() float64 { return float64(pool.Stat().MaxConns()) }))
}
