package whatsapp

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types/events"
)

func unpaired() *fakeClient {
	return &fakeClient{qr: make(chan whatsmeow.QRChannelItem, 8), notOnWA: map[string]bool{}}
}

func TestPairTerminal(t *testing.T) {
	cli := unpaired()
	c, _ := testChannel(t, Config{}, cli, nil)
	cli.qr <- whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventCode, Code: "2@first,code"}
	cli.qr <- whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventCode, Code: "2@second,code"}
	cli.qr <- whatsmeow.QRChannelSuccess
	// whatsmeow reconnects after pair-success and reports Connected
	go func() {
		waitFor(t, "second code", func() bool { return c.Status().QRCode == "2@second,code" })
		cli.mu.Lock()
		cli.id = paired("6285500000000")
		cli.mu.Unlock()
		c.handleEvent(&events.Connected{})
	}()
	var out bytes.Buffer
	if err := Pair(context.Background(), c, &out, "+62 855-0000-0000"); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	var first, second bytes.Buffer
	if RenderQR(&first, "2@first,code") != nil || RenderQR(&second, "2@second,code") != nil {
		t.Fatal("RenderQR failed")
	}
	for _, want := range []string{first.String(), second.String(), "Link a device", "ABCD-EFGH", "Paired as 6285500000000@s.whatsapp.net"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	if cli.phoneAsked != "6285500000000" {
		t.Errorf("PairPhone got %q", cli.phoneAsked)
	}
	if cli.IsConnected() {
		t.Error("Pair left the connection open (the server would be replaced)")
	}
}

func TestPairTimeoutAndBadPhone(t *testing.T) {
	cli := unpaired()
	c, _ := testChannel(t, Config{}, cli, nil)
	cli.qr <- whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventCode, Code: "2@x"}
	cli.qr <- whatsmeow.QRChannelTimeout
	if err := Pair(context.Background(), c, &bytes.Buffer{}, ""); !errors.Is(err, ErrPairingTimeout) {
		t.Errorf("Pair = %v, want ErrPairingTimeout", err)
	}
	if st := c.Status(); st.State != StateLoggedOut || st.QRCode != "" {
		t.Errorf("status after timeout: %+v", st)
	}
	if err := Pair(context.Background(), c, &bytes.Buffer{}, "0812-abc"); err == nil {
		t.Error("a local/garbled number was accepted")
	}
}

func TestStartPairingFromConsole(t *testing.T) {
	cli := unpaired()
	c, _ := testChannel(t, Config{}, cli, nil)
	if err := c.StartPairing(context.Background()); err == nil {
		t.Error("StartPairing worked on a replica that does not hold the session")
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); c.Run(ctx, &fakeSink{}) }()
	defer func() { cancel(); <-done }()
	waitFor(t, "logged out state", func() bool { return c.Active() && c.Status().State == StateLoggedOut })
	if err := c.StartPairing(ctx); err != nil {
		t.Fatal(err)
	}
	cli.qr <- whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventCode, Code: "2@one"}
	waitFor(t, "first code", func() bool { return c.Status().QRCode == "2@one" })
	if st := c.Status(); st.State != StatePairing {
		t.Errorf("state %s, want pairing", st.State)
	}
	cli.qr <- whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventCode, Code: "2@two"}
	waitFor(t, "next code", func() bool { return c.Status().QRCode == "2@two" })
	cli.mu.Lock()
	cli.id = paired("6285500000000")
	cli.mu.Unlock()
	c.handleEvent(&events.PairSuccess{ID: *paired("6285500000000")})
	cli.qr <- whatsmeow.QRChannelSuccess
	c.handleEvent(&events.Connected{})
	waitFor(t, "connected", func() bool { return c.Status().State == StateConnected })
	if st := c.Status(); st.QRCode != "" || st.JID != "6285500000000@s.whatsapp.net" {
		t.Errorf("status after pairing: %+v", st)
	}
	if err := c.StartPairing(ctx); err == nil {
		t.Error("StartPairing on a paired session worked")
	}
}
