// Package webhook delivers outgoing integration events: a
// bot.Sender for loket.ChannelWebhook that POSTs each outbox row's body
// to the endpoint named by its ChatID, signed with HMAC-SHA256.
//
// Headers: Content-Type: application/json, X-Loket-Event (the event
// type), X-Loket-Delivery (the outbox id, the same on every retry) and
// X-Loket-Signature: sha256=<hex HMAC-SHA256 of the raw body keyed with
// the endpoint's secret>.
//
// Outcomes: 2xx is delivered; 410 Gone, an unknown endpoint or a disabled
// one is bot.ErrPermanent; 429 with Retry-After is *bot.RetryAfterError;
// anything else (timeouts, 5xx, other 4xx, redirects) is retried by the
// engine with back-off (Retry: for about a day), in order per endpoint;
// only real attempts count, not the waits behind a failing delivery.
//
// webhook imports bot and the root package only; it must not import
// flows, console or a store.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"loket"
	"loket/bot"
	"loket/internal/netguard"
)

// Endpoint is one receiver: the root package's type, which the console
// edits and flows/hooks addresses events to.
type Endpoint = loket.WebhookEndpoint

// Directory finds the configured endpoints.
type Directory interface {
	Endpoints(ctx context.Context) ([]Endpoint, error)
}

// DirectoryFunc adapts a function to Directory.
type DirectoryFunc func(ctx context.Context) ([]Endpoint, error)

// Endpoints calls f.
func (f DirectoryFunc) Endpoints(ctx context.Context) ([]Endpoint, error) { return f(ctx) }

// Config tunes delivery; the zero value is fine.
type Config struct {
	Timeout   time.Duration // per request (default 10s)
	UserAgent string        // default "Loket-Webhook/1"
	Limits    bot.Limits    // default 5/s per endpoint, 20/s overall
	// Guard, when set, refuses connections to loopback, link-local and
	// private addresses it does not allow, checked on the address
	// actually dialled (used by New's own client only).
	Guard *netguard.Guard
}

// Channel is the webhook sender.
type Channel struct {
	cfg    Config
	dir    Directory
	client *http.Client
	log    *slog.Logger
}

var (
	_ bot.Sender   = (*Channel)(nil)
	_ bot.Limited  = (*Channel)(nil)
	_ bot.Retrying = (*Channel)(nil)
)

// Retry is the delivery schedule: back-off from 30 seconds doubling to an
// hour, 32 real attempts, so a receiver may be down for a day (Span is
// about 25 hours) before a delivery is given up.
var Retry = bot.RetryPolicy{MaxAttempts: 32, First: 30 * time.Second, Max: time.Hour}

// RetryPolicy is Retry.
func (c *Channel) RetryPolicy() bot.RetryPolicy { return Retry }

// New returns the sender. client may be nil (a client with cfg.Timeout
// that does not follow redirects).
func New(cfg Config, dir Directory, client *http.Client, log *slog.Logger) (*Channel, error) {
	if dir == nil {
		return nil, errors.New("webhook: an endpoint directory is required")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "Loket-Webhook/1"
	}
	if cfg.Limits == (bot.Limits{}) {
		cfg.Limits = bot.Limits{PerChat: 5, PerChatBurst: 5, Global: 20, GlobalBurst: 20}
	}
	if client == nil {
		client = &http.Client{Timeout: cfg.Timeout, CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // a redirected POST would lose its body: report it instead
		}}
		if cfg.Guard != nil {
			// No proxy from the environment: the guard must see the
			// destination, not a proxy's address.
			client.Transport = &http.Transport{DialContext: cfg.Guard.DialContext(cfg.Timeout),
				TLSHandshakeTimeout: cfg.Timeout, MaxIdleConnsPerHost: 4, IdleConnTimeout: 90 * time.Second}
		}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Channel{cfg: cfg, dir: dir, client: client, log: log}, nil
}

// Channel is loket.ChannelWebhook.
func (c *Channel) Channel() loket.Channel { return loket.ChannelWebhook }

// Limits are the send rates kept per endpoint and overall.
func (c *Channel) Limits() bot.Limits { return c.cfg.Limits }

// Sign returns the X-Loket-Signature value of body: "sha256=<hex>".
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether signature is body's signature with secret
// (constant time). Receivers written in Go may use it.
func Verify(secret string, body []byte, signature string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(signature))
}

// Send POSTs msg.Text to the endpoint msg.ChatID.
func (c *Channel) Send(ctx context.Context, msg *loket.Outbound) (string, error) {
	ep, err := c.endpoint(ctx, msg.ChatID)
	if err != nil {
		return "", err
	}
	body := []byte(msg.Text)
	var head struct {
		Type string `json:"type"`
	}
	_ = json.Unmarshal(body, &head) // the header is informative; the body is sent as it is
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("webhook %s: build request: %w: %w", ep.ID, bot.ErrPermanent, err)
	}
	delivery := strconv.FormatInt(msg.ID, 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("X-Loket-Event", head.Type)
	req.Header.Set("X-Loket-Delivery", delivery)
	req.Header.Set("X-Loket-Signature", Sign(ep.Secret, body))
	res, err := c.client.Do(req)
	if errors.Is(err, netguard.ErrRefused) {
		return "", fmt.Errorf("webhook %s: %w: %w (allow its network with LOKET_WEBHOOK_ALLOW_NETS)", ep.ID, bot.ErrPermanent, err)
	}
	if err != nil {
		return "", fmt.Errorf("webhook %s: post: %w", ep.ID, err)
	}
	defer res.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(res.Body, 512))
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // let the connection be reused
	return delivery, statusError(ep.ID, res, snippet)
}

// endpoint finds an active endpoint; unknown or disabled is permanent.
func (c *Channel) endpoint(ctx context.Context, id string) (*Endpoint, error) {
	eps, err := c.dir.Endpoints(ctx)
	if err != nil {
		return nil, fmt.Errorf("webhook %s: read endpoints: %w", id, err)
	}
	for i := range eps {
		if eps[i].ID != id {
			continue
		}
		if !eps[i].Active {
			return nil, fmt.Errorf("webhook %s: endpoint disabled: %w", id, bot.ErrPermanent)
		}
		return &eps[i], nil
	}
	return nil, fmt.Errorf("webhook %s: endpoint deleted: %w", id, bot.ErrPermanent)
}

// statusError maps the response status to the channel contract's errors.
func statusError(id string, res *http.Response, snippet []byte) error {
	if res.StatusCode >= 200 && res.StatusCode < 300 {
		return nil
	}
	err := fmt.Errorf("webhook %s: %s: %s", id, res.Status, clip(snippet))
	switch res.StatusCode {
	case http.StatusGone:
		return fmt.Errorf("%w (%w)", err, bot.ErrPermanent)
	case http.StatusTooManyRequests:
		if d, ok := retryAfter(res.Header.Get("Retry-After"), time.Now()); ok {
			return &bot.RetryAfterError{After: d, Err: err}
		}
	}
	return err
}

// maxRetryAfter caps the wait a receiver may ask for.
const maxRetryAfter = time.Hour

// retryAfter reads Retry-After as seconds or an HTTP date, capped at
// maxRetryAfter.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
		return time.Duration(min(n, int64(maxRetryAfter/time.Second))) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(t.Sub(now), 0), maxRetryAfter), true
	}
	return 0, false
}

func clip(b []byte) string {
	s := strings.TrimSpace(strings.ToValidUTF8(string(b), ""))
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}
