package sqlstore

import (
	"context"

	"loket"
)

const agentCols = `id, username, name, role, password_hash, telegram_user_id, lang, active, created_at`

func scanAgent(r Row, a *loket.Agent) error {
	return r.Scan(&a.ID, &a.Username, &a.Name, &a.Role, &a.PasswordHash, nid(&a.TelegramUserID), &a.Lang, bl(&a.Active), ts(&a.CreatedAt))
}

// SaveAgent inserts an agent when ID is 0, else updates it. A taken
// username or Telegram user is ErrConflict.
func (tx *Tx) SaveAgent(ctx context.Context, a *loket.Agent) error {
	if a.Username == "" || !a.Role.Valid() {
		return errInvalid("an agent needs a username and a valid role")
	}
	if a.ID == 0 {
		a.CreatedAt = orNow(a.CreatedAt)
		err := tx.q.QueryRow(ctx, `INSERT INTO agents (username, name, role, password_hash, telegram_user_id, lang, active, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			a.Username, a.Name, string(a.Role), a.PasswordHash, id(a.TelegramUserID), string(a.Lang), a.Active, tm(a.CreatedAt)).Scan(&a.ID)
		return tx.d.fail("insert agent", err)
	}
	n, err := tx.q.Exec(ctx, `UPDATE agents SET username = $2, name = $3, role = $4, password_hash = $5,
		telegram_user_id = $6, active = $7, lang = $8 WHERE id = $1`,
		a.ID, a.Username, a.Name, string(a.Role), a.PasswordHash, id(a.TelegramUserID), a.Active, string(a.Lang))
	return tx.d.mustAffect("update agent", n, err)
}

func (tx *Tx) agent(ctx context.Context, where string, arg any) (*loket.Agent, error) {
	var a loket.Agent
	if err := scanAgent(tx.q.QueryRow(ctx, `SELECT `+agentCols+` FROM agents WHERE `+where, arg), &a); err != nil {
		return nil, tx.d.fail("agent", err)
	}
	return &a, nil
}

// AgentByID returns an agent.
func (tx *Tx) AgentByID(ctx context.Context, id int64) (*loket.Agent, error) {
	return tx.agent(ctx, `id = $1`, id)
}

// AgentByUsername returns an agent by login name.
func (tx *Tx) AgentByUsername(ctx context.Context, username string) (*loket.Agent, error) {
	return tx.agent(ctx, `username = $1`, username)
}

// AgentByTelegramUser returns the agent linked to a Telegram user.
func (tx *Tx) AgentByTelegramUser(ctx context.Context, userID int64) (*loket.Agent, error) {
	if userID == 0 {
		return nil, notFound("agent")
	}
	return tx.agent(ctx, `telegram_user_id = $1`, userID)
}

// ListAgents lists every agent by username.
func (tx *Tx) ListAgents(ctx context.Context) ([]loket.Agent, error) {
	rs, err := tx.q.Query(ctx, `SELECT `+agentCols+` FROM agents ORDER BY username`)
	out, err := collect(rs, err, scanAgent)
	return out, tx.d.fail("list agents", err)
}

// CreateSession stores a console session.
func (tx *Tx) CreateSession(ctx context.Context, s *loket.Session) error {
	s.CreatedAt = orNow(s.CreatedAt)
	_, err := tx.q.Exec(ctx, `INSERT INTO console_sessions (token_hash, agent_id, csrf_token, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, s.TokenHash, s.AgentID, s.CSRFToken, tm(s.CreatedAt), tm(s.ExpiresAt))
	return tx.d.fail("create session", err)
}

// SessionByTokenHash returns a session, expired or not (the caller checks
// ExpiresAt against its clock).
func (tx *Tx) SessionByTokenHash(ctx context.Context, hash string) (*loket.Session, error) {
	var s loket.Session
	err := tx.q.QueryRow(ctx, `SELECT token_hash, agent_id, csrf_token, created_at, expires_at
		FROM console_sessions WHERE token_hash = $1`, hash).
		Scan(&s.TokenHash, &s.AgentID, &s.CSRFToken, ts(&s.CreatedAt), ts(&s.ExpiresAt))
	if err != nil {
		return nil, tx.d.fail("session", err)
	}
	return &s, nil
}

// DeleteSession removes a session; no error when it is gone already.
func (tx *Tx) DeleteSession(ctx context.Context, hash string) error {
	_, err := tx.q.Exec(ctx, `DELETE FROM console_sessions WHERE token_hash = $1`, hash)
	return tx.d.fail("delete session", err)
}

// CreateAPIToken stores an API token; sets ID.
func (tx *Tx) CreateAPIToken(ctx context.Context, t *loket.APIToken) error {
	t.CreatedAt = orNow(t.CreatedAt)
	err := tx.q.QueryRow(ctx, `INSERT INTO api_tokens (agent_id, name, token_hash, created_at)
		VALUES ($1, $2, $3, $4) RETURNING id`, t.AgentID, t.Name, t.TokenHash, tm(t.CreatedAt)).Scan(&t.ID)
	return tx.d.fail("create api token", err)
}

// APITokenByHash returns an API token.
func (tx *Tx) APITokenByHash(ctx context.Context, hash string) (*loket.APIToken, error) {
	var t loket.APIToken
	err := tx.q.QueryRow(ctx, `SELECT id, agent_id, name, token_hash, created_at FROM api_tokens WHERE token_hash = $1`, hash).
		Scan(&t.ID, &t.AgentID, &t.Name, &t.TokenHash, ts(&t.CreatedAt))
	if err != nil {
		return nil, tx.d.fail("api token", err)
	}
	return &t, nil
}

// AddAudit appends to the audit log; sets ID.
func (tx *Tx) AddAudit(ctx context.Context, a *loket.Audit) error {
	a.CreatedAt = orNow(a.CreatedAt)
	err := tx.q.QueryRow(ctx, `INSERT INTO audit_log (agent_id, action, object, detail, remote_ip, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		id(a.AgentID), a.Action, a.Object, a.Detail, a.RemoteIP, tm(a.CreatedAt)).Scan(&a.ID)
	return tx.d.fail("add audit", err)
}

// ListAudit returns the newest entries about object ("" = all), newest first.
func (tx *Tx) ListAudit(ctx context.Context, object string, limit int) ([]loket.Audit, error) {
	// Two statements, not "$1 = '' OR object = $1": a plan made for any
	// value (PostgreSQL's connections keep generic plans) could not use
	// audit_object_idx for one object.
	q, args := `SELECT id, agent_id, action, object, detail, remote_ip, created_at FROM audit_log
		ORDER BY id DESC LIMIT $1`, []any{limitOr(limit, 100)}
	if object != "" {
		q, args = `SELECT id, agent_id, action, object, detail, remote_ip, created_at FROM audit_log
		WHERE object = $1 ORDER BY id DESC LIMIT $2`, []any{object, limitOr(limit, 100)}
	}
	rs, err := tx.q.Query(ctx, q, args...)
	out, err := collect(rs, err, func(r Row, a *loket.Audit) error {
		return r.Scan(&a.ID, nid(&a.AgentID), &a.Action, &a.Object, &a.Detail, &a.RemoteIP, ts(&a.CreatedAt))
	})
	return out, tx.d.fail("list audit", err)
}
