package memory

import (
	"context"
	"fmt"
	"time"
)

// strike is a count of failures under one key.
type strike struct {
	n       int64
	last    time.Time
	expires time.Time
}

// Strike counts one failure under key and returns the count so far; the
// count is forgotten window after the latest strike.
func (s *Store) Strike(ctx context.Context, key string, window time.Duration) (int64, error) {
	if key == "" || window <= 0 {
		return 0, fmt.Errorf("memory: strike: %w", invalid("a key and a positive window are required"))
	}
	if err := s.alive(ctx); err != nil {
		return 0, fmt.Errorf("memory: strike %q: %w", key, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	st := s.strikes[key]
	if !now.Before(st.expires) {
		st = strike{}
	}
	st.n, st.last, st.expires = st.n+1, now, now.Add(window)
	s.strikes[key] = st
	return st.n, nil
}

// Strikes returns the count under key and how long ago the latest strike
// was; 0, 0 when there is none.
func (s *Store) Strikes(ctx context.Context, key string) (int64, time.Duration, error) {
	if err := s.alive(ctx); err != nil {
		return 0, 0, fmt.Errorf("memory: strikes %q: %w", key, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	st, ok := s.strikes[key]
	if !ok || !now.Before(st.expires) {
		return 0, 0, nil
	}
	return st.n, now.Sub(st.last), nil
}

// Forgive forgets the count under key.
func (s *Store) Forgive(ctx context.Context, key string) error {
	if err := s.alive(ctx); err != nil {
		return fmt.Errorf("memory: forgive %q: %w", key, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.strikes, key)
	return nil
}
