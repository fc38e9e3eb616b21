package sqlstore

import (
	"context"

	"loket"
)

// An agent's ways in: ending their console sessions (after a password
// change) and listing / revoking their API tokens.

// DeleteSessionsByAgent ends every console session of an agent except
// the one whose token hash is keepHash ("" = end them all) and returns
// how many it ended.
func (tx *Tx) DeleteSessionsByAgent(ctx context.Context, agentID int64, keepHash string) (int64, error) {
	n, err := tx.q.Exec(ctx, `DELETE FROM console_sessions WHERE agent_id = $1 AND token_hash <> $2`, agentID, keepHash)
	if err != nil {
		return 0, tx.d.fail("delete sessions of agent", err)
	}
	return n, nil
}

// ListAPITokens lists an agent's API tokens, oldest first.
func (tx *Tx) ListAPITokens(ctx context.Context, agentID int64) ([]loket.APIToken, error) {
	rs, err := tx.q.Query(ctx, `SELECT id, agent_id, name, token_hash, created_at FROM api_tokens
		WHERE agent_id = $1 ORDER BY id`, agentID)
	out, err := collect(rs, err, func(r Row, t *loket.APIToken) error {
		return r.Scan(&t.ID, &t.AgentID, &t.Name, &t.TokenHash, ts(&t.CreatedAt))
	})
	return out, tx.d.fail("list api tokens", err)
}

// RevokeAPIToken deletes the API token id of agentID; a token that does
// not exist or belongs to another agent is ErrNotFound.
func (tx *Tx) RevokeAPIToken(ctx context.Context, agentID, id int64) error {
	n, err := tx.q.Exec(ctx, `DELETE FROM api_tokens WHERE id = $1 AND agent_id = $2`, id, agentID)
	return tx.d.mustAffect("revoke api token", n, err)
}
