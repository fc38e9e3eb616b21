package redis_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"loket/store/redis"
)

// A subscription whose connection to Redis is re-established may have
// missed payloads published meanwhile: it is closed, so its reader
// subscribes again and catches up from the source of truth. (Under load,
// 1 run in a few hundred ended with go-redis connected to the restarted
// server without its SUBSCRIBE: the hub's heartbeat closes that one.)
func TestSubscriptionClosedAfterReconnect(t *testing.T) {
	s, mr := openMini(t)
	redis.SetHubHeartbeat(s, 300*time.Millisecond)
	ctx := t.Context()
	ch, err := s.Subscribe(ctx, "reconnect")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Publish(ctx, "reconnect", []byte("before")); err != nil {
		t.Fatal(err)
	}
	if got := <-ch; string(got) != "before" {
		t.Fatalf("payload %q, want %q", got, "before")
	}
	mr.Close() // drops every connection; go-redis reconnects and subscribes again
	if err := mr.Restart(); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(10 * time.Second)
	for {
		select {
		case p, ok := <-ch:
			if !ok {
				return
			}
			t.Fatalf("payload %q after the reconnect; want the subscription closed", p)
		case <-deadline:
			t.Fatal("subscription still open after its connection was re-established")
		}
	}
}

// Subscriptions share one connection, however many are open, and a topic
// left and taken again at once (a stream that reconnects) still gets
// what is published after.
func TestSubscriptionsShareOneConnection(t *testing.T) {
	s, mr := openMini(t)
	ctx := t.Context()
	if err := s.Publish(ctx, "warm", []byte("x")); err != nil { // the command pool's connection
		t.Fatal(err)
	}
	before := mr.CurrentConnectionCount()
	var chans []<-chan []byte
	for i := range 50 {
		ch, err := s.Subscribe(ctx, fmt.Sprintf("t%d", i%10))
		if err != nil {
			t.Fatal(err)
		}
		chans = append(chans, ch)
	}
	if n := mr.CurrentConnectionCount() - before; n != 1 {
		t.Fatalf("50 subscriptions opened %d connections, want 1", n)
	}
	for round := range 20 {
		sub, cancel := context.WithCancel(ctx)
		ch, err := s.Subscribe(sub, "again")
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprint(round)
		if err := s.Publish(ctx, "again", []byte(want)); err != nil {
			t.Fatal(err)
		}
		select {
		case got := <-ch:
			if string(got) != want {
				t.Fatalf("round %d: %q", round, got)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("round %d: nothing delivered after subscribing again", round)
		}
		cancel()
	}
	if err := s.Publish(ctx, "t3", []byte("to two")); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{3, 13, 23, 33, 43} {
		select {
		case got := <-chans[i]:
			if string(got) != "to two" {
				t.Fatalf("subscriber %d: %q", i, got)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("subscriber %d of t3 got nothing", i)
		}
	}
}

// Publishes of many goroutines at once share pipelines, and each
// goroutine's payloads arrive, all of them, in the order it sent them.
func TestConcurrentPublishesKeepEachSendersOrder(t *testing.T) {
	s, _ := openMini(t)
	ctx := t.Context()
	const senders, each = 8, 50 // each fits a subscriber's buffer
	chans := make([]<-chan []byte, senders)
	for i := range chans {
		ch, err := s.Subscribe(ctx, fmt.Sprintf("order%d", i))
		if err != nil {
			t.Fatal(err)
		}
		chans[i] = ch
	}
	var wg sync.WaitGroup
	for i := range senders {
		wg.Go(func() {
			for n := range each {
				if err := s.Publish(ctx, fmt.Sprintf("order%d", i), []byte(strconv.Itoa(n))); err != nil {
					t.Errorf("sender %d, payload %d: %v", i, n, err)
					return
				}
			}
		})
	}
	wg.Wait()
	for i, ch := range chans {
		for n := range each {
			select {
			case p := <-ch:
				if string(p) != strconv.Itoa(n) {
					t.Fatalf("topic %d: payload %q, want %d", i, p, n)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("topic %d: payload %d never arrived", i, n)
			}
		}
	}
}

// A Publish on a closed store fails at once instead of waiting for a
// pipeline that will not be sent.
func TestPublishAfterClose(t *testing.T) {
	s, _ := openMini(t)
	_ = s.Close()
	if err := s.Publish(t.Context(), "closed", []byte("x")); err == nil {
		t.Fatal("publish on a closed store: no error")
	}
}

// Pub/sub channels are shared by all of a Redis server's databases: two
// deployments given different databases of one server must not hear each
// other's events (a visitor's lines, a console's ticket changes), while
// replicas of one deployment (same database) hear each other.
func TestTopicsStayInTheirDatabase(t *testing.T) {
	url := os.Getenv("LOKET_TEST_REDIS_URL")
	if url == "" {
		mr := miniredis.RunT(t)
		url = "redis://" + mr.Addr() + "/0"
	}
	u := strings.TrimRight(url[:strings.LastIndex(url, "/")], "/")
	open := func(db int) *redis.Store {
		s, err := redis.New(t.Context(), fmt.Sprintf("%s/%d", u, db), "loket-topics-test:", testLog(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	a, sameDB, otherDB := open(11), open(11), open(12)
	ctx := t.Context()
	heard := map[string]<-chan []byte{}
	for name, s := range map[string]*redis.Store{"same": sameDB, "other": otherDB} {
		ch, err := s.Subscribe(ctx, "console")
		if err != nil {
			t.Fatal(err)
		}
		heard[name] = ch
	}
	if err := a.Publish(ctx, "console", []byte(`{"ticket":1001}`)); err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-heard["same"]:
		if string(p) != `{"ticket":1001}` {
			t.Fatalf("same database heard %q", p)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a replica on the same database did not hear the event")
	}
	select {
	case p := <-heard["other"]:
		t.Fatalf("a deployment on another database heard %q", p)
	case <-time.After(200 * time.Millisecond):
	}
}
