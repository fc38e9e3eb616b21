package redis

import (
	"context"
	"fmt"
	"sync/atomic"
)

// SubscriberBuffer is how many payloads wait for a subscriber before new
// ones are dropped for it.
const SubscriberBuffer = 64

type dropCounter struct{ n atomic.Uint64 }

// Dropped returns how many payloads were dropped for slow subscribers of
// this store.
func (s *Store) Dropped() uint64 { return s.dropped.n.Load() }

// Subscribe returns the payloads published to topic once Redis has
// confirmed the subscription. Every subscription of the store shares one
// connection (hub.go); the channel is closed when ctx is done or the store
// is closed. It is closed too when payloads may have been lost: the reader
// fell SubscriberBuffer payloads behind, or the connection to Redis was
// re-established (what was published meanwhile is gone). The reader then
// subscribes again and catches up from the source of truth.
func (s *Store) Subscribe(ctx context.Context, topic string) (<-chan []byte, error) {
	if topic == "" {
		return nil, fmt.Errorf("redis: subscribe: %w", invalid("empty topic"))
	}
	select {
	case <-s.done:
		return nil, fmt.Errorf("redis: subscribe %q: %w", topic, unavailable(errStoreClosed))
	default:
	}
	sub, err := s.hub.subscribe(ctx, s.channel(topic))
	if err != nil {
		return nil, fmt.Errorf("redis: subscribe %q: %w", topic, err)
	}
	return sub.out, nil
}
