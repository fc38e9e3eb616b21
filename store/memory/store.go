// Package memory is the in-process twin of store/redis: dedupe keys, token
// buckets, fenced locks and live pub/sub for a single-process trial. It
// follows the contract checked by store/ephemeraltest, with time taken from
// a loket.Clock so expiry is tested by moving a clock, not by sleeping.
//
// It imports only the standard library and the root package loket; it must
// not import bot, flows, console or another store.
package memory

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"loket"
	"loket/store/ephemeral"
)

// sweepEvery is how much clock time passes between two full sweeps of
// expired entries. Between sweeps, expired entries are dropped lazily when
// their key is touched.
const sweepEvery = time.Minute

// Store keeps ephemeral state in maps guarded by mutexes. The zero value is
// not usable; call New.
type Store struct {
	clock loket.Clock

	mu        sync.Mutex
	once      map[string]time.Time // key → expiry
	buckets   map[string]ephemeral.Bucket
	locks     map[string]lock
	strikes   map[string]strike
	fence     int64 // last fencing token handed out, across all keys
	nextSweep time.Time

	ps pubsub

	closeOnce sync.Once
	done      chan struct{}
	doneCtx   context.Context // ends with done (subscriptions leave on it)
	closeCtx  context.CancelFunc
}

// New returns an empty store that reads time from clock.
func New(clock loket.Clock) *Store {
	doneCtx, closeCtx := context.WithCancel(context.Background())
	return &Store{
		doneCtx:   doneCtx,
		closeCtx:  closeCtx,
		clock:     clock,
		once:      make(map[string]time.Time),
		buckets:   make(map[string]ephemeral.Bucket),
		locks:     make(map[string]lock),
		strikes:   make(map[string]strike),
		nextSweep: clock.Now().Add(sweepEvery),
		ps:        pubsub{topics: make(map[string]map[*subscriber]struct{})},
		done:      make(chan struct{}),
	}
}

// errClosed is returned by every call after Close.
var errClosed = errors.New("memory: store closed")

// Ping reports whether the store is open.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.alive(ctx); err != nil {
		return fmt.Errorf("memory: ping: %w", err)
	}
	return nil
}

// Close ends every subscription and makes further calls fail. It is safe to
// call more than once.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { close(s.done); s.closeCtx() })
	return nil
}

// alive returns an error when the store is closed or ctx is done.
func (s *Store) alive(ctx context.Context) error {
	select {
	case <-s.done:
		return errClosed
	default:
	}
	return ctx.Err()
}

// now returns the clock's time and, at most once per sweepEvery, drops every
// expired entry. It must be called with s.mu held.
func (s *Store) now() time.Time {
	now := s.clock.Now()
	if now.Before(s.nextSweep) {
		return now
	}
	s.nextSweep = now.Add(sweepEvery)
	for k, exp := range s.once {
		if !now.Before(exp) {
			delete(s.once, k)
		}
	}
	for k, b := range s.buckets {
		if !now.Before(b.Expires) {
			delete(s.buckets, k)
		}
	}
	for k, l := range s.locks {
		if !now.Before(l.expires) {
			delete(s.locks, k)
		}
	}
	for k, st := range s.strikes {
		if !now.Before(st.expires) {
			delete(s.strikes, k)
		}
	}
	return now
}

// Len returns how many keys, buckets and locks the store holds, expired or
// not. It lets tests check that memory stays bounded.
func (s *Store) Len() (once, buckets, locks int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.once), len(s.buckets), len(s.locks)
}

func invalid(format string, args ...any) error {
	return &loket.Error{Code: loket.EInvalid, Message: fmt.Sprintf(format, args...)}
}

// MarkOnce sets key for ttl if it is absent and reports whether this call
// set it.
func (s *Store) MarkOnce(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if err := ephemeral.CheckKeyTTL(key, ttl); err != nil {
		return false, fmt.Errorf("memory: mark once: %w", err)
	}
	if err := s.alive(ctx); err != nil {
		return false, fmt.Errorf("memory: mark once %q: %w", key, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if exp, ok := s.once[key]; ok && now.Before(exp) {
		return false, nil
	}
	s.once[key] = now.Add(ttl)
	return true, nil
}
