package console

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"loket"
	"loket/ops"
	"loket/store"
)

// tokensStore is what listing and revoking API tokens uses.
type tokensStore interface {
	ops.Auditor
	ListAPITokens(ctx context.Context, agentID int64) ([]loket.APIToken, error)
	RevokeAPIToken(ctx context.Context, agentID, id int64) error
}

func asTokens(tx store.Tx) tokensStore { return tx }

// accessEnder ends an agent's sessions and API tokens.
type accessEnder interface {
	DeleteSessionsByAgent(ctx context.Context, agentID int64, keepHash string) (int64, error)
	RevokeAPITokensByAgent(ctx context.Context, agentID int64) (int64, error)
}

// An agent's own API tokens: listed without secrets, revoked one by one,
// on /account and through the API. A password change or reset and a
// deactivation end the agent's other sessions and revoke every token.

// apiToken is a token as listed: never the secret, not even its hash.
type apiToken struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	Current   bool      `json:"current"` // the token this request came with
}

func (c *Console) listTokens(ctx context.Context, a *auth) ([]apiToken, error) {
	var toks []loket.APIToken
	err := inTx(ctx, c.store, asTokens, func(tx tokensStore) error {
		var err error
		toks, err = tx.ListAPITokens(ctx, a.Agent.ID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("console: list API tokens: %w", err)
	}
	out := []apiToken{}
	for _, t := range toks {
		out = append(out, apiToken{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt, Current: t.ID == a.TokenID})
	}
	return out, nil
}

// revokeToken deletes one of the calling agent's tokens; another agent's
// token is "not found".
func (c *Console) revokeToken(ctx context.Context, a *auth, id int64) error {
	err := inTx(ctx, c.store, asTokens, func(tx tokensStore) error {
		if err := tx.RevokeAPIToken(ctx, a.Agent.ID, id); err != nil {
			return err
		}
		return audit(ctx, tx, a, "apitoken.revoke", fmt.Sprintf("agent:%d", a.Agent.ID), "token "+strconv.FormatInt(id, 10), c.clock.Now())
	})
	if err != nil {
		return fmt.Errorf("console: revoke API token %d: %w", id, err)
	}
	return nil
}

// endAccess ends agent id's console sessions and revokes all of their
// API tokens for good, after a password change or reset or a
// deactivation. The caller's own session is kept when it is theirs (a
// password change); reactivating an agent brings nothing back.
func endAccess(ctx context.Context, tx accessEnder, a *auth, id int64) (sessions, tokens int64, err error) {
	keep := ""
	if a.Session != nil && a.Agent.ID == id {
		keep = a.Session.TokenHash
	}
	if sessions, err = tx.DeleteSessionsByAgent(ctx, id, keep); err != nil {
		return 0, 0, fmt.Errorf("end sessions of agent %d: %w", id, err)
	}
	if tokens, err = tx.RevokeAPITokensByAgent(ctx, id); err != nil {
		return 0, 0, fmt.Errorf("revoke API tokens of agent %d: %w", id, err)
	}
	return sessions, tokens, nil
}

func (c *Console) apiTokens(w http.ResponseWriter, r *http.Request, a *auth) error {
	toks, err := c.listTokens(r.Context(), a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"tokens": toks})
	return nil
}

func (c *Console) apiTokenRevoke(w http.ResponseWriter, r *http.Request, a *auth) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	if err := c.revokeToken(r.Context(), a, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// accountRevoke is the /account page's "Revoke" button.
func (c *Console) accountRevoke(w http.ResponseWriter, r *http.Request, a *auth) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	if err := c.revokeToken(r.Context(), a, id); err != nil {
		if loket.ErrorCode(err) == loket.ENotFound {
			return c.renderAccount(w, r, a, http.StatusNotFound, map[string]any{"Error": c.tr(a.lang(), "account.err_no_token")})
		}
		return err
	}
	c.seeOther(w, r, a, "/account#tokens", map[string]string{"Saved": c.tr(a.lang(), "account.token_revoked")})
	return nil
}

// renderAccount shows /account with the agent's tokens.
func (c *Console) renderAccount(w http.ResponseWriter, r *http.Request, a *auth, status int, data map[string]any) error {
	toks, err := c.listTokens(r.Context(), a)
	if err != nil {
		return err
	}
	data["Tokens"] = toks
	c.render(w, r, status, "account", a, data)
	return nil
}
