package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"loket"
	"loket/bot"
	"loket/internal/await"
)

// DefaultAPIURL is Telegram's public Bot API base URL.
const DefaultAPIURL = "https://api.telegram.org"

// DefaultPollTimeout is the long-poll wait of one getUpdates call.
const DefaultPollTimeout = 50 * time.Second

// Config configures the channel. Only Token is required.
type Config struct {
	Token         string
	APIURL        string        // Bot API base URL; DefaultAPIURL when empty
	WebhookURL    string        // public URL of POST /telegram/webhook; empty = long polling
	WebhookSecret string        // required with WebhookURL: 1-256 of A-Z a-z 0-9 _ -
	StaffChatID   int64         // the staff group; other groups and channels are ignored
	PollTimeout   time.Duration // DefaultPollTimeout when zero
	// SendRate is the messages a second sent across all chats: 30,
	// Telegram's documented limit, when zero (Telegram raises it for bots
	// with paid broadcasts; benchmarks lift it against a fake Bot API).
	SendRate float64

	// Locker makes one replica at a time poll (getUpdates allows a single
	// poller per bot); nil means a single replica. Webhook mode ignores it.
	Locker  Locker
	LockKey string        // DefaultLockKey when empty
	LockTTL time.Duration // DefaultLockTTL when zero; refreshed every third of it
	Owner   string        // lock owner id; host name, pid and a random suffix when empty

	// StartWait is how long New keeps asking getMe while the Bot API
	// cannot be reached or answers with a server error (a machine
	// booting before its network is up): DefaultStartWait when zero, not
	// at all when negative. A rejected token fails at once.
	StartWait time.Duration
}

// DefaultStartWait is how long New retries an unreachable Bot API.
const DefaultStartWait = 30 * time.Second

// FileOpener opens a stored document blob by its sha256 (store/files).
type FileOpener interface {
	Open(ctx context.Context, sha string) (io.ReadCloser, int64, error)
}

// Channel is the Telegram channel. It is safe for concurrent use.
type Channel struct {
	cfg      Config
	api      *tg.Bot
	http     *http.Client // getUpdates and file downloads
	files    FileOpener
	log      *slog.Logger
	username string // the bot's @username, to strip from commands
	now      func() time.Time

	sink       atomic.Pointer[sinkBox] // set while Run is running (webhook mode)
	polling    atomic.Bool             // this replica is calling getUpdates
	typing     typingLimiter           // one "typing" per chat every typingEvery
	followUps  chan struct{}           // bounds concurrent best-effort follow-up calls
	answers    chan struct{}           // bounds concurrent callback-query answers
	backoffMin time.Duration
	backoffMax time.Duration
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

var secretRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// New checks the token with getMe (a rejected token is a clear error) and
// publishes the command menu (setMyCommands, Indonesian default and
// English; a failure there is logged, not fatal).
func New(ctx context.Context, cfg Config, files FileOpener, log *slog.Logger) (*Channel, error) {
	if err := cfg.normalize(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	tr := wholeBodies{next: apiTransport(), max: wholeBodyMax}
	httpc := &http.Client{Timeout: cfg.PollTimeout + 15*time.Second, Transport: tr}
	api, err := tg.New(cfg.Token,
		tg.WithServerURL(cfg.APIURL),
		tg.WithSkipGetMe(),
		tg.WithHTTPClient(cfg.PollTimeout, &http.Client{Timeout: 60 * time.Second, Transport: tr}),
		tg.WithErrorsHandler(func(err error) { log.Warn("telegram client", "err", err) }),
	)
	if err != nil {
		return nil, fmt.Errorf("telegram: new client: %w", err)
	}
	c := &Channel{cfg: cfg, api: api, http: httpc, files: files, log: log, now: time.Now,
		backoffMin: 500 * time.Millisecond, backoffMax: 30 * time.Second,
		followUps: make(chan struct{}, maxFollowUps), answers: make(chan struct{}, maxAnswers)}
	me, err := c.getMe(ctx)
	if err != nil {
		return nil, err
	}
	c.username = me.Username
	if err := c.publishCommands(ctx); err != nil {
		log.Warn("telegram: command menu not published", "err", err)
	}
	return c, nil
}

// getMe asks the Bot API who the bot is. A rejected token fails at once;
// an unreachable API or a server error is asked again, with back-off,
// for up to StartWait.
func (c *Channel) getMe(ctx context.Context) (*models.User, error) {
	var me *models.User
	err := await.Up(ctx, c.cfg.StartWait, c.backoffMin, 5*time.Second, func(ctx context.Context) (bool, error) {
		var err error
		me, err = c.api.GetMe(ctx)
		refused := errors.Is(err, tg.ErrorUnauthorized) || errors.Is(err, tg.ErrorNotFound) ||
			errors.Is(err, tg.ErrorBadRequest) || errors.Is(err, tg.ErrorForbidden)
		return !refused, err
	}, func(pause time.Duration, err error) {
		c.log.Warn("telegram: Bot API not reachable yet; asking again", "in", pause, "err", err)
	})
	switch {
	case errors.Is(err, tg.ErrorUnauthorized) || errors.Is(err, tg.ErrorNotFound):
		return nil, fmt.Errorf("telegram: bot token rejected by getMe (check LOKET_TELEGRAM_TOKEN): %w", err)
	case err != nil:
		return nil, fmt.Errorf("telegram: getMe: %w", err)
	}
	return me, nil
}

// apiTransport is the channel's own connection pool to the Bot API. Go's
// default keeps two idle connections per host: with the senders, the
// callback answers and the follow-ups calling at once, every call past
// the second opened a new connection (a TLS handshake with
// api.telegram.org) and closed it afterwards.
func apiTransport() *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = maxAnswers + maxFollowUps + 16 // the senders' calls, getUpdates and downloads
	return tr
}

func (cfg *Config) normalize() error {
	if strings.TrimSpace(cfg.Token) == "" {
		return errors.New("telegram: empty bot token")
	}
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	cfg.APIURL = strings.TrimRight(cfg.APIURL, "/")
	if u, err := url.Parse(cfg.APIURL); err != nil || u.Scheme == "" || u.Host == "" {
		return fmt.Errorf("telegram: bad API URL %q", cfg.APIURL)
	}
	if cfg.WebhookURL != "" {
		if u, err := url.Parse(cfg.WebhookURL); err != nil || u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
			return fmt.Errorf("telegram: bad webhook URL %q", cfg.WebhookURL)
		}
		if !secretRe.MatchString(cfg.WebhookSecret) {
			return errors.New("telegram: webhook mode needs a secret of 1-256 characters A-Z a-z 0-9 _ -")
		}
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = DefaultPollTimeout
	}
	if cfg.StartWait == 0 {
		cfg.StartWait = DefaultStartWait
	}
	if cfg.LockKey == "" {
		cfg.LockKey = DefaultLockKey
	}
	if cfg.LockTTL <= 0 {
		cfg.LockTTL = DefaultLockTTL
	}
	if cfg.Owner == "" {
		cfg.Owner = defaultOwner()
	}
	return nil
}

// Channel names the platform.
func (c *Channel) Channel() loket.Channel { return loket.ChannelTelegram }

// Limits are Telegram's documented send rates: about one message a second
// per chat (with a small burst) and 30 a second overall (Config.SendRate).
func (c *Channel) Limits() bot.Limits {
	global := c.cfg.SendRate
	if global <= 0 {
		global = 30
	}
	return bot.Limits{PerChat: 1, PerChatBurst: 3, Global: global, GlobalBurst: max(30, int(global))}
}

// Username is the bot's @username as reported by getMe.
func (c *Channel) Username() string { return c.username }

// allowedUpdates are the update types Loket asks for.
var allowedUpdates = []string{"message", "edited_message", "callback_query", "my_chat_member"}
