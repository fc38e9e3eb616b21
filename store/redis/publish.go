package redis

import (
	"context"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// maxPipeline bounds the PUBLISHes sent in one pipeline.
const maxPipeline = 128

// publishTimeout bounds one pipeline's round trip.
const publishTimeout = 10 * time.Second

// pubReq is one Publish waiting for its pipeline.
type pubReq struct {
	channel string
	payload []byte
	done    chan error // buffered: the publisher never waits for the caller
}

// Publish sends payload to the subscribers of topic on every replica
// (PUBLISH on the prefixed channel). Concurrent calls share round trips:
// one goroutine sends whatever is waiting as one pipeline, so a batch of
// recorded messages, or replies of several chats, cost about one round
// trip instead of one each. Calls of one goroutine keep their order.
func (s *Store) Publish(ctx context.Context, topic string, payload []byte) error {
	if topic == "" {
		return fmt.Errorf("redis: publish: %w", invalid("empty topic"))
	}
	r := &pubReq{channel: s.channel(topic), payload: payload, done: make(chan error, 1)}
	select {
	case s.pub <- r:
	case <-ctx.Done():
		return fmt.Errorf("redis: publish %q: %w", topic, ctx.Err())
	case <-s.done:
		return fmt.Errorf("redis: publish %q: %w", topic, unavailable(errStoreClosed))
	}
	select {
	case err := <-r.done:
		if err != nil {
			return fmt.Errorf("redis: publish %q: %w", topic, unavailable(err))
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("redis: publish %q: %w", topic, ctx.Err())
	case <-s.done:
		return fmt.Errorf("redis: publish %q: %w", topic, unavailable(errStoreClosed))
	}
}

// publishLoop sends the waiting PUBLISHes, as one pipeline each time,
// until the store is closed.
func (s *Store) publishLoop() {
	batch := make([]*pubReq, 0, maxPipeline)
	cmds := make([]*goredis.IntCmd, 0, maxPipeline)
	for {
		batch = batch[:0]
		select {
		case r := <-s.pub:
			batch = append(batch, r)
		case <-s.done:
			return
		}
	more:
		for len(batch) < maxPipeline {
			select {
			case r := <-s.pub:
				batch = append(batch, r)
			default:
				break more
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
		if len(batch) == 1 {
			batch[0].done <- s.client.Publish(ctx, batch[0].channel, batch[0].payload).Err()
			cancel()
			continue
		}
		cmds = cmds[:0]
		pipe := s.client.Pipeline()
		for _, r := range batch {
			cmds = append(cmds, pipe.Publish(ctx, r.channel, r.payload))
		}
		_, _ = pipe.Exec(ctx) // each command carries its own error
		cancel()
		for i, r := range batch {
			r.done <- cmds[i].Err()
		}
	}
}
