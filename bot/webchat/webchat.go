// Package webchat is the web chat channel: a page at /chat where a visitor
// talks to the bot from a browser. Messages go through the engine like any
// other channel (bot.Sink); replies are "delivered" by publishing a wake-up
// to the browser's server-sent-events stream, which then reads the chat
// transcript from the store. The visitor is identified by a random id in a
// cookie, so a chat persists per browser.
//
// It imports bot (the contract) and the root package, never a store or
// flows implementation.
package webchat

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"loket"
	"loket/bot"
)

// Transcripts reads a chat's lines (the store).
type Transcripts interface {
	Transcript(ctx context.Context, ch loket.Channel, chatID string, afterInbound, afterOutbound int64, limit int) ([]loket.ChatLine, error)
}

// Bus carries wake-ups from senders to open browser streams (the
// ephemeral store's pub/sub, so it works across replicas).
type Bus interface {
	Publish(ctx context.Context, topic string, payload []byte) error
	Subscribe(ctx context.Context, topic string) (<-chan []byte, error)
}

// Limiter rate-limits visitors (the ephemeral store's token buckets).
type Limiter interface {
	Allow(ctx context.Context, key string, rate float64, burst int) (bool, time.Duration, error)
}

// Channel is the web chat.
type Channel struct {
	lines   Transcripts
	bus     Bus
	limiter Limiter
	sink    bot.Sink
	files   Files // document uploads (upload.go); nil: uploads off
	clock   loket.Clock
	log     *slog.Logger
	page    *template.Template
	assets  fs.FS
	// Heartbeat is the interval of SSE keep-alive comments.
	Heartbeat time.Duration
}

var _ bot.Sender = (*Channel)(nil)

// New builds the web chat. assets is the web/ tree (templates.Web).
func New(lines Transcripts, bus Bus, limiter Limiter, clock loket.Clock, assets fs.FS, log *slog.Logger) (*Channel, error) {
	sub, err := fs.Sub(assets, "web")
	if err != nil {
		return nil, fmt.Errorf("webchat: assets: %w", err)
	}
	page, err := template.ParseFS(sub, "chat.html")
	if err != nil {
		return nil, fmt.Errorf("webchat: parse chat.html: %w", err)
	}
	return &Channel{lines: lines, bus: bus, limiter: limiter, clock: clock, log: log,
		page: page, assets: sub, Heartbeat: 20 * time.Second}, nil
}

// SetSink connects the channel to the engine. Call before serving.
func (c *Channel) SetSink(s bot.Sink) { c.sink = s }

// Channel names the channel.
func (c *Channel) Channel() loket.Channel { return loket.ChannelWebChat }

// Send delivers a reply: it is already in the transcript (the outbox
// row), so delivery is a wake-up for the visitor's open streams.
func (c *Channel) Send(ctx context.Context, m *loket.Outbound) (string, error) {
	if err := c.bus.Publish(ctx, topic(m.ChatID), []byte(strconv.FormatInt(m.ID, 10))); err != nil {
		return "", fmt.Errorf("webchat: publish reply %d: %w", m.ID, err)
	}
	return "web-" + strconv.FormatInt(m.ID, 10), nil
}

func topic(chatID string) string { return "webchat:" + chatID }

const cookieName = "loket_chat"

// chatID returns the visitor's chat id from the cookie, or "" when absent
// or malformed.
func chatID(r *http.Request) string {
	ck, err := r.Cookie(cookieName)
	if err != nil || len(ck.Value) != 32 {
		return ""
	}
	if _, err := hex.DecodeString(ck.Value); err != nil {
		return ""
	}
	return ck.Value
}

func newChatID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}
