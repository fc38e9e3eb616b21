package console

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"loket"
	"loket/ops"
	"loket/store"
)

// loginStore is what logging in and out uses.
type loginStore interface {
	ops.Auditor
	AgentByUsername(ctx context.Context, username string) (*loket.Agent, error)
	CreateSession(ctx context.Context, s *loket.Session) error
	DeleteSession(ctx context.Context, hash string) error
}

func asLogin(tx store.Tx) loginStore { return tx }

func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) {
	if a, _ := c.fromSession(r.Context(), r); a != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	c.render(w, r, http.StatusOK, "login", nil, map[string]any{"Next": safeNext(r.URL.Query().Get("next"))})
}

// loginSubmit checks the failure counts (console/login_limits.go), then
// the password, then starts a session. Wrong username and wrong password
// get the same answer.
func (c *Console) loginSubmit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	user := strings.ToLower(strings.TrimSpace(r.PostFormValue("username")))
	pw := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	data := map[string]any{"Next": next, "Username": user}
	lang := readerLang(r, nil)
	fail := func(status int, key string, kv ...any) {
		data["Error"] = c.tr(lang, key, kv...)
		c.render(w, r, status, "login", nil, data)
	}
	ip, addr := c.clientIP(r), c.clientKey(r)
	if wait, err := c.loginWait(ctx, user, addr); err != nil {
		c.writePageError(w, r, nil, err)
		return
	} else if wait > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(int((wait+time.Second-1)/time.Second)))
		if wait < 2*time.Minute {
			fail(http.StatusTooManyRequests, "login.err_wait", "seconds", int((wait+time.Second-1)/time.Second))
		} else {
			fail(http.StatusTooManyRequests, "login.err_too_many", "minutes", int((wait+time.Minute-1)/time.Minute))
		}
		return
	}
	ag, tried, err := c.checkLogin(r, user, pw)
	if loket.ErrorCode(err) == loket.EUnavailable {
		w.Header().Set("Retry-After", "5")
		fail(http.StatusServiceUnavailable, "login.err_busy")
		return
	}
	if err != nil {
		c.writePageError(w, r, nil, err)
		return
	}
	if ag == nil {
		if err := c.loginFailed(ctx, user, addr); err != nil {
			c.writePageError(w, r, nil, err)
			return
		}
		c.auditLoginFailure(ctx, tried, user, ip)
		fail(http.StatusUnauthorized, "login.err_wrong")
		return
	}
	if err := c.loginSucceeded(ctx, user, addr); err != nil {
		c.log.Warn("console: login: forgetting failures", "err", err)
	}
	tok := randomToken()
	now := c.clock.Now()
	s := &loket.Session{TokenHash: tokenHash(tok), AgentID: ag.ID, CSRFToken: randomToken(), CreatedAt: now, ExpiresAt: now.Add(c.cfg.SessionTTL)}
	err = inTx(ctx, c.store, asLogin, func(tx loginStore) error {
		if err := tx.CreateSession(ctx, s); err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		return tx.AddAudit(ctx, &loket.Audit{AgentID: ag.ID, Action: "agent.login", Object: fmt.Sprintf("agent:%d", ag.ID), RemoteIP: ip, CreatedAt: now})
	})
	if err != nil {
		c.writePageError(w, r, nil, fmt.Errorf("console: login: %w", err))
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: tok, Path: "/", // no Expires: the server enforces ExpiresAt
		HttpOnly: true, Secure: c.secureCookie(r), SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// checkLogin returns the agent when the credentials are right, nil when
// not; tried is the agent the username named (nil when none), for the
// audit of a failure.
func (c *Console) checkLogin(r *http.Request, user, pw string) (ok, tried *loket.Agent, err error) {
	ctx := r.Context()
	if user == "" {
		return nil, nil, nil
	}
	var ag *loket.Agent
	err = inTx(ctx, c.store, asLogin, func(tx loginStore) error {
		var err error
		ag, err = tx.AgentByUsername(ctx, user)
		if errors.Is(err, loket.ErrNotFound) {
			ag = nil
			return nil
		}
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("console: login: load agent: %w", err)
	}
	release, err := c.checkTurn(ctx) // console/password_checks.go
	if err != nil {
		return nil, nil, err
	}
	defer release()
	if ag == nil || pw == "" {
		c.burnPasswordCheck(pw)
		return nil, ag, nil
	}
	if !CheckPassword(ag.PasswordHash, pw) || !ag.Active {
		return nil, ag, nil
	}
	return ag, ag, nil
}

func (c *Console) logout(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	err := inTx(ctx, c.store, asLogin, func(tx loginStore) error { return tx.DeleteSession(ctx, a.Session.TokenHash) })
	if err != nil {
		return fmt.Errorf("console: logout: %w", err)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: c.secureCookie(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// safeNext keeps a post-login redirect on this site: only a path of
// this site (with its query) passes, parsed, its path decoded free of
// control characters, spaces, backslashes and a leading "//", since
// browsers drop tabs and newlines and read a backslash as a slash
// ("/%09/evil.example" would become "//evil.example"). Anything else is "/".
func safeNext(next string) string {
	if next == "" || len(next) > 2000 || !plainText(next) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Opaque != "" || u.User != nil || u.Host != "" {
		return "/"
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || !plainText(p) {
		return "/"
	}
	out := u.EscapedPath()
	if u.RawQuery != "" {
		out += "?" + u.RawQuery
	}
	return out
}

// plainText reports whether s has no control character, space, backslash
// or invalid UTF-8.
func plainText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '\\' || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}
