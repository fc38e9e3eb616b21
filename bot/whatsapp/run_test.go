package whatsapp

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types/events"

	"loket"
	"loket/store/memory"
)

// The project's lock stores fit Config.Locker.
var _ Locker = (*memory.Store)(nil)

// stealableLocker wraps the real in-process lock store and can make the
// holder lose its lock.
type stealableLocker struct {
	*memory.Store
	mu     sync.Mutex
	stolen bool
}

func (l *stealableLocker) Refresh(ctx context.Context, key, owner string, token int64, ttl time.Duration) (bool, error) {
	l.mu.Lock()
	stolen := l.stolen
	l.mu.Unlock()
	if stolen {
		_ = l.Store.Release(ctx, key, owner, token)
		return false, nil
	}
	return l.Store.Refresh(ctx, key, owner, token, ttl)
}

func TestOnlyLockHolderConnects(t *testing.T) {
	locker := &stealableLocker{Store: memory.New(loket.SystemClock{})}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	start := func(owner string) (*Channel, *fakeClient) {
		cli := connectedClient()
		cli.connected = false
		c, _ := testChannel(t, Config{Locker: locker, Owner: owner, LockTTL: 30 * time.Second}, cli, nil)
		wg.Add(1)
		go func() { defer wg.Done(); c.Run(ctx, &fakeSink{}) }()
		return c, cli
	}
	a, acli := start("a")
	waitFor(t, "a active", a.Active)
	b, bcli := start("b")
	time.Sleep(50 * time.Millisecond)
	if b.Active() || bcli.IsConnected() {
		t.Fatal("second replica connected while the first holds the lock")
	}
	if !acli.IsConnected() || a.Status().State != StateReconnecting {
		t.Fatalf("holder: connected %v, state %s", acli.IsConnected(), a.Status().State)
	}
	a.handleEvent(&events.Connected{})
	if st := a.Status(); st.State != StateConnected || st.JID != "6285500000000@s.whatsapp.net" || !st.Active {
		t.Errorf("status after Connected: %+v", st)
	}
	locker.mu.Lock()
	locker.stolen = true
	locker.mu.Unlock()
	waitFor(t, "a gives up", func() bool { return !a.Active() && !acli.IsConnected() })
	locker.mu.Lock()
	locker.stolen = false
	locker.mu.Unlock()
	waitFor(t, "a replica takes over", func() bool { return (a.Active() && acli.IsConnected()) || (b.Active() && bcli.IsConnected()) })
}

func TestConnectionEvents(t *testing.T) {
	cli := connectedClient()
	cli.connected = false
	alerts := make(chan string, 4)
	c, sl := testChannel(t, Config{OnAlert: func(ctx context.Context, text string) { alerts <- text }}, cli, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); c.Run(ctx, &fakeSink{}) }()
	defer func() { cancel(); <-done }()
	waitFor(t, "connect", cli.IsConnected)

	c.handleEvent(&events.Connected{})
	if got := c.Status().State; got != StateConnected {
		t.Fatalf("state %s", got)
	}
	c.handleEvent(&events.Disconnected{})
	if got := c.Status().State; got != StateReconnecting {
		t.Errorf("after Disconnected: %s, want reconnecting", got)
	}
	c.handleEvent(&events.Connected{})

	c.handleEvent(&events.TemporaryBan{Code: events.TempBanSentToTooManyPeople, Expire: time.Hour})
	if st := c.Status(); st.State != StateBanned || st.Detail == "" {
		t.Errorf("after TemporaryBan: %+v", st)
	}
	if a := <-alerts; a == "" {
		t.Error("no alert for the ban")
	}
	waitFor(t, "ban wait", func() bool {
		sl.mu.Lock()
		defer sl.mu.Unlock()
		return len(sl.d) > 0 && sl.d[len(sl.d)-1] == time.Hour
	})

	// logged out: whatsmeow wiped the device; the channel opens a fresh one
	// and waits for pairing
	cli.mu.Lock()
	cli.id = nil
	cli.mu.Unlock()
	c.handleEvent(&events.LoggedOut{Reason: events.ConnectFailureLoggedOut})
	<-alerts
	waitFor(t, "logged out", func() bool { return c.Status().State == StateLoggedOut })
	if c.Status().JID != "" {
		t.Error("JID kept after logout")
	}
	if _, err := c.Send(ctx, &loket.Outbound{ChatID: "6281234567890", Text: "x"}); err == nil {
		t.Error("Send while logged out succeeded")
	}
}
