// Package redis keeps Loket's short-lived state in Redis: dedupe keys, token
// buckets, fenced locks and live pub/sub shared by every replica. It follows
// the contract checked by store/ephemeraltest. Every key and channel name is
// prefixed, so several deployments (or parallel tests) can share one Redis.
// Token buckets and locks are Lua scripts, so each call is atomic; the
// bucket reads the server's TIME, so replicas with skewed clocks agree
// (this needs Redis 5 or later, for effect replication of scripts).
//
// It imports go-redis and the root package loket; it must not import bot,
// flows, console or another store.
package redis

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"loket"
)

// Store is a Redis-backed ephemeral store.
type Store struct {
	client *goredis.Client
	prefix string
	// topics starts every pub/sub channel name: the prefix and the
	// database number. Keys live in their database, but channels are
	// shared by all of a server's databases, so two deployments on one
	// Redis with different databases would hear each other's events.
	topics string
	log    *slog.Logger

	dropped   dropCounter
	hub       *hub         // every subscription, over one connection
	pub       chan *pubReq // publishes waiting for the next pipeline (publish.go)
	closeOnce sync.Once
	closeErr  error
	done      chan struct{}
}

// New connects to the Redis at url (redis:// or rediss://), checks it with
// a PING and returns a store whose keys all start with prefix.
func New(ctx context.Context, url, prefix string, log *slog.Logger) (*Store, error) {
	opt, err := goredis.ParseURL(url)
	if err != nil {
		// The URL may hold a password: name the failure, not the URL.
		return nil, fmt.Errorf("redis: parse LOKET_REDIS_URL: %w", err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	client := goredis.NewClient(opt)
	if err := client.Ping(ctx).Err(); err != nil {
		_ = client.Close()
		return nil, fmt.Errorf("redis: ping %s (db %d): %w", opt.Addr, opt.DB, err)
	}
	s := &Store{client: client, prefix: prefix, topics: fmt.Sprintf("%sdb%d:topic:", prefix, opt.DB), log: log, done: make(chan struct{}), pub: make(chan *pubReq, maxPipeline)}
	s.hub = newHub(s)
	go s.publishLoop()
	return s, nil
}

// Client returns the underlying go-redis client. Keys its callers write
// should start with Prefix.
func (s *Store) Client() *goredis.Client { return s.client }

// Prefix returns the prefix of every key and channel of this store.
func (s *Store) Prefix() string { return s.prefix }

// Ping checks that Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis: ping: %w", err)
	}
	return nil
}

// Close ends every subscription and closes the client. It is safe to call
// more than once.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		close(s.done)
		if err := s.client.Close(); err != nil {
			s.closeErr = fmt.Errorf("redis: close: %w", err)
		}
	})
	return s.closeErr
}

// key returns the Redis key of kind for key.
func (s *Store) key(kind, key string) string { return s.prefix + kind + ":" + key }

// channel returns the pub/sub channel name of topic.
func (s *Store) channel(topic string) string { return s.topics + topic }

func invalid(format string, args ...any) error {
	return &loket.Error{Code: loket.EInvalid, Message: fmt.Sprintf(format, args...)}
}

// unavailable marks a failed Redis call so edges can answer "retry later".
func unavailable(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return &loket.Error{Code: loket.EUnavailable, Err: err}
}

// millis returns d in whole milliseconds, at least 1, as Redis wants for PX.
func millis(d time.Duration) int64 {
	return int64(max(1, (d+time.Millisecond-1)/time.Millisecond))
}
