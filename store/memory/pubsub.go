package memory

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
)

// SubscriberBuffer is how many payloads wait for a subscriber before new
// ones are dropped for it.
const SubscriberBuffer = 64

type subscriber struct {
	ch chan []byte
}

type pubsub struct {
	mu      sync.RWMutex
	topics  map[string]map[*subscriber]struct{}
	dropped atomic.Uint64
}

// Publish hands a copy of payload to every current subscriber of topic
// that has room for it, and counts a drop for every one that has not.
func (s *Store) Publish(ctx context.Context, topic string, payload []byte) error {
	if topic == "" {
		return fmt.Errorf("memory: publish: %w", invalid("empty topic"))
	}
	if err := s.alive(ctx); err != nil {
		return fmt.Errorf("memory: publish %q: %w", topic, err)
	}
	s.ps.mu.RLock()
	defer s.ps.mu.RUnlock()
	for sub := range s.ps.topics[topic] {
		select {
		case sub.ch <- append([]byte(nil), payload...):
		default:
			s.ps.dropped.Add(1)
		}
	}
	return nil
}

// Subscribe returns the payloads published to topic from now on. The
// channel is closed when ctx is done or the store is closed.
func (s *Store) Subscribe(ctx context.Context, topic string) (<-chan []byte, error) {
	if topic == "" {
		return nil, fmt.Errorf("memory: subscribe: %w", invalid("empty topic"))
	}
	if err := s.alive(ctx); err != nil {
		return nil, fmt.Errorf("memory: subscribe %q: %w", topic, err)
	}
	sub := &subscriber{ch: make(chan []byte, SubscriberBuffer)}
	s.ps.mu.Lock()
	subs := s.ps.topics[topic]
	if subs == nil {
		subs = make(map[*subscriber]struct{})
		s.ps.topics[topic] = subs
	}
	subs[sub] = struct{}{}
	s.ps.mu.Unlock()

	go func() {
		select {
		case <-ctx.Done():
		case <-s.done:
		}
		s.ps.mu.Lock()
		defer s.ps.mu.Unlock()
		delete(subs, sub)
		if len(subs) == 0 {
			delete(s.ps.topics, topic)
		}
		close(sub.ch)
	}()
	return sub.ch, nil
}

// Dropped returns how many payloads were dropped for slow subscribers.
func (s *Store) Dropped() uint64 { return s.ps.dropped.Load() }
