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

// subscriber is one subscription. A payload that finds its buffer full
// is lost for it, so the subscription is closed (lost): its reader learns
// it missed something, subscribes again and catches up from the source of
// truth, instead of carrying on with a hole.
type subscriber struct {
	mu     sync.Mutex
	ch     chan []byte
	closed bool
	lost   chan struct{} // closed with ch when a payload was lost
}

// offer hands p to the subscriber, or closes it when its buffer is full;
// false means a payload was dropped.
func (sub *subscriber) offer(p []byte) bool {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if sub.closed {
		return true
	}
	select {
	case sub.ch <- p:
		return true
	default:
		sub.closed = true
		close(sub.ch)
		close(sub.lost)
		return false
	}
}

// shut closes the subscription unless a loss closed it already.
func (sub *subscriber) shut() {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if !sub.closed {
		sub.closed = true
		close(sub.ch)
	}
}

type pubsub struct {
	mu      sync.RWMutex
	topics  map[string]map[*subscriber]struct{}
	dropped atomic.Uint64
}

// Publish hands a copy of payload to every current subscriber of topic
// that has room for it; one that has not is closed (it lost a payload)
// and the drop is counted.
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
		if !sub.offer(append([]byte(nil), payload...)) {
			s.ps.dropped.Add(1)
		}
	}
	return nil
}

// Subscribe returns the payloads published to topic from now on. The
// channel is closed when ctx is done, the store is closed, or a payload
// was lost because the reader fell SubscriberBuffer payloads behind.
func (s *Store) Subscribe(ctx context.Context, topic string) (<-chan []byte, error) {
	if topic == "" {
		return nil, fmt.Errorf("memory: subscribe: %w", invalid("empty topic"))
	}
	if err := s.alive(ctx); err != nil {
		return nil, fmt.Errorf("memory: subscribe %q: %w", topic, err)
	}
	sub := &subscriber{ch: make(chan []byte, SubscriberBuffer), lost: make(chan struct{})}
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
		case <-sub.lost:
		}
		s.ps.mu.Lock()
		defer s.ps.mu.Unlock()
		delete(subs, sub)
		if len(subs) == 0 {
			delete(s.ps.topics, topic)
		}
		sub.shut()
	}()
	return sub.ch, nil
}

// Dropped returns how many payloads were dropped for slow subscribers.
func (s *Store) Dropped() uint64 { return s.ps.dropped.Load() }
