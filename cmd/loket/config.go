package main

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // LOKET_TIMEZONE must work on a machine without zoneinfo

	"github.com/jackc/pgx/v5/pgconn"
	goredis "github.com/redis/go-redis/v9"

	"loket/bot/whatsappcloud"
	"loket/store/files"
)

// Config is the runtime configuration, read from LOKET_* environment
// variables (see the README's table).
type Config struct {
	HTTPAddr       string
	DataDir        string
	DatabaseURL    string
	RedisURL       string
	RedisPrefix    string // starts every Redis key and channel name ("loket:")
	TelegramToken  string
	TelegramAPIURL string
	WebhookURL     string
	WebhookSecret  string
	StaffChat      int64
	TelegramRate   float64 // messages a second across chats; 0: Telegram's documented 30
	WhatsApp       bool
	WhatsAppCloud  *whatsappcloud.Config // the Cloud API channel; nil when off
	Location       *time.Location
	AdminPassword  string
	LogLevel       string
	PublicURL      string         // base URL people open (links in the staff group); https:// makes cookies Secure
	FilesKey       *files.Key     // documents sealed at rest under it; nil: plain
	FilesKeyOld    *files.Key     // also readable, during a key rotation
	TrustedProxies []netip.Prefix // proxies whose forwarded headers are believed
	WebhookAllow   []netip.Prefix // private networks outgoing webhooks may reach
	FilesQuota     int64          // bytes of documents and uploads; 0: no quota
	FilesMinFree   int64          // free bytes kept on the data disk
	ChatStreams    int            // open web-chat event streams per replica
	PprofAddr      string         // loopback host:port serving Go's profiles; empty: off
	// StartWait is how long start-up waits for a database, Redis or Bot
	// API that cannot be reached yet (LOKET_START_WAIT; 0: not at all).
	StartWait time.Duration
}

var redisPrefixRe = regexp.MustCompile(`^[A-Za-z0-9_.:-]{1,64}$`)

// configError names the variable and what is wrong with it.
type configError struct{ name, problem string }

func (e *configError) Error() string { return e.name + ": " + e.problem }

// loadConfig reads the configuration through getenv and validates every
// value, so a mistake stops start-up with one line naming the variable.
func loadConfig(getenv func(string) string) (*Config, error) {
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	c := &Config{
		HTTPAddr:       get("LOKET_HTTP_ADDR", "127.0.0.1:8080"),
		DataDir:        get("LOKET_DATA_DIR", "./loket-data"),
		DatabaseURL:    get("LOKET_DATABASE_URL", ""),
		RedisURL:       get("LOKET_REDIS_URL", ""),
		RedisPrefix:    get("LOKET_REDIS_PREFIX", "loket:"),
		TelegramToken:  get("LOKET_TELEGRAM_TOKEN", ""),
		TelegramAPIURL: get("LOKET_TELEGRAM_API_URL", "https://api.telegram.org"),
		WebhookURL:     get("LOKET_TELEGRAM_WEBHOOK_URL", ""),
		WebhookSecret:  get("LOKET_TELEGRAM_WEBHOOK_SECRET", ""),
		AdminPassword:  getenv("LOKET_ADMIN_PASSWORD"),
		LogLevel:       get("LOKET_LOG_LEVEL", "info"),
		PublicURL:      get("LOKET_PUBLIC_URL", ""),
		PprofAddr:      get("LOKET_PPROF", ""),
	}
	if c.PprofAddr != "" {
		if err := checkPprofAddr(c.PprofAddr); err != nil {
			return nil, err
		}
	}
	if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
		return nil, &configError{"LOKET_HTTP_ADDR", fmt.Sprintf("%q is not host:port (%v)", c.HTTPAddr, err)}
	}
	if c.DatabaseURL != "" {
		if err := checkDatabaseURL(c.DatabaseURL); err != nil {
			return nil, &configError{"LOKET_DATABASE_URL", err.Error()}
		}
	}
	if c.RedisURL != "" {
		if err := checkRedisURL(c.RedisURL); err != nil {
			return nil, &configError{"LOKET_REDIS_URL", err.Error()}
		}
	}
	if !redisPrefixRe.MatchString(c.RedisPrefix) {
		return nil, &configError{"LOKET_REDIS_PREFIX", fmt.Sprintf("%q: use 1-64 letters, digits, '_', '-', '.' or ':'", c.RedisPrefix)}
	}
	if !strings.HasSuffix(c.RedisPrefix, ":") {
		c.RedisPrefix += ":"
	}
	if err := checkURL(c.TelegramAPIURL, "http", "https"); err != nil {
		return nil, &configError{"LOKET_TELEGRAM_API_URL", err.Error()}
	}
	if c.WebhookURL != "" {
		if err := checkURL(c.WebhookURL, "https", "http"); err != nil {
			return nil, &configError{"LOKET_TELEGRAM_WEBHOOK_URL", err.Error()}
		}
		if c.WebhookSecret == "" {
			return nil, &configError{"LOKET_TELEGRAM_WEBHOOK_SECRET", "required when LOKET_TELEGRAM_WEBHOOK_URL is set (1-256 characters A-Z a-z 0-9 _ -)"}
		}
	}
	if c.WebhookSecret != "" && !validSecret(c.WebhookSecret) {
		return nil, &configError{"LOKET_TELEGRAM_WEBHOOK_SECRET", "must be 1-256 characters of A-Z a-z 0-9 _ -"}
	}
	if v := get("LOKET_TELEGRAM_STAFF_CHAT", ""); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, &configError{"LOKET_TELEGRAM_STAFF_CHAT", fmt.Sprintf("%q is not a Telegram chat id (an integer such as -1001234567890)", v)}
		}
		c.StaffChat = id
	}
	switch v := get("LOKET_WHATSAPP", ""); v {
	case "", "0", "false", "off":
	case "1", "true", "on":
		c.WhatsApp = true
	default:
		return nil, &configError{"LOKET_WHATSAPP", fmt.Sprintf("%q: use 1 to enable, empty or 0 to disable", v)}
	}
	if err := c.loadWhatsAppCloud(get); err != nil {
		return nil, err
	}
	if c.PublicURL == "" {
		c.PublicURL = "http://" + c.HTTPAddr
	} else if err := checkURL(c.PublicURL, "https", "http"); err != nil {
		return nil, &configError{"LOKET_PUBLIC_URL", err.Error()}
	}
	if err := c.loadLimits(get); err != nil {
		return nil, err
	}
	tz := get("LOKET_TIMEZONE", "Asia/Jakarta")
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, &configError{"LOKET_TIMEZONE", fmt.Sprintf("unknown time zone %q (use an IANA name such as Asia/Jakarta)", tz)}
	}
	c.Location = loc
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return nil, &configError{"LOKET_LOG_LEVEL", fmt.Sprintf("%q: use debug, info, warn or error", c.LogLevel)}
	}
	if err := c.loadFilesKeys(get); err != nil {
		return nil, err
	}
	return c, nil
}

// loadFilesKeys reads LOKET_FILES_KEY and LOKET_FILES_KEY_OLD; the old key
// alone means nothing, and must differ from the new one.
func (c *Config) loadFilesKeys(get func(name, def string) string) error {
	const hint = "must be 32 bytes in base64, e.g. the output of: head -c 32 /dev/urandom | base64"
	for _, v := range []struct {
		name string
		dst  **files.Key
	}{{"LOKET_FILES_KEY", &c.FilesKey}, {"LOKET_FILES_KEY_OLD", &c.FilesKeyOld}} {
		raw := get(v.name, "")
		if raw == "" {
			continue
		}
		k, err := files.ParseKey(raw)
		if err != nil {
			return &configError{v.name, fmt.Sprintf("%v; %s", err, hint)}
		}
		*v.dst = k
	}
	switch {
	case c.FilesKeyOld != nil && c.FilesKey == nil:
		return &configError{"LOKET_FILES_KEY_OLD", "set only during a key rotation, together with the new LOKET_FILES_KEY"}
	case c.FilesKeyOld != nil && c.FilesKeyOld.ID() == c.FilesKey.ID():
		return &configError{"LOKET_FILES_KEY_OLD", "is the same key as LOKET_FILES_KEY"}
	}
	return nil
}

// filesOptions opens the document store with the configured keys.
func (c *Config) filesOptions() []files.Option {
	if c.FilesKey == nil {
		return nil
	}
	return []files.Option{files.WithKeys(c.FilesKey, c.FilesKeyOld)}
}

// parseURL parses raw, its error without the URL: a database or Redis
// URL carries a password, and the error goes to the log.
func parseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("malformed URL: %v", err)
	}
	return u, nil
}

// checkDatabaseURL accepts what pgx accepts as a postgres:// URL,
// including a Unix socket (postgres:///loket?host=/var/run/postgresql)
// where a host name is not needed.
func checkDatabaseURL(raw string) error {
	u, err := parseURL(raw)
	if err != nil {
		return err
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return fmt.Errorf("URL scheme %q not supported (want postgres://…)", u.Scheme)
	}
	if _, err := pgconn.ParseConfig(raw); err != nil {
		return fmt.Errorf("malformed URL: %v", err)
	}
	return nil
}

// checkRedisURL accepts what go-redis accepts: redis://, rediss:// and a
// Unix socket (unix:///run/redis/redis.sock?db=0).
func checkRedisURL(raw string) error {
	u, err := parseURL(raw)
	if err != nil {
		return err
	}
	switch u.Scheme {
	case "redis", "rediss":
		if u.Host == "" {
			return fmt.Errorf("URL has no host")
		}
	case "unix":
		if u.Path == "" {
			return fmt.Errorf("unix:// URL has no socket path")
		}
	default:
		return fmt.Errorf("URL scheme %q not supported (want redis://…, rediss://… or unix://…)", u.Scheme)
	}
	if _, err := goredis.ParseURL(raw); err != nil {
		return fmt.Errorf("malformed URL: %v", err)
	}
	return nil
}

func checkURL(raw string, schemes ...string) error {
	u, err := parseURL(raw)
	if err != nil {
		return err
	}
	for _, s := range schemes {
		if u.Scheme == s {
			if u.Host == "" {
				return fmt.Errorf("URL has no host")
			}
			return nil
		}
	}
	return fmt.Errorf("URL scheme %q not supported (want %s://…)", u.Scheme, schemes[0])
}

func validSecret(s string) bool {
	if len(s) > 256 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// loadWhatsAppCloud reads LOKET_WHATSAPP_CLOUD_*: any of them turns the
// Cloud API channel on and then all four are required; it cannot serve
// WhatsApp together with whatsmeow (LOKET_WHATSAPP=1).
func (c *Config) loadWhatsAppCloud(get func(name, def string) string) error {
	wc := whatsappcloud.Config{
		Token:       get("LOKET_WHATSAPP_CLOUD_TOKEN", ""),
		PhoneID:     get("LOKET_WHATSAPP_CLOUD_PHONE_ID", ""),
		AppSecret:   get("LOKET_WHATSAPP_CLOUD_APP_SECRET", ""),
		VerifyToken: get("LOKET_WHATSAPP_CLOUD_VERIFY_TOKEN", ""),
		APIURL:      get("LOKET_WHATSAPP_CLOUD_API_URL", whatsappcloud.DefaultAPIURL),
	}
	if wc.Token == "" && wc.PhoneID == "" && wc.AppSecret == "" && wc.VerifyToken == "" {
		return nil
	}
	if c.WhatsApp {
		return &configError{"LOKET_WHATSAPP", "cannot be 1 while the WhatsApp Cloud API is configured (LOKET_WHATSAPP_CLOUD_*): choose one WhatsApp adapter"}
	}
	if err := wc.Validate(); err != nil {
		var ce *whatsappcloud.ConfigError
		if errors.As(err, &ce) {
			return &configError{ce.Name, ce.Problem}
		}
		return &configError{"LOKET_WHATSAPP_CLOUD_TOKEN", err.Error()}
	}
	c.WhatsAppCloud = &wc
	return nil
}
