package console

import (
	"fmt"
	"net/http"
	"strings"

	"loket"
	"loket/store"
)

// accountPage is the agent's own page: profile, password, API tokens.
func (c *Console) accountPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	return c.renderAccount(w, r, a, http.StatusOK, map[string]any{})
}

// accountToken creates an API token for the calling agent and shows it once.
func (c *Console) accountToken(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	name := strings.TrimSpace(r.PostFormValue("name"))
	if name == "" || len(name) > 100 {
		return loket.Errorf(loket.EInvalid, "give the token a name of at most 100 characters")
	}
	tok := "lkt_" + randomToken()
	now := c.clock.Now()
	t := &loket.APIToken{AgentID: a.Agent.ID, Name: name, TokenHash: tokenHash(tok), CreatedAt: now}
	err := c.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.CreateAPIToken(ctx, t); err != nil {
			return fmt.Errorf("create API token: %w", err)
		}
		return audit(ctx, tx, a, "apitoken.create", fmt.Sprintf("agent:%d", a.Agent.ID), name, now)
	})
	if err != nil {
		return fmt.Errorf("console: API token: %w", err)
	}
	return c.renderAccount(w, r, a, http.StatusOK, map[string]any{"Token": tok, "TokenName": name})
}

// accountPassword changes the calling agent's password.
func (c *Console) accountPassword(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	if !CheckPassword(a.Agent.PasswordHash, r.PostFormValue("current")) {
		return c.renderAccount(w, r, a, http.StatusBadRequest, map[string]any{"Error": "The current password is wrong."})
	}
	if r.PostFormValue("new") != r.PostFormValue("repeat") {
		return c.renderAccount(w, r, a, http.StatusBadRequest, map[string]any{"Error": "The new passwords differ."})
	}
	hash, err := HashPassword(r.PostFormValue("new"))
	if err != nil {
		return c.renderAccount(w, r, a, http.StatusBadRequest, map[string]any{"Error": loket.ErrorMessage(err)})
	}
	a.Agent.PasswordHash = hash
	var ended int64
	err = c.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.SaveAgent(ctx, a.Agent); err != nil {
			return fmt.Errorf("save agent: %w", err)
		}
		if ended, err = endSessions(ctx, tx, a, a.Agent.ID); err != nil {
			return err
		}
		detail := fmt.Sprintf("own; ended %d other sessions", ended)
		return audit(ctx, tx, a, "agent.password", fmt.Sprintf("agent:%d", a.Agent.ID), detail, c.clock.Now())
	})
	if err != nil {
		return fmt.Errorf("console: change password: %w", err)
	}
	msg := "Password changed."
	if ended > 0 {
		msg = fmt.Sprintf("Password changed; %d other sessions were logged out.", ended)
	}
	return c.renderAccount(w, r, a, http.StatusOK, map[string]any{"Saved": msg})
}
