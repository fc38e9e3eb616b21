// Package webchat is the web chat channel: a page at /chat where a visitor
// talks to the bot from a browser. Messages go through the engine like any
// other channel (bot.Sink); a recorded message and a reply are
// "delivered" by publishing the line itself to the chat's topic, which the
// browser's open server-sent-events streams write out as they are (push.go);
// only a stream that starts, or that missed a payload, reads the
// transcript from the store (events.go).
//
// A visitor is identified by a random id in a cookie signed with the
// channel's key, so a client cannot make up visitors; ids are handed out
// by the page, at a limited rate per client address, and a visitor leaves
// nothing behind until their first message. Every limit (new visitors,
// sends, uploads, open event streams) is kept per visitor and per client
// address (internal/clientaddr, LOKET_TRUSTED_PROXIES). Uploads are
// written to a separate area and reach the document store only through
// the document pipeline, after every check has passed (upload.go).
//
// It imports bot (the contract), internal/clientaddr and the root
// package, never a store or flows implementation.
package webchat

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"time"

	"loket"
	"loket/bot"
	"loket/internal/clientaddr"
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

// Limiter rate-limits visitors (the ephemeral store's token buckets): it
// takes a token from each bucket in turn, in one round trip, and stops at
// the first that has none.
type Limiter interface {
	AllowEach(ctx context.Context, limits ...loket.RateLimit) (bool, time.Duration, error)
}

// Langs tells the language a chat's conversation is in (the contact's,
// as the vendor chose it or last wrote), so that what the web chat itself
// answers (an upload refused) reads like the bot's replies, not in the
// page's language. ok is false for a chat with no conversation yet.
type Langs interface {
	ChatLang(ctx context.Context, ch loket.Channel, chatID string) (lang loket.Lang, ok bool, err error)
}

// Config is what the web chat needs besides its collaborators.
type Config struct {
	// Key signs visitor cookies; at least 32 bytes, the same on every
	// replica. Empty: a random key per process (chats do not survive a
	// restart), for tests and trials.
	Key []byte
	// Clients tells the client address and whether the request came over
	// HTTPS (Secure cookies). Nil: the connection's peer, plain HTTP.
	Clients *clientaddr.Resolver
	// Limits; zero fields take the defaults (limits.go).
	Limits Limits
	// OnFull is told, at most once an hour, that an upload was refused
	// because the document storage is full: text is the alert for the
	// staff (Indonesian, from templates/web/messages).
	OnFull func(ctx context.Context, text string)
}

// Channel is the web chat.
type Channel struct {
	cfg     Config
	signer  *signer // visitor cookies (visitor.go)
	lines   Transcripts
	bus     Bus
	limiter Limiter
	sink    bot.Sink
	uploads Uploads // upload area (upload.go); nil: uploads off
	stored  Stored  // document store, for an upload released already; nil: none
	space   Space   // quota and free-space floor; nil: none
	langs   Langs   // the conversation's language; nil: the page's
	streams *streamGate
	texts   catalog
	clock   loket.Clock
	log     *slog.Logger
	page    *template.Template
	assets  fs.FS
	// Heartbeat is the interval of SSE keep-alive comments.
	Heartbeat time.Duration
}

var _ bot.Sender = (*Channel)(nil)

// New builds the web chat. assets is the web/ tree (templates.Web).
func New(cfg Config, lines Transcripts, bus Bus, limiter Limiter, clock loket.Clock, assets fs.FS, log *slog.Logger) (*Channel, error) {
	sub, err := fs.Sub(assets, "web")
	if err != nil {
		return nil, fmt.Errorf("webchat: assets: %w", err)
	}
	page, err := template.ParseFS(sub, "chat.html")
	if err != nil {
		return nil, fmt.Errorf("webchat: parse chat.html: %w", err)
	}
	texts, err := loadCatalog(sub)
	if err != nil {
		return nil, err
	}
	if len(cfg.Key) == 0 {
		cfg.Key = make([]byte, 32)
		_, _ = rand.Read(cfg.Key) // crypto/rand.Read never fails on supported platforms
	} else if len(cfg.Key) < 32 {
		return nil, errors.New("webchat: the cookie key must be at least 32 bytes")
	}
	cfg.Limits.defaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Channel{cfg: cfg, signer: newSigner(cfg.Key), lines: lines, bus: bus, limiter: limiter, clock: clock, log: log,
		streams: newStreamGate(cfg.Limits.StreamsPerAddress, cfg.Limits.Streams),
		texts:   texts, page: page, assets: sub, Heartbeat: 20 * time.Second}, nil
}

// SetLangs lets refusals follow the conversation's language (Langs).
// Call before serving.
func (c *Channel) SetLangs(l Langs) { c.langs = l }

// SetSink connects the channel to the engine. Call before serving.
func (c *Channel) SetSink(s bot.Sink) { c.sink = s }

// Channel names the channel.
func (c *Channel) Channel() loket.Channel { return loket.ChannelWebChat }

func topic(chatID string) string { return "webchat:" + chatID }
