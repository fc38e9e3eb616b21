package console

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"loket"
	"loket/store"
)

// authStore is what authenticating a session or an API token uses.
type authStore interface {
	APITokenByHash(ctx context.Context, hash string) (*loket.APIToken, error)
	AgentByID(ctx context.Context, id int64) (*loket.Agent, error)
	DeleteSession(ctx context.Context, hash string) error
	SessionByTokenHash(ctx context.Context, hash string) (*loket.Session, error)
}

func asAuth(tx store.Tx) authStore { return tx }

const sessionCookie = "loket_session"

// auth is who is calling: the agent, and the session when the caller came
// through the console (nil for an API token).
type auth struct {
	Agent   *loket.Agent
	Session *loket.Session
	TokenID int64 // the API token used, 0 for a session
	IP      string
}

// csrf returns the session's CSRF token for forms ("" for token callers).
func (a *auth) csrf() string {
	if a.Session == nil {
		return ""
	}
	return a.Session.CSRFToken
}

// fromSession authenticates a request by its session cookie. It returns
// nil (no error) when there is no valid session.
func (c *Console) fromSession(ctx context.Context, r *http.Request) (*auth, error) {
	ck, err := r.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return nil, nil
	}
	hash := tokenHash(ck.Value)
	now := c.clock.Now()
	var a *auth
	err = inTx(ctx, c.store, asAuth, func(tx authStore) error {
		s, err := tx.SessionByTokenHash(ctx, hash)
		if errors.Is(err, loket.ErrNotFound) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("load session: %w", err)
		}
		if !now.Before(s.ExpiresAt) {
			return tx.DeleteSession(ctx, hash)
		}
		ag, err := tx.AgentByID(ctx, s.AgentID)
		if errors.Is(err, loket.ErrNotFound) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("load agent: %w", err)
		}
		if ag.Active {
			a = &auth{Agent: ag, Session: s, IP: c.clientIP(r)}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("console: session: %w", err)
	}
	return a, nil
}

// fromBearer authenticates an API request by its bearer token. ok is
// false when the request carries no bearer token at all.
func (c *Console) fromBearer(ctx context.Context, r *http.Request) (a *auth, ok bool, err error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, false, nil
	}
	scheme, tok, found := strings.Cut(h, " ")
	if !found || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return nil, true, userErr(loket.EUnauthorized, "api.err_auth_header")
	}
	hash := tokenHash(strings.TrimSpace(tok))
	err = inTx(ctx, c.store, asAuth, func(tx authStore) error {
		t, err := tx.APITokenByHash(ctx, hash)
		if errors.Is(err, loket.ErrNotFound) {
			return userErr(loket.EUnauthorized, "api.err_token")
		}
		if err != nil {
			return fmt.Errorf("load API token: %w", err)
		}
		ag, err := tx.AgentByID(ctx, t.AgentID)
		if err != nil {
			return fmt.Errorf("load agent of API token: %w", err)
		}
		if !ag.Active {
			return userErr(loket.EUnauthorized, "api.err_token_agent")
		}
		a = &auth{Agent: ag, TokenID: t.ID, IP: c.clientIP(r)}
		return nil
	})
	return a, true, err
}

// checkCSRF refuses a state-changing request made with a session unless
// it carries the session's CSRF token (form field "csrf" or header
// X-CSRF-Token). Token (bearer) callers are exempt.
func checkCSRF(r *http.Request, a *auth) error {
	if a.Session == nil || r.Method == http.MethodGet || r.Method == http.MethodHead {
		return nil
	}
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf")
	}
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(a.Session.CSRFToken)) != 1 {
		return userErr(loket.EForbidden, "error.csrf")
	}
	return nil
}

func requireRole(a *auth, min loket.Role) error {
	if !a.Agent.Role.AtLeast(min) {
		return userErr(loket.EForbidden, "error.forbidden_role", "role", min)
	}
	return nil
}
