package redis

import (
	"context"
	"fmt"
	"sync/atomic"

	goredis "github.com/redis/go-redis/v9"
)

// SubscriberBuffer is how many payloads wait for a subscriber before new
// ones are dropped for it.
const SubscriberBuffer = 64

type dropCounter struct{ n atomic.Uint64 }

// Dropped returns how many payloads were dropped for slow subscribers of
// this store.
func (s *Store) Dropped() uint64 { return s.dropped.n.Load() }

// Publish sends payload to the subscribers of topic on every replica
// (PUBLISH on the prefixed channel).
func (s *Store) Publish(ctx context.Context, topic string, payload []byte) error {
	if topic == "" {
		return fmt.Errorf("redis: publish: %w", invalid("empty topic"))
	}
	if err := s.client.Publish(ctx, s.key("topic", topic), payload).Err(); err != nil {
		return fmt.Errorf("redis: publish %q: %w", topic, unavailable(err))
	}
	return nil
}

// Subscribe returns the payloads published to topic once Redis has
// confirmed the subscription. Each subscription holds one connection until
// ctx is done or the store is closed; then the channel is closed. It is
// closed too when payloads may have been lost: the reader fell
// SubscriberBuffer payloads behind, or the connection to Redis was
// re-established (what was published meanwhile is gone). The reader then
// subscribes again and catches up from the source of truth.
func (s *Store) Subscribe(ctx context.Context, topic string) (<-chan []byte, error) {
	if topic == "" {
		return nil, fmt.Errorf("redis: subscribe: %w", invalid("empty topic"))
	}
	channel := s.key("topic", topic)
	ps := s.client.Subscribe(ctx, channel)
	// Wait for the confirmation, so that what is published after Subscribe
	// returns is delivered.
	if _, err := ps.Receive(ctx); err != nil {
		_ = ps.Close()
		return nil, fmt.Errorf("redis: subscribe %q: %w", topic, unavailable(err))
	}
	out := make(chan []byte, SubscriberBuffer)
	go s.forward(ctx, topic, ps, out)
	return out, nil
}

// forward copies messages from ps to out without ever blocking, so a slow
// reader of out cannot back up the Redis connection; it stops (closing
// out) at the first payload it could not hand over and at a reconnect.
func (s *Store) forward(ctx context.Context, topic string, ps *goredis.PubSub, out chan<- []byte) {
	defer close(out)
	defer func() {
		if err := ps.Close(); err != nil {
			s.log.DebugContext(ctx, "redis: close subscription", "topic", topic, "err", err)
		}
	}()
	in := ps.ChannelWithSubscriptions(goredis.WithChannelSize(SubscriberBuffer))
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.done:
			return
		case m, ok := <-in:
			if !ok {
				return
			}
			msg, isMsg := m.(*goredis.Message)
			if !isMsg {
				// A subscription confirmed again: the connection was
				// re-established, and what was published meanwhile is lost.
				s.log.DebugContext(ctx, "redis: subscription re-established; closing it", "topic", topic)
				return
			}
			select {
			case out <- []byte(msg.Payload):
			default:
				if s.dropped.n.Add(1)%1000 == 1 {
					s.log.WarnContext(ctx, "redis: a subscriber fell behind; closing its subscription",
						"topic", topic, "dropped_total", s.dropped.n.Load())
				}
				return
			}
		}
	}
}
