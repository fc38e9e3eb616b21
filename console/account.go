package console

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"loket"
	"loket/ops"
	"loket/store"
)

// accountStore is what an agent's own account page uses: their password and API tokens.
type accountStore interface {
	accessEnder
	ops.Auditor
	CreateAPIToken(ctx context.Context, t *loket.APIToken) error
	SaveAgent(ctx context.Context, a *loket.Agent) error
}

func asAccount(tx store.Tx) accountStore { return tx }

// accountPage is the agent's own page: profile, password, API tokens.
func (c *Console) accountPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	return c.renderAccount(w, r, a, http.StatusOK, map[string]any{})
}

// accountToken creates an API token for the calling agent and shows it once.
func (c *Console) accountToken(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	name := strings.TrimSpace(r.PostFormValue("name"))
	if name == "" || len(name) > 100 {
		return userErr(loket.EInvalid, "account.err_token_name", "max", 100)
	}
	tok := "lkt_" + randomToken()
	now := c.clock.Now()
	t := &loket.APIToken{AgentID: a.Agent.ID, Name: name, TokenHash: tokenHash(tok), CreatedAt: now}
	err := inTx(ctx, c.store, asAccount, func(tx accountStore) error {
		if err := tx.CreateAPIToken(ctx, t); err != nil {
			return fmt.Errorf("create API token: %w", err)
		}
		return audit(ctx, tx, a, "apitoken.create", fmt.Sprintf("agent:%d", a.Agent.ID), name, now)
	})
	if err != nil {
		return fmt.Errorf("console: API token: %w", err)
	}
	c.seeOther(w, r, a, "/account#tokens", map[string]string{"Token": tok, "TokenName": name})
	return nil
}

// accountPassword changes the calling agent's password. Wrong current
// passwords are limited as logins are (console/login_limits.go): whoever
// holds a session someone left open must not learn the password by
// trying one after another.
func (c *Console) accountPassword(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	key := fmt.Sprintf("console:password:agent:%d", a.Agent.ID)
	n, since, err := c.lim.Strikes(ctx, key)
	if err != nil {
		return fmt.Errorf("console: password limit: %w", err)
	}
	if wait := loginDelay(n, loginFreePerUser) - since; wait > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(int((wait+time.Second-1)/time.Second)))
		return c.renderAccount(w, r, a, http.StatusTooManyRequests, map[string]any{"Error": c.tr(a.lang(), "account.err_wait", "minutes", int((wait+time.Minute-1)/time.Minute))})
	}
	release, err := c.checkTurn(ctx)
	if err != nil {
		return err
	}
	right := CheckPassword(a.Agent.PasswordHash, r.PostFormValue("current"))
	release()
	if !right {
		if _, err := c.lim.Strike(ctx, key, loginWindow); err != nil {
			return fmt.Errorf("console: password limit: %w", err)
		}
		return c.renderAccount(w, r, a, http.StatusBadRequest, map[string]any{"Error": c.tr(a.lang(), "account.err_current")})
	}
	if err := c.lim.Forgive(ctx, key); err != nil {
		c.log.Warn("console: password limit: forgetting failures", "err", err)
	}
	if r.PostFormValue("new") != r.PostFormValue("repeat") {
		return c.renderAccount(w, r, a, http.StatusBadRequest, map[string]any{"Error": c.tr(a.lang(), "account.err_differ")})
	}
	hash, err := c.hashPassword(r.PostFormValue("new"))
	if err != nil {
		return c.renderAccount(w, r, a, http.StatusBadRequest, map[string]any{"Error": c.errText(a.lang(), err)})
	}
	a.Agent.PasswordHash = hash
	var ended, revoked int64
	err = inTx(ctx, c.store, asAccount, func(tx accountStore) error {
		if err := tx.SaveAgent(ctx, a.Agent); err != nil {
			return fmt.Errorf("save agent: %w", err)
		}
		if ended, revoked, err = endAccess(ctx, tx, a, a.Agent.ID); err != nil {
			return err
		}
		detail := fmt.Sprintf("self; ended=%d tokens=%d", ended, revoked)
		return audit(ctx, tx, a, "agent.password", fmt.Sprintf("agent:%d", a.Agent.ID), detail, c.clock.Now())
	})
	if err != nil {
		return fmt.Errorf("console: change password: %w", err)
	}
	msg := c.tr(a.lang(), "account.password_changed")
	if ended > 0 || revoked > 0 {
		msg = c.tr(a.lang(), "account.password_changed_ended", "sessions", ended, "tokens", revoked)
	}
	c.seeOther(w, r, a, "/account", map[string]string{"Saved": msg})
	return nil
}

// accountLanguage switches the calling agent's console language.
func (c *Console) accountLanguage(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	lang := loket.Lang(r.PostFormValue("lang"))
	if lang != loket.LangID && lang != loket.LangEN {
		return userErr(loket.EInvalid, "account.err_language")
	}
	old := agentLang(a.Agent)
	a.Agent.Lang = lang
	err := inTx(ctx, c.store, asAccount, func(tx accountStore) error {
		if err := tx.SaveAgent(ctx, a.Agent); err != nil {
			return fmt.Errorf("save agent: %w", err)
		}
		return audit(ctx, tx, a, "agent.language", fmt.Sprintf("agent:%d", a.Agent.ID), string(old)+"→"+string(lang), c.clock.Now())
	})
	if err != nil {
		return fmt.Errorf("console: change language: %w", err)
	}
	c.seeOther(w, r, a, "/account", map[string]string{"Saved": c.tr(lang, "account.language_saved")})
	return nil
}
