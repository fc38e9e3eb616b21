package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"loket"
	"loket/store"
	"loket/store/files"
	"loket/store/memory"
	"loket/store/postgres"
	"loket/store/redis"
	"loket/store/sqlite"
	"loket/store/sqlstore"
)

// Ephemeral is the short-lived state: Redis or the in-process twin.
type Ephemeral interface {
	MarkOnce(ctx context.Context, key string, ttl time.Duration) (bool, error)
	Allow(ctx context.Context, key string, rate float64, burst int) (bool, time.Duration, error)
	Publish(ctx context.Context, topic string, payload []byte) error
	Subscribe(ctx context.Context, topic string) (<-chan []byte, error)
	Acquire(ctx context.Context, key, owner string, ttl time.Duration) (int64, bool, error)
	Refresh(ctx context.Context, key, owner string, token int64, ttl time.Duration) (bool, error)
	Release(ctx context.Context, key, owner string, token int64) error
	Ping(ctx context.Context) error
	Close() error
}

// backends are the opened stores, closed in reverse order.
type backends struct {
	cfg     *Config
	store   store.Store
	eph     Ephemeral
	limiter memory.Shared // eph's limits, in-process while Redis is down
	files   *files.Dir    // the document store: checked documents only
	uploads *files.Dir    // the web chat's upload area: not yet checked
	space   *files.Space  // quota and free-space floor over both
	dialect string
	tally   *sqlstore.Tally // the database's statements and round trips
	jobTxs  int             // job transactions at once (bot.Config.JobTxs; see jobTxsFor)
	pool    *pgxpool.Pool   // PostgreSQL's connections (nil on SQLite), for their metrics
	unlock  func()
	local   *memory.Store // the limiter's in-process fallback (with Redis)
	// rawDB opens a *sql.DB on the same database for the WhatsApp device
	// store (its own pool, so whatsmeow never waits on our single SQLite
	// writer inside one of our transactions).
	rawDB func() (*sql.DB, error)
}

// jobTxsFor is how many job transactions may be open at once on a pool
// of conns connections: one for every four, so that the vendors' turns
// (the shards' batches and the recorders) keep the rest. pgx's pool has
// max(4, cores) connections unless the URL's pool_max_conns says more.
func jobTxsFor(conns int) int { return max(1, conns/4) }

// openBackends opens the database (PostgreSQL or embedded SQLite, with
// migrations applied) and the ephemeral store (Redis or in-process).
func openBackends(ctx context.Context, cfg *Config, log *slog.Logger, lockDir bool) (*backends, error) {
	b := &backends{cfg: cfg, unlock: func() {}}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, &configError{"LOKET_DATA_DIR", fmt.Sprintf("cannot create %s: %v", cfg.DataDir, err)}
	}
	if lockDir {
		unlock, err := lockDataDir(cfg.DataDir)
		if err != nil {
			return nil, err
		}
		b.unlock = unlock
	}
	if cfg.DatabaseURL != "" {
		var st *postgres.Store
		err := awaitServer(ctx, log, "PostgreSQL", cfg.StartWait, func(ctx context.Context) (err error) {
			st, err = postgres.Open(ctx, cfg.DatabaseURL, log)
			return err
		})
		if err != nil {
			b.Close()
			return nil, &configError{"LOKET_DATABASE_URL", fmt.Sprintf("cannot use the database: %v", err)}
		}
		b.store, b.dialect, b.tally = st, "postgres", st.Tally()
		b.pool = st.Pool()
		b.jobTxs = jobTxsFor(int(b.pool.Config().MaxConns))
		b.rawDB = func() (*sql.DB, error) { return stdlib.OpenDBFromPool(b.pool), nil }
	} else {
		path := filepath.Join(cfg.DataDir, "loket.db")
		st, err := sqlite.Open(ctx, path, log)
		if err != nil {
			b.Close()
			return nil, &configError{"LOKET_DATA_DIR", fmt.Sprintf("cannot open the embedded database %s: %v", path, err)}
		}
		b.store, b.dialect, b.tally = st, "sqlite", st.Tally()
		b.jobTxs = 1 // one writer: its transactions never overlap anyway
		b.rawDB = func() (*sql.DB, error) {
			return sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_txlock=immediate")
		}
	}
	fd, err := files.NewDir(filepath.Join(cfg.DataDir, "files"), cfg.filesOptions()...)
	if err != nil {
		b.Close()
		return nil, &configError{"LOKET_DATA_DIR", fmt.Sprintf("cannot use the document store: %v", err)}
	}
	b.files = fd
	if n, err := fd.SweepTemp(ctx, time.Hour, time.Now()); err != nil {
		log.Warn("sweep interrupted document writes", "err", err)
	} else if n > 0 {
		log.Info("removed documents left half-written by a crash", "count", n)
	}
	if b.uploads, err = files.NewDir(filepath.Join(cfg.DataDir, "uploads"), cfg.filesOptions()...); err != nil {
		b.Close()
		return nil, &configError{"LOKET_DATA_DIR", fmt.Sprintf("cannot use the upload area: %v", err)}
	}
	b.space = files.NewSpace(cfg.FilesQuota, cfg.FilesMinFree, b.files, b.uploads)
	if cfg.RedisURL != "" {
		var eph *redis.Store
		err := awaitServer(ctx, log, "Redis", cfg.StartWait, func(ctx context.Context) (err error) {
			eph, err = redis.New(ctx, cfg.RedisURL, cfg.RedisPrefix, log)
			return err
		})
		if err != nil {
			b.Close()
			return nil, &configError{"LOKET_REDIS_URL", fmt.Sprintf("cannot use Redis: %v", err)}
		}
		b.eph = eph
		b.local = memory.New(loket.SystemClock{})
		b.limiter = memory.NewFallback(eph, b.local)
	} else {
		mem := memory.New(loket.SystemClock{})
		b.eph, b.limiter = mem, mem
	}
	return b, nil
}

// Close closes what was opened.
func (b *backends) Close() {
	if b.eph != nil {
		_ = b.eph.Close()
	}
	if b.local != nil {
		_ = b.local.Close()
	}
	if b.store != nil {
		_ = b.store.Close()
	}
	b.unlock()
}

// healthHandler answers /healthz (process up) and /readyz (dependencies
// reachable, with detail per dependency).
// /readyz tells anyone the state of each backend; why one is down (raw
// driver text naming hosts and addresses) goes only to the log.
func healthHandler(b *backends, extra func() map[string]string, log *slog.Logger) (http.HandlerFunc, http.HandlerFunc) {
	healthz := func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "version": version})
	}
	readyz := func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		detail := map[string]any{}
		ok := true
		check := func(name, kind string, err error) {
			if err != nil {
				ok = false
				detail[name] = map[string]string{"status": "down", "backend": kind}
				log.WarnContext(r.Context(), "readyz: backend down", "check", name, "backend", kind, "err", err)
				return
			}
			detail[name] = map[string]string{"status": "up", "backend": kind}
		}
		check("database", b.dialect, b.store.Ping(ctx))
		redisKind := "in-process"
		if b.cfg.RedisURL != "" {
			redisKind = "redis"
		}
		check("redis", redisKind, b.eph.Ping(ctx))
		if extra != nil {
			for k, v := range extra() {
				detail[k] = map[string]string{"status": v}
			}
		}
		status := http.StatusOK
		body := map[string]any{"status": "ready", "checks": detail}
		if !ok {
			status, body["status"] = http.StatusServiceUnavailable, "unavailable"
		}
		writeJSON(w, status, body)
	}
	return healthz, readyz
}

func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// listen opens the HTTP listener early so a busy port is reported at once.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, &configError{"LOKET_HTTP_ADDR", fmt.Sprintf("cannot listen on %s: %v", addr, err)}
	}
	return ln, nil
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: lv}))
}

func serveHTTP(ctx context.Context, srv *http.Server, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("http shutdown: %w", err)
	}
	return nil
}
