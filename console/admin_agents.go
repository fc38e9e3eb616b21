package console

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"loket"
	"loket/ops"
	"loket/store"
)

// agentsStore is what /admin/agents uses.
type agentsStore interface {
	accessEnder
	ops.Auditor
	AgentByID(ctx context.Context, id int64) (*loket.Agent, error)
	AgentByTelegramUser(ctx context.Context, userID int64) (*loket.Agent, error)
	AgentByUsername(ctx context.Context, username string) (*loket.Agent, error)
	ListAgents(ctx context.Context) ([]loket.Agent, error)
	SaveAgent(ctx context.Context, a *loket.Agent) error
}

func asAgents(tx store.Tx) agentsStore { return tx }

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)

// newAgent is an admin's request to create an agent.
type newAgent struct {
	Username, Name, Password string
	Role                     loket.Role
	TelegramUserID           int64
	TelegramID               string // as typed, to show a refused form again
}

// createAgent creates an agent; with no password given, one is generated
// and returned (shown once).
func (c *Console) createAgent(ctx context.Context, a *auth, in newAgent) (*loket.Agent, string, error) {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.Name = strings.TrimSpace(in.Name)
	if !usernameRE.MatchString(in.Username) {
		return nil, "", userErr(loket.EInvalid, "agents.err_username")
	}
	if in.Name == "" || len(in.Name) > 100 {
		return nil, "", userErr(loket.EInvalid, "agents.err_name", "max", 100)
	}
	if !in.Role.Valid() {
		return nil, "", userErr(loket.EInvalid, "agents.err_role")
	}
	shown := ""
	if in.Password == "" {
		in.Password = GeneratePassword()
		shown = in.Password
	}
	hash, err := c.hashPassword(in.Password)
	if err != nil {
		return nil, "", err
	}
	now := c.clock.Now()
	ag := &loket.Agent{Username: in.Username, Name: in.Name, Role: in.Role, PasswordHash: hash, TelegramUserID: in.TelegramUserID, Active: true, CreatedAt: now}
	err = inTx(ctx, c.store, asAgents, func(tx agentsStore) error {
		if _, err := tx.AgentByUsername(ctx, ag.Username); err == nil {
			return userErr(loket.EConflict, "agents.err_username_taken", "username", ag.Username)
		} else if !errors.Is(err, loket.ErrNotFound) {
			return fmt.Errorf("agent by username: %w", err)
		}
		if err := telegramFree(ctx, tx, ag.TelegramUserID, 0); err != nil {
			return err
		}
		if err := tx.SaveAgent(ctx, ag); err != nil {
			return fmt.Errorf("save agent: %w", err)
		}
		return audit(ctx, tx, a, "agent.create", fmt.Sprintf("agent:%d", ag.ID), ag.Username+" "+string(ag.Role), now)
	})
	if err != nil {
		return nil, "", fmt.Errorf("console: create agent %s: %w", in.Username, err)
	}
	return ag, shown, nil
}

// telegramFree refuses a Telegram user already linked to an agent other
// than self, naming that agent (the store's bare conflict said only that
// the action did not fit the data).
func telegramFree(ctx context.Context, tx agentsStore, userID, self int64) error {
	if userID == 0 {
		return nil
	}
	other, err := tx.AgentByTelegramUser(ctx, userID)
	switch {
	case errors.Is(err, loket.ErrNotFound):
		return nil
	case err != nil:
		return fmt.Errorf("agent by Telegram user: %w", err)
	case other.ID != self:
		return userErr(loket.EConflict, "agents.err_telegram_taken", "id", userID, "username", other.Username)
	}
	return nil
}

func (c *Console) agentsPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	return c.renderAgents(w, r, a, http.StatusOK, map[string]any{})
}

func (c *Console) renderAgents(w http.ResponseWriter, r *http.Request, a *auth, status int, data map[string]any) error {
	ctx := r.Context()
	var ags []loket.Agent
	err := inTx(ctx, c.store, asAgents, func(tx agentsStore) error {
		var err error
		ags, err = tx.ListAgents(ctx)
		return err
	})
	if err != nil {
		return fmt.Errorf("console: list agents: %w", err)
	}
	data["Agents"] = ags
	c.render(w, r, status, "agents", a, data)
	return nil
}

func (c *Console) agentCreate(w http.ResponseWriter, r *http.Request, a *auth) error {
	tg, err := optInt(strings.TrimSpace(r.PostFormValue("telegram_user_id")))
	if err != nil {
		return c.renderAgents(w, r, a, http.StatusBadRequest, map[string]any{"Error": c.tr(a.lang(), "agents.err_telegram"), "Form": typedAgent(r)})
	}
	ag, pw, err := c.createAgent(r.Context(), a, newAgent{
		Username: r.PostFormValue("username"), Name: r.PostFormValue("name"),
		Role: loket.Role(r.PostFormValue("role")), Password: r.PostFormValue("password"), TelegramUserID: tg,
	})
	if err != nil {
		code := loket.ErrorCode(err)
		if code == loket.EInvalid || code == loket.EConflict {
			return c.renderAgents(w, r, a, httpStatus(code), map[string]any{"Error": c.errText(a.lang(), err), "Form": typedAgent(r)})
		}
		return err
	}
	data := map[string]string{"Saved": c.tr(a.lang(), "agents.created", "username", ag.Username)}
	if pw != "" {
		data["Password"], data["PasswordFor"] = pw, ag.Username
	}
	c.seeOther(w, r, a, "/admin/agents", data)
	return nil
}

// typedAgent is what an admin typed in the new-agent form, shown again
// when it is refused (never the password).
func typedAgent(r *http.Request) newAgent {
	return newAgent{Username: r.PostFormValue("username"), Name: r.PostFormValue("name"),
		Role: loket.Role(r.PostFormValue("role")), TelegramID: strings.TrimSpace(r.PostFormValue("telegram_user_id"))}
}

// agentUpdate changes an agent's name, role, Telegram link or active flag.
func (c *Console) agentUpdate(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	role := loket.Role(r.PostFormValue("role"))
	active := r.PostFormValue("active") == "1"
	tg, err := optInt(strings.TrimSpace(r.PostFormValue("telegram_user_id")))
	if err != nil || !role.Valid() {
		return c.renderAgents(w, r, a, http.StatusBadRequest, map[string]any{"Error": c.tr(a.lang(), "agents.err_role_telegram")})
	}
	if id == a.Agent.ID && (!active || role != loket.RoleAdmin) {
		return c.renderAgents(w, r, a, http.StatusBadRequest, map[string]any{"Error": c.tr(a.lang(), "agents.err_self")})
	}
	err = inTx(ctx, c.store, asAgents, func(tx agentsStore) error {
		ag, err := tx.AgentByID(ctx, id)
		if err != nil {
			return fmt.Errorf("load agent: %w", err)
		}
		if name := strings.TrimSpace(r.PostFormValue("name")); name != "" {
			ag.Name = name
		}
		ag.Role, ag.Active, ag.TelegramUserID = role, active, tg
		if err := telegramFree(ctx, tx, tg, id); err != nil {
			return err
		}
		if err := tx.SaveAgent(ctx, ag); err != nil {
			return fmt.Errorf("save agent: %w", err)
		}
		detail := fmt.Sprintf("role=%s active=%t telegram=%d", role, active, tg)
		if !active { // for good: reactivating brings no session or token back
			ended, revoked, err := endAccess(ctx, tx, a, id)
			if err != nil {
				return err
			}
			detail += fmt.Sprintf(" ended=%d tokens=%d", ended, revoked)
		}
		return audit(ctx, tx, a, "agent.update", fmt.Sprintf("agent:%d", id), detail, c.clock.Now())
	})
	if loket.ErrorCode(err) == loket.EConflict {
		return c.renderAgents(w, r, a, http.StatusConflict, map[string]any{"Error": c.errText(a.lang(), err)})
	}
	if err != nil {
		return fmt.Errorf("console: update agent %d: %w", id, err)
	}
	c.seeOther(w, r, a, "/admin/agents", map[string]string{"Saved": c.tr(a.lang(), "agents.saved")})
	return nil
}

// agentResetPassword sets a new generated password and shows it once.
func (c *Console) agentResetPassword(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	pw := GeneratePassword()
	hash, err := c.hashPassword(pw)
	if err != nil {
		return err
	}
	var username string
	err = inTx(ctx, c.store, asAgents, func(tx agentsStore) error {
		ag, err := tx.AgentByID(ctx, id)
		if err != nil {
			return fmt.Errorf("load agent: %w", err)
		}
		ag.PasswordHash, username = hash, ag.Username
		if err := tx.SaveAgent(ctx, ag); err != nil {
			return fmt.Errorf("save agent: %w", err)
		}
		ended, revoked, err := endAccess(ctx, tx, a, id)
		if err != nil {
			return err
		}
		detail := fmt.Sprintf("reset; ended=%d tokens=%d", ended, revoked)
		return audit(ctx, tx, a, "agent.password", "agent:"+strconv.FormatInt(id, 10), detail, c.clock.Now())
	})
	if err != nil {
		return fmt.Errorf("console: reset password of agent %d: %w", id, err)
	}
	c.seeOther(w, r, a, "/admin/agents", map[string]string{"Password": pw, "PasswordFor": username, "Reset": "1"})
	return nil
}
