package whatsappcloud

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"loket"
	"loket/bot/whatsappcloud/cloudtest"
)

// sink records what the webhook hands over; fail makes Accept fail.
type sink struct {
	mu   sync.Mutex
	got  []loket.Inbound
	fail bool
}

func (s *sink) Accept(ctx context.Context, msgs ...loket.Inbound) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail {
		return errors.New("database down")
	}
	s.got = append(s.got, msgs...)
	return nil
}

func (s *sink) all() []loket.Inbound {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]loket.Inbound(nil), s.got...)
}

type memFiles map[string][]byte

func (m memFiles) Open(ctx context.Context, sha string) (io.ReadCloser, int64, error) {
	b, ok := m[sha]
	if !ok {
		return nil, 0, loket.ErrNotFound
	}
	return io.NopCloser(strings.NewReader(string(b))), int64(len(b)), nil
}

// running starts a channel against the fake with its webhook served.
func running(t *testing.T, cfg Config) (*Channel, *cloudtest.Server, *sink, string) {
	t.Helper()
	api := cloudtest.New(t)
	cfg.Token, cfg.PhoneID, cfg.AppSecret, cfg.VerifyToken, cfg.APIURL =
		cloudtest.Token, cloudtest.PhoneID, cloudtest.AppSecret, cloudtest.VerifyToken, api.URL
	c, err := New(cfg, memFiles{"abc": []byte("%PDF-1.4 test")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	hook := httptest.NewServer(c.WebhookHandler())
	t.Cleanup(hook.Close)
	sk := &sink{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = c.Run(ctx, sk) }()
	t.Cleanup(func() { cancel(); <-done })
	for c.sink.Load() == nil {
		runtimeGosched()
	}
	return c, api, sk, hook.URL
}
