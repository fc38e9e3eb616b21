package telegram

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"loket"
	"loket/bot/telegram/telegramtest"
)

// newChannel starts a Channel against the fake server.
func newChannel(t testing.TB, srv *telegramtest.Server, mutate func(*Config)) *Channel {
	t.Helper()
	cfg := Config{Token: telegramtest.Token, APIURL: srv.URL, PollTimeout: time.Second}
	if mutate != nil {
		mutate(&cfg)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := New(ctx, cfg, memFiles{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	c.backoffMin, c.backoffMax = 5*time.Millisecond, 50*time.Millisecond
	return c
}

// recSink records accepted messages; fail (optional) decides per call.
type recSink struct {
	mu     sync.Mutex
	calls  int
	got    []loket.Inbound
	fail   func(call int, msgs []loket.Inbound) error
	change chan struct{}
}

func newSink(fail func(int, []loket.Inbound) error) *recSink {
	return &recSink{fail: fail, change: make(chan struct{}, 1000)}
}

func (s *recSink) Accept(_ context.Context, msgs ...loket.Inbound) error {
	s.mu.Lock()
	s.calls++
	call := s.calls
	s.mu.Unlock()
	if s.fail != nil {
		if err := s.fail(call, msgs); err != nil {
			s.change <- struct{}{}
			return err
		}
	}
	s.mu.Lock()
	s.got = append(s.got, msgs...)
	s.mu.Unlock()
	s.change <- struct{}{}
	return nil
}

func (s *recSink) messages() []loket.Inbound {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]loket.Inbound(nil), s.got...)
}

// waitFor blocks until cond holds after a sink change (10 s hang guard).
func (s *recSink) waitFor(t *testing.T, cond func([]loket.Inbound) bool) []loket.Inbound {
	t.Helper()
	guard := time.After(10 * time.Second)
	for {
		if m := s.messages(); cond(m) {
			return m
		}
		select {
		case <-s.change:
		case <-guard:
			t.Fatalf("sink never reached the expected state; got %+v", s.messages())
		}
	}
}

// runChannel runs c.Run in the background; the returned stop cancels it
// and waits for Run to return.
func runChannel(t *testing.T, c *Channel, sink *recSink) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx, sink) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Run did not return after cancel")
			}
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return stop
}

// memFiles is an in-memory FileOpener.
type memFiles map[string][]byte

func (m memFiles) Open(_ context.Context, sha string) (io.ReadCloser, int64, error) {
	b, ok := m[sha]
	if !ok {
		return nil, 0, loket.ErrNotFound
	}
	return io.NopCloser(bytes.NewReader(b)), int64(len(b)), nil
}

var errDown = errors.New("database down")
