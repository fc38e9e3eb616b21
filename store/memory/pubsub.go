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
	leave  func() // removes the subscription (the end of its context or the store, or a loss)
	left   bool
	stops  []func() bool // the watches of its context and the store
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
		return false
	}
}

// shut closes the subscription unless a loss closed it already, and
// drops its watches of the context and the store.
func (sub *subscriber) shut() {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if !sub.closed {
		sub.closed = true
		close(sub.ch)
	}
	sub.left = true
	for _, stop := range sub.stops {
		stop()
	}
	sub.stops = nil
}

// watch keeps the stop functions of the subscription's context watches
// (context.AfterFunc), or stops them at once when it has left already.
func (sub *subscriber) watch(stops ...func() bool) {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if sub.left {
		for _, stop := range stops {
			stop()
		}
		return
	}
	sub.stops = stops
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
	var lost []*subscriber
	s.ps.mu.RLock()
	for sub := range s.ps.topics[topic] {
		if !sub.offer(append([]byte(nil), payload...)) {
			s.ps.dropped.Add(1)
			lost = append(lost, sub)
		}
	}
	s.ps.mu.RUnlock()
	for _, sub := range lost {
		sub.leave()
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
	sub := &subscriber{ch: make(chan []byte, SubscriberBuffer)}
	s.ps.mu.Lock()
	subs := s.ps.topics[topic]
	if subs == nil {
		subs = make(map[*subscriber]struct{})
		s.ps.topics[topic] = subs
	}
	// No goroutine waits per subscription (thousands of open event
	// streams): the end of ctx or of the store, or a loss, removes it.
	var once sync.Once
	sub.leave = func() {
		once.Do(func() {
			s.ps.mu.Lock()
			delete(subs, sub)
			if len(subs) == 0 {
				delete(s.ps.topics, topic)
			}
			s.ps.mu.Unlock()
			sub.shut()
		})
	}
	subs[sub] = struct{}{}
	s.ps.mu.Unlock()
	sub.watch(context.AfterFunc(ctx, sub.leave), context.AfterFunc(s.doneCtx, sub.leave))
	return sub.ch, nil
}

// Dropped returns how many payloads were dropped for slow subscribers.
func (s *Store) Dropped() uint64 { return s.ps.dropped.Load() }
