package sqlstore

import "context"

// RevokeAPITokensByAgent deletes every API token of an agent and returns
// how many there were: a changed password or a deactivation ends them
// for good.
func (tx *Tx) RevokeAPITokensByAgent(ctx context.Context, agentID int64) (int64, error) {
	n, err := tx.q.Exec(ctx, `DELETE FROM api_tokens WHERE agent_id = $1`, agentID)
	return n, tx.d.fail("revoke api tokens", err)
}
