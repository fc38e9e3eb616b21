package whatsapp

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"go.mau.fi/whatsmeow/store/sqlstore"

	"loket"
	"loket/bot"
)

// Config configures the channel. The zero value is usable: conservative
// send rates, no lock (a single replica), no alerts.
type Config struct {
	// Send rates (see Limits): one message per PerChatInterval in a chat
	// with bursts of PerChatBurst, GlobalPerMinute messages a minute over
	// all chats with bursts of GlobalBurst.
	PerChatInterval time.Duration // default 2s
	PerChatBurst    int           // default 3
	GlobalPerMinute float64       // default 20
	GlobalBurst     int           // default 5

	// Send waits a random time in [JitterMin, JitterMax) before each
	// message, showing "typing…" meanwhile. Defaults 400ms and 1.6s;
	// a negative JitterMax turns jitter off.
	JitterMin, JitterMax time.Duration

	// AcceptTimeout bounds the first sink.Accept of a message on
	// whatsmeow's event goroutine (default 5s).
	AcceptTimeout time.Duration

	// Locker makes exactly one replica hold the connection; nil means a
	// single replica (always active).
	Locker  Locker
	LockKey string        // default "whatsapp:session"
	LockTTL time.Duration // default 10s, refreshed every third of it
	Owner   string        // lock owner id; default host name, pid and a random suffix

	// OnAlert is called (on its own goroutine) when the session needs a
	// person: logged out, banned, replaced by another process, outdated.
	OnAlert func(ctx context.Context, text string)
}

// Locker is the fenced lock with a TTL that makes one replica at a time
// hold the session (store/memory, store/redis): bot.Locker.
type Locker = bot.Locker

// FileOpener opens a stored document blob by its sha256 (store/files).
type FileOpener interface {
	Open(ctx context.Context, sha string) (io.ReadCloser, int64, error)
}

func (cfg *Config) normalize() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.PerChatInterval, 2*time.Second)
	def(&cfg.AcceptTimeout, 5*time.Second)
	def(&cfg.LockTTL, 10*time.Second)
	if cfg.PerChatBurst <= 0 {
		cfg.PerChatBurst = 3
	}
	if cfg.GlobalPerMinute <= 0 {
		cfg.GlobalPerMinute = 20
	}
	if cfg.GlobalBurst <= 0 {
		cfg.GlobalBurst = 5
	}
	switch {
	case cfg.JitterMax < 0:
		cfg.JitterMin, cfg.JitterMax = 0, 0
	case cfg.JitterMax == 0:
		def(&cfg.JitterMin, 400*time.Millisecond)
		cfg.JitterMax = 1600 * time.Millisecond
	}
	if cfg.JitterMin > cfg.JitterMax {
		cfg.JitterMin = cfg.JitterMax
	}
	if cfg.LockKey == "" {
		cfg.LockKey = "whatsapp:session"
	}
	if cfg.Owner == "" {
		host, _ := os.Hostname()
		var b [4]byte
		_, _ = rand.Read(b[:])
		cfg.Owner = fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b[:]))
	}
}

// Channel is the WhatsApp channel. It is safe for concurrent use.
type Channel struct {
	cfg   Config
	log   *slog.Logger
	files FileOpener
	// open returns a client for the stored device, or for a new unpaired
	// one (after a logout the store is wiped and a new device is needed).
	open func(ctx context.Context) (waClient, error)

	mu     sync.Mutex
	cli    waClient
	status Status

	active  atomic.Bool
	sink    atomic.Pointer[sinkBox]
	known   sync.Map // chat JIDs known to be on WhatsApp
	pending pendingQueue
	reads   chan readReceipt
	events  chan any // permanent connection events for the session loop
	pairReq chan pairRequest

	now        func() time.Time
	sleep      func(ctx context.Context, d time.Duration) bool
	randDur    func(n time.Duration) time.Duration
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
	_ bot.Standby  = (*Channel)(nil)
)

// New opens the device store in db (dialect "postgres"/"pgx" for a
// PostgreSQL *sql.DB, e.g. stdlib.OpenDBFromPool(pool), or "sqlite" for
// the shared modernc handle with foreign keys on), migrates whatsmeow's
// tables (Upgrade) and loads the paired device, if any. It does not
// connect: Run does.
func New(ctx context.Context, cfg Config, db *sql.DB, dialect string, files FileOpener, log *slog.Logger) (*Channel, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	container, err := OpenStore(ctx, db, dialect, log)
	if err != nil {
		return nil, err
	}
	c := newChannel(cfg, files, log, nil)
	c.open = func(ctx context.Context) (waClient, error) {
		device, err := container.GetFirstDevice(ctx)
		if err != nil {
			return nil, fmt.Errorf("whatsapp: load device: %w", err)
		}
		return newRealClient(device, log, c.handleEvent), nil
	}
	if err := c.reopen(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// newChannel builds a channel around a client factory (tests pass their own).
func newChannel(cfg Config, files FileOpener, log *slog.Logger, open func(context.Context) (waClient, error)) *Channel {
	cfg.normalize()
	c := &Channel{cfg: cfg, log: log, files: files, open: open,
		reads: make(chan readReceipt, 256), events: make(chan any, 8), pairReq: make(chan pairRequest),
		now: time.Now, sleep: bot.Sleep, backoffMin: time.Second, backoffMax: time.Minute,
		randDur: func(n time.Duration) time.Duration { return time.Duration(mrand.Int64N(int64(n))) },
	}
	c.status = Status{State: StateDisconnected, Since: c.now()}
	return c
}

// reopen replaces the client with a fresh one from the device store.
func (c *Channel) reopen(ctx context.Context) error {
	cli, err := c.open(ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.cli = cli
	c.mu.Unlock()
	if id := cli.DeviceID(); id != nil {
		c.setState(StateDisconnected, id.ToNonAD().String())
	} else {
		c.setState(StateLoggedOut, "")
	}
	return nil
}

func (c *Channel) client() waClient {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cli
}

// OpenStore returns whatsmeow's device store on db, migrated. dialect is
// "postgres" (or "pgx") or "sqlite"; an SQLite handle must have foreign
// keys on (_pragma=foreign_keys(1)). On PostgreSQL the migration runs under
// an advisory lock so replicas starting together do not race.
func OpenStore(ctx context.Context, db *sql.DB, dialect string, log *slog.Logger) (*sqlstore.Container, error) {
	if db == nil {
		return nil, errors.New("whatsapp: open device store: nil database")
	}
	var pg bool
	switch dialect {
	case "postgres", "pgx":
		pg = true
	case "sqlite":
	default: // sqlstore.NewWithDB panics on an unknown dialect
		return nil, fmt.Errorf("whatsapp: open device store: unsupported dialect %q (want postgres or sqlite)", dialect)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	container := sqlstore.NewWithDB(db, dialect, slogWA{log: log.With("module", "whatsmeow-store")})
	upgrade := func() error { return container.Upgrade(ctx) }
	if pg {
		upgrade = func() error { return withAdvisoryLock(ctx, db, container.Upgrade) }
	}
	if err := upgrade(); err != nil {
		return nil, fmt.Errorf("whatsapp: migrate device store: %w", err)
	}
	return container, nil
}

// withAdvisoryLock runs fn while holding a session advisory lock on a
// dedicated connection.
func withAdvisoryLock(ctx context.Context, db *sql.DB, fn func(context.Context) error) error {
	const key = 0x6c6f6b6574_7761 // "loket" "wa"
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", int64(key)); err != nil {
		return fmt.Errorf("advisory lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(key))
	return fn(ctx)
}

// Channel names the platform.
func (c *Channel) Channel() loket.Channel { return loket.ChannelWhatsApp }

// Limits are deliberately conservative (WhatsApp bans numbers that send
// fast): by default one message per 2 s per chat with bursts of 3, and 20
// a minute overall.
func (c *Channel) Limits() bot.Limits {
	return bot.Limits{
		PerChat:      1 / c.cfg.PerChatInterval.Seconds(),
		PerChatBurst: c.cfg.PerChatBurst,
		Global:       c.cfg.GlobalPerMinute / 60,
		GlobalBurst:  c.cfg.GlobalBurst,
	}
}

// Active reports whether this replica holds the connection lock (always
// true without a Locker once Run started). Only an active replica should
// be registered as the WhatsApp Sender.
func (c *Channel) Active() bool { return c.active.Load() }
