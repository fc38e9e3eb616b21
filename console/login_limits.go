package console

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"loket"
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

// loginUserKey is the count of user's failures from addr. A username
// longer than any agent's is kept as its digest: a form may carry a
// megabyte of username, and each failure keeps its key for an hour (in
// Redis, or in process while Redis is down).
func loginUserKey(user, addr string) string {
	if len(user) > 64 {
		sum := sha256.Sum256([]byte(user))
		user = "sha256:" + hex.EncodeToString(sum[:])
	}
	return "console:login:user:" + addr + ":" + user
}
func loginAddrKey(addr string) string { return "console:login:addr:" + addr }

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

// A failed login is written to the audit log under the object "login",
// so /admin/audit?object=login lists them all: the username tried (cut
// to loginAuditNameMax characters and cleaned of control characters),
// the agent it names if any, and the client address; never the password.
// Per address the limits above already bound the rows (the free failures,
// then a few an hour), but an attacker with many addresses is not bound
// by them, so at most loginAuditPerHour failures are written per clock
// hour on each replica; the first one over writes a single entry saying
// that the rest of that hour is not written one by one (the limits still
// count every one).
const (
	loginAuditPerHour = 100
	loginAuditNameMax = 64
)

func loginAuditKey(hour time.Time) string {
	return "console:login:audited:" + hour.UTC().Format("2006010215")
}

// auditLoginFailure records a failed login; a failure to record it is
// logged and does not change the answer (the limits counted it).
func (c *Console) auditLoginFailure(ctx context.Context, tried *loket.Agent, user, ip string) {
	now := c.clock.Now()
	hour := now.Truncate(time.Hour)
	n, err := c.lim.Strike(ctx, loginAuditKey(hour), 2*time.Hour)
	if err != nil {
		c.log.Warn("console: login: counting audited failures", "err", err)
		return
	}
	entry := &loket.Audit{Action: "agent.login_failed", Object: "login", Detail: triedName(user), RemoteIP: ip, CreatedAt: now}
	switch {
	case n > loginAuditPerHour+1:
		return
	case n == loginAuditPerHour+1:
		entry = &loket.Audit{Action: "agent.login_failed_unrecorded", Object: "login",
			Detail: hour.Add(time.Hour).In(c.cfg.Location).Format("2006-01-02 15:04"), RemoteIP: ip, CreatedAt: now}
	case tried != nil:
		entry.Detail += fmt.Sprintf(" (agent:%d)", tried.ID)
		if !tried.Active {
			entry.Action = "agent.login_inactive"
		}
	}
	err = inTx(ctx, c.store, asLogin, func(tx loginStore) error { return tx.AddAudit(ctx, entry) })
	if err != nil {
		c.log.Warn("console: login: auditing a failure", "err", err)
	}
}

// triedName is a username as typed, for the audit log: at most
// loginAuditNameMax characters, control characters as spaces.
func triedName(user string) string {
	r := []rune(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, user))
	if len(r) > loginAuditNameMax {
		return string(r[:loginAuditNameMax]) + "…"
	}
	return string(r)
}
