package ephemeraltest

import (
	"errors"
	"testing"

	"loket"
)

func testPing(t *testing.T, h Harness) {
	t.Parallel()
	env := open(t, h)
	if err := env.Store.Ping(testCtx(t)); err != nil {
		t.Fatalf("Ping on a fresh store: %v", err)
	}
	if err := env.Store.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := env.Store.Ping(testCtx(t)); err == nil {
		t.Fatal("Ping after Close = nil, want an error")
	}
	if err := env.Store.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func testInvalid(t *testing.T, h Harness) {
	t.Parallel()
	env := open(t, h)
	ctx := testCtx(t)
	s := env.Store
	cases := []struct {
		name string
		call func() error
	}{
		{"MarkOnce zero ttl", func() error { _, err := s.MarkOnce(ctx, "k", 0); return err }},
		{"MarkOnce empty key", func() error { _, err := s.MarkOnce(ctx, "", ttl); return err }},
		{"Allow zero rate", func() error { _, _, err := s.Allow(ctx, "k", 0, 1); return err }},
		{"Allow zero burst", func() error { _, _, err := s.Allow(ctx, "k", 1, 0); return err }},
		{"AllowEach empty second key", func() error {
			_, _, err := s.AllowEach(ctx, loket.RateLimit{Key: "k", Rate: 1, Burst: 1}, loket.RateLimit{Rate: 1, Burst: 1})
			return err
		}},
		{"Acquire negative ttl", func() error { _, _, err := s.Acquire(ctx, "k", "o", -ttl); return err }},
		{"Acquire empty owner", func() error { _, _, err := s.Acquire(ctx, "k", "", ttl); return err }},
		{"Refresh zero ttl", func() error { _, err := s.Refresh(ctx, "k", "o", 1, 0); return err }},
		{"Subscribe empty topic", func() error { _, err := s.Subscribe(ctx, ""); return err }},
	}
	for _, c := range cases {
		if err := c.call(); !errors.Is(err, loket.ErrInvalid) {
			t.Errorf("%s: err = %v, want loket.ErrInvalid", c.name, err)
		}
	}
}
