package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"

	"loket"
	"loket/bot"
)

func connectedClient() *fakeClient {
	return &fakeClient{id: paired("6285500000000"), connected: true, notOnWA: map[string]bool{}}
}

func TestSendText(t *testing.T) {
	cli := connectedClient()
	c, sl := testChannel(t, Config{JitterMin: 200 * time.Millisecond, JitterMax: time.Second}, cli, nil)
	c.active.Store(true)
	out := &loket.Outbound{ID: 42, ChatID: "6281234567890@s.whatsapp.net", CreatedAt: t0,
		Text: "Pilih layanan:", Buttons: [][]loket.Button{{{Label: "Daftar", Data: "reg"}, {Label: "Status", Data: "st"}}, {{Label: "Agen", Data: "agent"}}}}
	id, err := c.Send(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	if len(cli.sent) != 1 {
		t.Fatalf("sent %d messages, want 1", len(cli.sent))
	}
	want := &waE2E.Message{Conversation: proto.String("Pilih layanan:\n\n1. Daftar\n2. Status\n3. Agen")}
	if !proto.Equal(cli.sent[0].msg, want) {
		t.Errorf("sent %v, want %v", cli.sent[0].msg, want)
	}
	if got := cli.sent[0].to.String(); got != "6281234567890@s.whatsapp.net" {
		t.Errorf("sent to %s", got)
	}
	if id != string(cli.sent[0].id) || len(id) != 22 || id[:4] != "3EB0" {
		t.Errorf("returned id %q, sent under %q; want a 3EB0… web id", id, cli.sent[0].id)
	}
	// jitter: min + half the span (randDur returns n/2), with typing shown first
	if len(sl.d) != 1 || sl.d[0] != 600*time.Millisecond {
		t.Errorf("waits = %v, want [600ms]", sl.d)
	}
	if len(cli.presences) != 1 {
		t.Errorf("typing presence sent %d times, want 1", len(cli.presences))
	}
	// a retry of the same Outbound reuses the id; another Outbound does not
	id2, _ := c.Send(context.Background(), out)
	other := *out
	other.ID = 43
	id3, _ := c.Send(context.Background(), &other)
	if id2 != id || id3 == id {
		t.Errorf("ids: first %q, retry %q, other %q; want retry == first != other", id, id2, id3)
	}
	// the number was checked once, then remembered
	if cli.waChecks != 1 {
		t.Errorf("IsOnWhatsApp called %d times, want 1", cli.waChecks)
	}
}

func TestSendNoIDUsesGenerated(t *testing.T) {
	cli := connectedClient()
	c, _ := testChannel(t, Config{JitterMax: -1}, cli, nil)
	c.active.Store(true)
	id, err := c.Send(context.Background(), &loket.Outbound{ChatID: "+6281234567890", Text: "hai"})
	if err != nil || id != "3EB0GENERATED" {
		t.Fatalf("Send = %q, %v; want the generated id", id, err)
	}
}

func TestSendDocument(t *testing.T) {
	cli := connectedClient()
	pdf := []byte("%PDF-1.7 bukti")
	c, _ := testChannel(t, Config{JitterMax: -1}, cli, memFiles{"abc": pdf})
	c.active.Store(true)
	_, err := c.Send(context.Background(), &loket.Outbound{ID: 7, ChatID: "6281234567890@s.whatsapp.net", Text: "Tanda terima",
		Buttons: [][]loket.Button{{{Label: "OK", Data: "ok"}}}, Document: &loket.OutboundDocument{SHA256: "abc", FileName: "tanda-terima.pdf"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(cli.uploads) != 1 || string(cli.uploads[0]) != string(pdf) {
		t.Fatalf("uploads = %q", cli.uploads)
	}
	want := &waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{
		URL: proto.String("https://mmg.example/d"), DirectPath: proto.String("/v/t62/doc"), MediaKey: []byte("key"),
		FileEncSHA256: []byte("enc"), FileSHA256: []byte("sha"), FileLength: proto.Uint64(uint64(len(pdf))),
		Mimetype: proto.String("application/pdf"), FileName: proto.String("tanda-terima.pdf"), Title: proto.String("tanda-terima.pdf"),
		Caption: proto.String("Tanda terima\n\n1. OK")}}
	if !proto.Equal(cli.sent[0].msg, want) {
		t.Errorf("sent %v\nwant %v", cli.sent[0].msg, want)
	}
}

func TestSendErrors(t *testing.T) {
	tests := []struct {
		name      string
		setup     func(*fakeClient, *Channel)
		out       loket.Outbound
		permanent bool
		retryIn   time.Duration
	}{
		{"not connected", func(f *fakeClient, c *Channel) { f.connected = false }, loket.Outbound{ChatID: "6281234567890", Text: "x"}, false, waitForSession},
		{"not active", func(f *fakeClient, c *Channel) { c.active.Store(false) }, loket.Outbound{ChatID: "6281234567890", Text: "x"}, false, waitForSession},
		{"not paired", func(f *fakeClient, c *Channel) { f.id = nil }, loket.Outbound{ChatID: "6281234567890", Text: "x"}, false, waitForSession},
		{"bad jid", nil, loket.Outbound{ChatID: "abc@s.whatsapp.net", Text: "x"}, true, 0},
		{"group jid", nil, loket.Outbound{ChatID: "1203630@g.us", Text: "x"}, true, 0},
		{"local number", nil, loket.Outbound{ChatID: "081234567890", Text: "x"}, true, 0},
		{"not on whatsapp", func(f *fakeClient, c *Channel) { f.notOnWA["+6281234567890"] = true }, loket.Outbound{ChatID: "6281234567890", Text: "x"}, true, 0},
		{"empty", nil, loket.Outbound{ChatID: "6281234567890"}, true, 0},
		{"empty label", nil, loket.Outbound{ChatID: "6281234567890", Text: "x", Buttons: [][]loket.Button{{{Data: "d"}}}}, true, 0},
		{"missing file", nil, loket.Outbound{ChatID: "6281234567890", Document: &loket.OutboundDocument{SHA256: "nope"}}, true, 0},
		{"rate limited", func(f *fakeClient, c *Channel) { f.sendErr = fmt.Errorf("send: %w", whatsmeow.ErrIQRateOverLimit) }, loket.Outbound{ChatID: "6281234567890", Text: "x"}, false, time.Minute},
		{"timeout retried", func(f *fakeClient, c *Channel) { f.sendErr = whatsmeow.ErrMessageTimedOut }, loket.Outbound{ChatID: "6281234567890", Text: "x"}, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cli := connectedClient()
			c, _ := testChannel(t, Config{JitterMax: -1}, cli, memFiles{})
			c.active.Store(true)
			if tt.setup != nil {
				tt.setup(cli, c)
			}
			_, err := c.Send(context.Background(), &tt.out)
			if err == nil {
				t.Fatal("Send succeeded")
			}
			if got := errors.Is(err, bot.ErrPermanent); got != tt.permanent {
				t.Errorf("permanent = %v, want %v (%v)", got, tt.permanent, err)
			}
			var ra *bot.RetryAfterError
			if got := errors.As(err, &ra); got != (tt.retryIn > 0) || got && ra.After != tt.retryIn {
				t.Errorf("retry-after = %v, want %v (%v)", got, tt.retryIn, err)
			}
			if len(cli.sent) != 0 {
				t.Errorf("sent %d messages", len(cli.sent))
			}
		})
	}
}

func TestLimits(t *testing.T) {
	c, _ := testChannel(t, Config{}, connectedClient(), nil)
	if got, want := c.Limits(), (bot.Limits{PerChat: 0.5, PerChatBurst: 3, Global: 20.0 / 60, GlobalBurst: 5}); got != want {
		t.Errorf("default limits %+v, want %+v", got, want)
	}
	c, _ = testChannel(t, Config{PerChatInterval: 4 * time.Second, PerChatBurst: 1, GlobalPerMinute: 6, GlobalBurst: 2}, connectedClient(), nil)
	if got, want := c.Limits(), (bot.Limits{PerChat: 0.25, PerChatBurst: 1, Global: 0.1, GlobalBurst: 2}); got != want {
		t.Errorf("configured limits %+v, want %+v", got, want)
	}
}

func TestTyping(t *testing.T) {
	cli := connectedClient()
	c, _ := testChannel(t, Config{}, cli, nil)
	c.active.Store(true)
	if err := c.Typing(context.Background(), "6281234567890@s.whatsapp.net"); err != nil {
		t.Fatal(err)
	}
	if err := c.Typing(context.Background(), "nonsense"); !errors.Is(err, bot.ErrPermanent) {
		t.Errorf("Typing(bad) = %v, want permanent", err)
	}
	if len(cli.presences) != 1 {
		t.Errorf("presences = %v", cli.presences)
	}
}
