package console

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/crypto/bcrypt"

	"loket"
	"loket/internal/clientaddr"
	"loket/knowledge"
	"loket/messages"
	"loket/ops"
	"loket/templates"
)

// Topic is the pub/sub topic the console publishes a change on and
// listens to for live updates.
const Topic = "console"

// Config is the console's configuration.
type Config struct {
	SecureCookies bool // always set the Secure flag on cookies (else per request, see Clients)
	// Clients tells the client address (login limits, audit) and whether
	// the request came over HTTPS (Secure cookies); nil trusts no proxy.
	Clients    *clientaddr.Resolver
	Location   *time.Location // office time zone for display and dates; nil = UTC
	SessionTTL time.Duration  // how long a login lasts; 0 = 12 hours
	PollEvery  time.Duration  // how often the live-update stream polls the store; 0 = 5 s
	// PasswordCost is the bcrypt cost of the password hashes the console
	// makes (a changed password, a new agent, a reset); 0 = bcrypt's
	// default. Tests lower it: at the default one check takes most of a
	// second under the race detector.
	PasswordCost int
}

// Deps are the console's collaborators. Store, Events, Limiter and Clock
// are required; Wake, Log and Files are optional.
type Deps struct {
	Store   Store
	Events  Events
	Limiter Limiter
	Wake    func(loket.Channel) // called after enqueueing outbound so it goes out at once
	Clock   loket.Clock
	Log     *slog.Logger
	Files   Files // nil: documents cannot be opened yet
	// Channels: channel health and WhatsApp pairing (console/admin_channels.go); nil = none enabled.
	Channels Channels
	// Answers lists the bot's built-in answers, their texts quoting the
	// office with {placeholders} (console/admin_answers.go); nil = none,
	// only the answers the office writes.
	Answers func() []knowledge.Answer
	// Custody: a vendor's personal data exported or erased (console/api_custody.go); nil = not available.
	Custody Custody
	// Targets checks where an outgoing webhook may point; nil: any http(s) URL.
	Targets Targets
	// Ops are the ticket operations, the same service the Telegram staff
	// group calls (cmd/loket builds it once); nil: built here from the
	// catalogue in the office time zone.
	Ops *ops.Service
}

// Console serves the staff web console and the REST API.
type Console struct {
	cfg     Config
	store   Store
	ev      Events
	lim     Limiter
	wake    func(loket.Channel)
	clock   loket.Clock
	log     *slog.Logger
	files   Files
	chans   Channels                  // may be nil
	cust    Custody                   // may be nil
	targets Targets                   // may be nil
	answers func() []knowledge.Answer // may be nil

	// crossOrigin refuses state-changing requests a browser says come
	// from another origin (Sec-Fetch-Site, else Origin against Host); the
	// session's CSRF token is checked as well.
	crossOrigin *http.CrossOriginProtection
	tmpl        *engine
	static      http.Handler // templates/console/static
	catalog     catalog
	ops         *ops.Service  // the ticket operations, shared with the staff group
	dummyHash   []byte        // compared against for an unknown username
	checks      chan struct{} // password checks under way (console/password_checks.go)
	checkWait   time.Duration // how long a login waits for a turn to be checked
	mux         *routeMux
	apiRoutes   []string // "METHOD /path" of every API route, for the OpenAPI test
}

// New checks the dependencies, parses every template and builds the routes.
func New(cfg Config, deps Deps) (*Console, error) {
	if deps.Store == nil || deps.Events == nil || deps.Limiter == nil || deps.Clock == nil {
		return nil, errors.New("console: Store, Events, Limiter and Clock are required")
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.PollEvery <= 0 {
		cfg.PollEvery = 5 * time.Second
	}
	if cfg.PasswordCost < bcrypt.MinCost || cfg.PasswordCost > bcrypt.MaxCost {
		cfg.PasswordCost = bcrypt.DefaultCost
	}
	c := &Console{
		cfg: cfg, store: deps.Store, ev: deps.Events, lim: deps.Limiter, wake: deps.Wake,
		clock: deps.Clock, log: deps.Log, files: deps.Files,
		chans: deps.Channels, cust: deps.Custody, targets: deps.Targets, answers: deps.Answers,
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.wake == nil {
		c.wake = func(loket.Channel) {}
	}
	var err error
	if c.catalog, err = loadCatalog(); err != nil {
		return nil, err
	}
	c.dummyHash = dummyAt(cfg.PasswordCost)
	c.checks, c.checkWait = make(chan struct{}, passwordChecksAtOnce()), 5*time.Second
	c.ops = deps.Ops
	if c.ops == nil {
		c.ops = ops.New(messages.Catalog(c.catalog), cfg.Location)
	}
	if c.tmpl, err = newEngine(cfg.Location, c.catalog, c.channelAlert); err != nil {
		return nil, err
	}
	static, err := fs.Sub(templates.Console, "console/static")
	if err != nil {
		return nil, fmt.Errorf("console: static files: %w", err)
	}
	c.static = http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static)))
	c.crossOrigin = http.NewCrossOriginProtection()
	c.mux = newRouteMux()
	c.routes()
	return c, nil
}

// Handler returns the console's HTTP handler, to be mounted at "/".
func (c *Console) Handler() http.Handler { return c.secure(c.mux) }
