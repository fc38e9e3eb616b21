package webhook

import (
	"context"
	"errors"
	"net/netip"
	"testing"

	"loket"
	"loket/bot"
	"loket/internal/netguard"
)

// A guarded sender refuses a receiver on a loopback address at connect
// time, for good (no retry), and reaches it when the operator allows it.
func TestGuardRefusesPrivateDestinations(t *testing.T) {
	r := newReceiver(t) // listens on 127.0.0.1
	eps := []Endpoint{{ID: "crm", URL: r.srv.URL + "/hook", Secret: "s", Active: true}}
	dir := DirectoryFunc(func(context.Context) ([]Endpoint, error) { return eps, nil })
	c, err := New(Config{Guard: netguard.New(nil)}, dir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Send(context.Background(), &loket.Outbound{ID: 1, ChatID: "crm", Text: body})
	if !errors.Is(err, bot.ErrPermanent) || !errors.Is(err, netguard.ErrRefused) {
		t.Fatalf("send to loopback: %v, want a permanent refusal", err)
	}
	if len(r.got) != 0 {
		t.Fatalf("the receiver on loopback got %d requests", len(r.got))
	}
	allowed, _ := New(Config{Guard: netguard.New([]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")})}, dir, nil, nil)
	if _, err := allowed.Send(context.Background(), &loket.Outbound{ID: 2, ChatID: "crm", Text: body}); err != nil {
		t.Fatalf("send to an allowed network: %v", err)
	}
}
