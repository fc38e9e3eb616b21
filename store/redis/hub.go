package redis

import (
	"context"
	"errors"
	"fmt"
	"sync"

	goredis "github.com/redis/go-redis/v9"
)

// hub carries every subscription of the store over one Redis connection:
// a thousand open web-chat streams would otherwise hold a thousand
// connections, each with go-redis' fixed 64 KB of buffers. Redis is
// subscribed to a channel while at least one local subscriber wants it;
// payloads are fanned out to them without ever blocking.
type hub struct {
	s  *Store
	mu sync.Mutex
	ps *goredis.PubSub // nil until the first subscription
	// subs are the local subscribers per Redis channel; confirmed says
	// Redis has confirmed the channel's subscription; waiting are the
	// Subscribe calls waiting for that confirmation.
	subs      map[string]map[*hubSub]struct{}
	confirmed map[string]bool
	waiting   map[string][]chan struct{}
}

type hubSub struct{ out chan []byte }

var errStoreClosed = errors.New("store closed")

func newHub(s *Store) *hub {
	return &hub{s: s, subs: map[string]map[*hubSub]struct{}{}, confirmed: map[string]bool{}, waiting: map[string][]chan struct{}{}}
}

// subscribe adds a local subscriber of channel and returns once Redis has
// confirmed the channel's subscription (so what is published after it is
// delivered).
func (h *hub) subscribe(ctx context.Context, channel string) (*hubSub, error) {
	sub := &hubSub{out: make(chan []byte, SubscriberBuffer)}
	h.mu.Lock()
	if h.ps == nil {
		h.ps = h.s.client.Subscribe(context.Background())
		go h.run(h.ps)
	}
	set := h.subs[channel]
	if set == nil {
		set = map[*hubSub]struct{}{}
		h.subs[channel] = set
	}
	set[sub] = struct{}{}
	var confirmed chan struct{}
	if !h.confirmed[channel] {
		confirmed = make(chan struct{})
		h.waiting[channel] = append(h.waiting[channel], confirmed)
		if len(h.waiting[channel]) == 1 { // no SUBSCRIBE of it in flight
			// Written under mu, so SUBSCRIBE and UNSUBSCRIBE of a channel
			// reach Redis in the order the hub decided them.
			if err := h.ps.Subscribe(ctx, channel); err != nil {
				h.mu.Unlock()
				h.remove(channel, sub)
				return nil, fmt.Errorf("redis: subscribe: %w", unavailable(err))
			}
		}
	}
	h.mu.Unlock()
	if confirmed != nil {
		select {
		case <-confirmed:
		case <-ctx.Done():
			h.remove(channel, sub)
			return nil, fmt.Errorf("redis: subscribe: %w", ctx.Err())
		case <-h.s.done:
			h.remove(channel, sub)
			return nil, fmt.Errorf("redis: subscribe: %w", unavailable(errStoreClosed))
		}
	}
	context.AfterFunc(ctx, func() { h.remove(channel, sub) })
	return sub, nil
}

// remove closes a local subscriber (once) and unsubscribes Redis from the
// channel when it was the last.
func (h *hub) remove(channel string, sub *hubSub) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.drop(channel, sub)
}

// drop is remove with mu held.
func (h *hub) drop(channel string, sub *hubSub) {
	set := h.subs[channel]
	if _, ok := set[sub]; !ok {
		return
	}
	delete(set, sub)
	close(sub.out)
	if len(set) > 0 {
		return
	}
	delete(h.subs, channel)
	if h.confirmed[channel] || len(h.waiting[channel]) > 0 {
		delete(h.confirmed, channel)
		for _, w := range h.waiting[channel] {
			close(w)
		}
		delete(h.waiting, channel)
		if err := h.ps.Unsubscribe(context.Background(), channel); err != nil {
			h.s.log.Debug("redis: unsubscribe", "channel", channel, "err", err)
		}
	}
}

// run fans the connection's messages out until the store is closed. A
// subscription confirmed again without being asked for is a reconnect:
// what was published meanwhile is lost, so that channel's subscribers are
// closed (they subscribe again and catch up).
func (h *hub) run(ps *goredis.PubSub) {
	defer func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		for channel, set := range h.subs {
			for sub := range set {
				h.drop(channel, sub)
			}
		}
	}()
	in := ps.ChannelWithSubscriptions(goredis.WithChannelSize(4 * SubscriberBuffer))
	for {
		var m any
		var ok bool
		select {
		case m, ok = <-in:
			if !ok {
				return
			}
		case <-h.s.done:
			_ = ps.Close()
			return
		}
		h.mu.Lock()
		switch m := m.(type) {
		case *goredis.Subscription:
			if m.Kind != "subscribe" {
				break
			}
			if ws := h.waiting[m.Channel]; len(ws) > 0 {
				for _, w := range ws {
					close(w)
				}
				delete(h.waiting, m.Channel)
				h.confirmed[m.Channel] = true
			} else if h.confirmed[m.Channel] {
				h.s.log.Debug("redis: subscription re-established; closing its subscribers", "channel", m.Channel)
				for sub := range h.subs[m.Channel] {
					h.drop(m.Channel, sub)
				}
			}
		case *goredis.Message:
			for sub := range h.subs[m.Channel] {
				select {
				case sub.out <- []byte(m.Payload):
				default:
					if h.s.dropped.n.Add(1)%1000 == 1 {
						h.s.log.Warn("redis: a subscriber fell behind; closing its subscription",
							"channel", m.Channel, "dropped_total", h.s.dropped.n.Load())
					}
					h.drop(m.Channel, sub)
				}
			}
		}
		h.mu.Unlock()
	}
}
