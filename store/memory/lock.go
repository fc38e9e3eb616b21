package memory

import (
	"context"
	"fmt"
	"time"

	"loket/store/ephemeral"
)

type lock struct {
	owner   string
	token   int64
	expires time.Time
}

// Acquire takes the lock key for owner for ttl. The fencing token comes
// from one counter for the whole store, so it is strictly greater than any
// token handed out before for any key, and nothing per key has to outlive
// the lock.
func (s *Store) Acquire(ctx context.Context, key, owner string, ttl time.Duration) (int64, bool, error) {
	if err := ephemeral.CheckLock(key, owner, ttl); err != nil {
		return 0, false, fmt.Errorf("memory: acquire: %w", err)
	}
	if err := s.alive(ctx); err != nil {
		return 0, false, fmt.Errorf("memory: acquire %q: %w", key, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	l, held := s.heldLocked(key, now)
	switch {
	case held && l.owner != owner:
		return 0, false, nil
	case !held:
		s.fence++
		l = lock{owner: owner, token: s.fence}
	}
	l.expires = now.Add(ttl)
	s.locks[key] = l
	return l.token, true, nil
}

// Refresh extends the lock if owner still holds it under token.
func (s *Store) Refresh(ctx context.Context, key, owner string, token int64, ttl time.Duration) (bool, error) {
	if err := ephemeral.CheckLock(key, owner, ttl); err != nil {
		return false, fmt.Errorf("memory: refresh: %w", err)
	}
	if err := s.alive(ctx); err != nil {
		return false, fmt.Errorf("memory: refresh %q: %w", key, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	l, held := s.heldLocked(key, now)
	if !held || l.owner != owner || l.token != token {
		return false, nil
	}
	l.expires = now.Add(ttl)
	s.locks[key] = l
	return true, nil
}

// Release frees the lock if owner holds it under token; otherwise it does
// nothing.
func (s *Store) Release(ctx context.Context, key, owner string, token int64) error {
	if err := ephemeral.CheckLock(key, owner, time.Nanosecond); err != nil {
		return fmt.Errorf("memory: release: %w", err)
	}
	if err := s.alive(ctx); err != nil {
		return fmt.Errorf("memory: release %q: %w", key, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if l, held := s.heldLocked(key, s.now()); held && l.owner == owner && l.token == token {
		delete(s.locks, key)
	}
	return nil
}

// heldLocked returns the live lock on key, dropping an expired one.
func (s *Store) heldLocked(key string, now time.Time) (lock, bool) {
	l, ok := s.locks[key]
	if !ok {
		return lock{}, false
	}
	if !now.Before(l.expires) {
		delete(s.locks, key)
		return lock{}, false
	}
	return l, true
}
