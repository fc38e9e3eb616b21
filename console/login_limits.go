package console

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Login limits slow a password guesser down without letting anyone lock
// the owner of an account out. Only failures count, under two keys:
// the username together with the client address, and the client address
// alone. A number of failures go free; after that every further try must
// wait twice as long since the latest failure as the one before, up to
// loginMaxDelay. A success clears the username+address count and costs
// nothing, so a guesser at another address (or one wrong try every few
// minutes) never keeps the owner out. The counts live in Redis and, while
// it is down, in process (store/memory.Fallback).
const (
	loginFreePerUser = 5  // failures of one username from one address before any wait
	loginFreePerAddr = 20 // failures from one address, any username, before any wait
	loginMaxDelay    = 15 * time.Minute
	loginWindow      = time.Hour // a count is forgotten this long after its latest failure
)

func loginUserKey(user, addr string) string { return "console:login:user:" + addr + ":" + user }
func loginAddrKey(addr string) string       { return "console:login:addr:" + addr }

// loginDelay is how long must pass after the latest of n failures when
// free of them go free: 1 s, 2 s, 4 s, … up to loginMaxDelay.
func loginDelay(n, free int64) time.Duration {
	if n < free {
		return 0
	}
	return min(time.Second<<min(n-free, 20), loginMaxDelay)
}

// loginWait returns how long the client must still wait before its
// password is even checked (0 = check it now).
func (c *Console) loginWait(ctx context.Context, user, addr string) (time.Duration, error) {
	var wait time.Duration
	for _, k := range []struct {
		key  string
		free int64
	}{{loginUserKey(user, addr), loginFreePerUser}, {loginAddrKey(addr), loginFreePerAddr}} {
		n, since, err := c.lim.Strikes(ctx, k.key)
		if err != nil {
			return 0, fmt.Errorf("console: login limit: %w", err)
		}
		wait = max(wait, loginDelay(n, k.free)-since)
	}
	return wait, nil
}

// loginFailed counts a failure under both keys.
func (c *Console) loginFailed(ctx context.Context, user, addr string) error {
	for _, key := range []string{loginUserKey(user, addr), loginAddrKey(addr)} {
		if _, err := c.lim.Strike(ctx, key, loginWindow); err != nil {
			return fmt.Errorf("console: login limit: %w", err)
		}
	}
	return nil
}

// loginSucceeded forgets the failures of this username from this address.
func (c *Console) loginSucceeded(ctx context.Context, user, addr string) error {
	if err := c.lim.Forgive(ctx, loginUserKey(user, addr)); err != nil {
		return fmt.Errorf("console: login limit: %w", err)
	}
	return nil
}

// clientKey is the client address every limit is kept under
// (internal/clientaddr: proxies are believed only when trusted).
func (c *Console) clientKey(r *http.Request) string { return c.cfg.Clients.Key(r) }

// clientIP is the client address as the audit log records it.
func (c *Console) clientIP(r *http.Request) string {
	if a := c.cfg.Clients.Client(r); a.IsValid() {
		return a.String()
	}
	return r.RemoteAddr
}

// secureCookie reports whether cookies get the Secure flag: always when
// configured so, else when the request came over HTTPS (TLS ended here,
// an https:// LOKET_PUBLIC_URL, or X-Forwarded-Proto from a trusted proxy).
func (c *Console) secureCookie(r *http.Request) bool {
	return c.cfg.SecureCookies || c.cfg.Clients.Secure(r)
}
