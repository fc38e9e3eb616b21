package redis

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// HubHeartbeat is how long the subscription connection may stay silent
// before the hub publishes a heartbeat to itself; a connection that has
// carried nothing for three of them is taken for dead (see run).
const HubHeartbeat = 5 * time.Second

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
	// beat is the channel the hub publishes its heartbeat to, every
	// (HubHeartbeat unless a test shortens it) of silence.
	beat  string
	every time.Duration
}

type hubSub struct{ out chan []byte }

var errStoreClosed = errors.New("store closed")

func newHub(s *Store) *hub {
	return &hub{s: s, subs: map[string]map[*hubSub]struct{}{}, confirmed: map[string]bool{}, waiting: map[string][]chan struct{}{},
		beat: s.channel("hub:" + rand.Text()), every: HubHeartbeat}
}

// subscribe adds a local subscriber of channel and returns once Redis has
// confirmed the channel's subscription (so what is published after it is
// delivered).
func (h *hub) subscribe(ctx context.Context, channel string) (*hubSub, error) {
	sub := &hubSub{out: make(chan []byte, SubscriberBuffer)}
	h.mu.Lock()
	if h.ps == nil {
		// Subscribed to its own heartbeat from the start: see run.
		h.ps = h.s.client.Subscribe(context.Background(), h.beat)
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
//
// A connection can also die without a word: a firewall or NAT that drops
// an idle connection, a peer gone without a reset. go-redis then goes on
// writing its health-check pings into the void and never reconnects, and
// the subscribers wait for payloads that never come (a reconnect racing a
// restarted server left one so in tests, its SUBSCRIBE never sent). So
// after every h.every of silence the hub publishes a heartbeat to its own
// channel; when nothing at all has come for three of them, the
// connection is closed with every subscriber (they subscribe again over a
// new one and catch up).
func (h *hub) run(ps *goredis.PubSub) {
	// However run ends (store closed, connection closed, silent), its
	// subscribers are closed and the next subscription opens a new
	// connection.
	defer func() {
		h.mu.Lock()
		if h.ps == ps {
			h.dropAll() // with h.ps still set: the last of a channel unsubscribes
			h.ps = nil
		}
		h.mu.Unlock()
		_ = ps.Close()
	}()
	in := ps.ChannelWithSubscriptions(goredis.WithChannelSize(4 * SubscriberBuffer))
	tick := time.NewTicker(h.every)
	defer tick.Stop()
	heard := time.Now()
	for {
		var m any
		var ok bool
		select {
		case m, ok = <-in:
			if !ok {
				return
			}
			heard = time.Now()
		case <-tick.C:
			switch silent := time.Since(heard); {
			case silent >= 3*h.every:
				h.s.log.Warn("redis: the subscription connection went silent; closing its subscriptions",
					"silent", silent.Round(time.Millisecond))
				return
			case silent >= h.every:
				go h.heartbeat()
			}
			continue
		case <-h.s.done:
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
			if m.Channel == h.beat {
				break
			}
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

// dropAll closes every subscriber, with mu held.
func (h *hub) dropAll() {
	for channel, set := range h.subs {
		for sub := range set {
			h.drop(channel, sub)
		}
	}
}

// heartbeat publishes to the hub's own channel, over the command pool: a
// working subscription connection carries it back.
func (h *hub) heartbeat() {
	ctx, cancel := context.WithTimeout(context.Background(), h.every)
	defer cancel()
	if err := h.s.client.Publish(ctx, h.beat, "1").Err(); err != nil {
		h.s.log.Debug("redis: hub heartbeat", "err", err)
	}
}
