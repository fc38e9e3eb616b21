package whatsappcloud

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"loket"
	"loket/bot"
)

// DefaultAPIURL is Meta's Graph API base, with the API version.
const DefaultAPIURL = "https://graph.facebook.com/v21.0"

// Config configures the channel. Token, PhoneID, AppSecret and
// VerifyToken are required.
type Config struct {
	Token       string // a system user's permanent access token (whatsapp_business_messaging)
	PhoneID     string // the business phone number's id (not the number)
	AppSecret   string // the Meta app's secret: signs every webhook
	VerifyToken string // chosen by the office; Meta echoes it in the subscription handshake
	APIURL      string // Graph API base; DefaultAPIURL when empty

	// Send rates (see Limits). Defaults: one message every 6 s per
	// recipient on average with bursts of 20 (under Meta's pair rate), 40
	// a second overall (well under the number's throughput of 80).
	PerChatInterval time.Duration
	PerChatBurst    int
	GlobalPerSecond float64
	GlobalBurst     int

	// OnAlert is called (on its own goroutine) when the channel needs a
	// person: the access token expired or was revoked.
	OnAlert func(ctx context.Context, text string)

	// Proactive knows each contact's window and the templates mapped to
	// message kinds; nil sends every message free-form.
	Proactive Proactive
	// TemplateWait is how long a message that needs a template (none
	// mapped) waits before it is tried again; default 1 minute.
	TemplateWait time.Duration

	// Statuses records delivery statuses from the webhook; nil ignores them.
	Statuses StatusRecorder

	HTTP *http.Client // nil: a client with a 30 s timeout
}

// FileOpener opens a stored document blob by its sha256 (store/files).
type FileOpener interface {
	Open(ctx context.Context, sha string) (io.ReadCloser, int64, error)
}

// Channel is the Cloud API channel. It is safe for concurrent use.
type Channel struct {
	cfg   Config
	http  *http.Client
	files FileOpener
	log   *slog.Logger
	now   func() time.Time

	sink      atomic.Pointer[sinkBox] // set while Run is running
	state     atomic.Pointer[State]
	readSlots chan struct{} // bounds concurrent read receipts
}

type sinkBox struct{ bot.Sink }

// Compile-time checks of the channel contract.
var (
	_ bot.Receiver = (*Channel)(nil)
	_ bot.Sender   = (*Channel)(nil)
	_ bot.Limited  = (*Channel)(nil)
	_ bot.Typer    = (*Channel)(nil)
	_ bot.Fetcher  = (*Channel)(nil)
)

// New checks cfg and returns the channel. It makes no network call: a
// wrong token shows on the first send (and in State).
func New(cfg Config, files FileOpener, log *slog.Logger) (*Channel, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if cfg.PerChatInterval <= 0 {
		cfg.PerChatInterval = 6 * time.Second
	}
	if cfg.PerChatBurst <= 0 {
		cfg.PerChatBurst = 20
	}
	if cfg.GlobalPerSecond <= 0 {
		cfg.GlobalPerSecond = 40
	}
	if cfg.TemplateWait <= 0 {
		cfg.TemplateWait = time.Minute
	}
	if cfg.GlobalBurst <= 0 {
		cfg.GlobalBurst = 20
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	hc := cfg.HTTP
	if hc == nil {
		// A pool of its own: Go's default keeps two idle connections per
		// host, so the senders, media downloads and read receipts calling
		// at once opened (TLS) and closed a connection per call past two.
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 32
		hc = &http.Client{Timeout: 30 * time.Second, Transport: tr}
	}
	c := &Channel{cfg: cfg, http: hc, files: files, log: log, now: time.Now, readSlots: make(chan struct{}, 8)}
	c.setState(StateStarting, "")
	return c, nil
}

// check validates the configuration; errors name the field's variable.
func (cfg *Config) check() error {
	cfg.APIURL = strings.TrimRight(strings.TrimSpace(cfg.APIURL), "/")
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	u, err := url.Parse(cfg.APIURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return &ConfigError{"LOKET_WHATSAPP_CLOUD_API_URL", fmt.Sprintf("%q is not an http(s) URL", cfg.APIURL)}
	}
	switch {
	case strings.TrimSpace(cfg.Token) == "" || strings.ContainsAny(cfg.Token, " \t\r\n"):
		return &ConfigError{"LOKET_WHATSAPP_CLOUD_TOKEN", "required: the access token of a system user with whatsapp_business_messaging"}
	case !digitsOnly(cfg.PhoneID):
		return &ConfigError{"LOKET_WHATSAPP_CLOUD_PHONE_ID", fmt.Sprintf("%q: want the phone number id (digits, from WhatsApp > API Setup), not the number", cfg.PhoneID)}
	case strings.TrimSpace(cfg.AppSecret) == "":
		return &ConfigError{"LOKET_WHATSAPP_CLOUD_APP_SECRET", "required: the app secret (App settings > Basic) that signs webhooks"}
	case len(strings.TrimSpace(cfg.VerifyToken)) < 8:
		return &ConfigError{"LOKET_WHATSAPP_CLOUD_VERIFY_TOKEN", "required: at least 8 characters, the same as in the app's webhook settings"}
	}
	return nil
}

// ConfigError names the variable a configuration problem is about.
type ConfigError struct{ Name, Problem string }

func (e *ConfigError) Error() string { return e.Name + ": " + e.Problem }

func digitsOnly(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Channel is loket.ChannelWhatsApp: the Cloud API replaces whatsmeow.
func (c *Channel) Channel() loket.Channel { return loket.ChannelWhatsApp }

// Limits paces sends to the pair rate and the number's throughput.
func (c *Channel) Limits() bot.Limits {
	return bot.Limits{
		PerChat: 1 / c.cfg.PerChatInterval.Seconds(), PerChatBurst: c.cfg.PerChatBurst,
		Global: c.cfg.GlobalPerSecond, GlobalBurst: c.cfg.GlobalBurst,
	}
}

// Run makes the webhook handler hand messages to sink until ctx is
// cancelled. Meta pushes; there is nothing to poll.
func (c *Channel) Run(ctx context.Context, sink bot.Sink) error {
	if sink == nil {
		return errors.New("whatsappcloud: run: nil sink")
	}
	c.sink.Store(&sinkBox{sink})
	defer c.sink.Store(nil)
	if st := c.State(); st.State == StateStarting {
		c.setState(StateReady, "")
	}
	<-ctx.Done()
	return nil
}

// Validate checks a configuration as New does, without building anything;
// the error is a *ConfigError naming the variable.
func (cfg Config) Validate() error { return cfg.check() }
