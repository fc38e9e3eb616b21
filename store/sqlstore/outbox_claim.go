package sqlstore

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"loket"
)

// ClaimOutbound leases due queued messages of one channel, oldest first,
// after a look outside the transaction (below), in three statements
// whatever their number (two on SQLite): the candidates, the order check,
// and one update that leases them and returns them.
//
// Order per chat: a message is claimable only when every earlier queued
// message of its chat is claimed in the same call. The first query skips
// chats whose head is not due (so a retrying head does not fill the
// limit) and returns ids only; the order check, run in a fresh statement,
// drops messages whose earlier siblings another claimer holds right now
// (PostgreSQL; see orderCheck). perChat (0: no bound) caps the messages
// taken of one chat, so a chat with a backlog leaves room in the batch for
// the others.
//
// The skip is a scalar subquery per candidate, a look-up of the
// candidate's own chat in outbox_queued_chat_idx. Written as NOT EXISTS,
// PostgreSQL planned it as an anti-join that read every queued message of
// the channel once per candidate while the table had no statistics yet.
func (db *Store) ClaimOutbound(ctx context.Context, ch loket.Channel, now time.Time, lease time.Duration, limit, perChat int) ([]loket.Outbound, error) {
	// Most of a sender's claims (one each time a chat's messages in hand
	// are done) find nothing: its replies were written leased to it. So
	// a reader looks first, one statement: on SQLite the claim would
	// wait for the one writer, on PostgreSQL it is a transaction (its
	// begin, the candidates, its commit: two round trips). A message the
	// look does not see was committed after it looked, and its writer
	// wakes the sender (or hands it the message) then.
	var id int64
	var chat string
	err := db.r.QueryRow(ctx, claimCandidates, string(ch), tm(now), 1).Scan(&id, &chat)
	if errors.Is(err, ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, db.d.fail("claim outbound: look", err)
	}
	var out []loket.Outbound
	err = db.inTx(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.claimOutbound(ctx, ch, now, lease, limit, perChat)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// claimOutbound is ClaimOutbound's transaction.
func (tx *Tx) claimOutbound(ctx context.Context, ch loket.Channel, now time.Time, lease time.Duration, limit, perChat int) ([]loket.Outbound, error) {
	token := loket.NewLeaseToken()
	limit = limitOr(limit, 50)
	cand := limit
	if perChat > 0 {
		cand = 4 * limit // room to look past one chat's backlog
	}
	until := now.Add(lease).UTC().Truncate(time.Millisecond)
	rs, err := tx.q.Query(ctx, claimCandidates+tx.d.SkipLocked, string(ch), tm(now), cand)
	cands, err := collect(rs, err, func(r Row, c *claimCand) error { return r.Scan(&c.id, &c.chat) })
	if err != nil {
		return nil, tx.d.fail("claim outbound", err)
	}
	picked := pickClaims(cands, limit, perChat)
	if len(picked) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(picked))
	for i, c := range picked {
		ids[i] = c.id
	}
	if tx.d.SkipLocked != "" {
		if ids, err = orderCheck(ctx, tx, picked, ids); err != nil || len(ids) == 0 {
			return nil, err
		}
	}
	in, arg := tx.d.idSet("id", ids, 3)
	rs, err = tx.q.Query(ctx, tx.d.leaseOutbound(in), tm(until), token, arg)
	out, err := collect(rs, err, scanOutbound)
	if err != nil {
		return nil, tx.d.fail("claim outbound: lease", err)
	}
	slices.SortFunc(out, func(a, b loket.Outbound) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// leaseOutbound is the claim's lease of the picked messages ($1 the
// lease's end, $2 the token, $3 the ids as in); a lease, so its commit
// does not wait for the log's flush (noFlushItem).
func (d Dialect) leaseOutbound(in string) string {
	return `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, lease_token = $2` + d.noFlush() + `
		WHERE ` + in + ` RETURNING ` + outboundCols
}

// orderCheck drops the picked messages (ids) an earlier queued message of
// whose chat was skipped because another claimer holds it right now
// (SKIP LOCKED), in a fresh statement that sees that claimer's rows. Where
// no row is skipped (SQLite: one writer at a time, the claim sees every
// committed row) the candidates of a chat are already a prefix of its
// queued messages and the check is not needed.
func orderCheck(ctx context.Context, tx *Tx, picked []claimCand, ids []int64) ([]int64, error) {
	// By id alone: a condition on the channel would make SQLite walk the
	// channel's whole history instead of looking the ids up.
	q, arg := tx.d.orderCheckSQL(ids)
	rs, err := tx.q.Query(ctx, q, arg)
	type before struct{ id, n int64 }
	counts, err := collect(rs, err, func(r Row, b *before) error { return r.Scan(&b.id, &b.n) })
	if err != nil {
		return nil, tx.d.fail("claim outbound: order check", err)
	}
	earlier := make(map[int64]int64, len(counts))
	for _, c := range counts {
		earlier[c.id] = c.n
	}
	return inOrder(picked, earlier), nil
}

// claimCandidates is the claim's first statement: due queued messages of
// channel $1 at $2, at most $3, skipping chats whose head is not due.
const claimCandidates = `SELECT o.id, o.chat_id FROM outbox o
		WHERE o.channel = $1 AND o.status = 'queued' AND o.next_attempt_at <= $2
		AND (SELECT 1 FROM outbox e WHERE e.channel = o.channel AND e.chat_id = o.chat_id
			AND e.status = 'queued' AND e.id < o.id AND e.next_attempt_at > $2 LIMIT 1) IS NULL
		ORDER BY o.id LIMIT $3`

// orderCheckSQL is the order check's statement: per id, the number of
// earlier queued messages of its chat.
func (d Dialect) orderCheckSQL(ids []int64) (string, any) {
	in, arg := d.idSet("o.id", ids, 1)
	return `SELECT o.id, (SELECT count(*) FROM outbox e WHERE e.channel = o.channel
		AND e.chat_id = o.chat_id AND e.status = 'queued' AND e.id < o.id)
		FROM outbox o WHERE ` + in, arg
}

// claimCand is a claimable message: its id and chat.
type claimCand struct {
	id   int64
	chat string
}

// pickClaims takes candidates in id order, at most perChat of one chat (0:
// no bound) and limit in all.
func pickClaims(cands []claimCand, limit, perChat int) []claimCand {
	var out []claimCand
	taken := map[string]int{}
	for _, c := range cands {
		if len(out) >= limit {
			break
		}
		if perChat > 0 && taken[c.chat] >= perChat {
			continue
		}
		taken[c.chat]++
		out = append(out, c)
	}
	return out
}

// inOrder keeps the picked messages whose every earlier queued message of
// their chat is picked before them (earlier: the count of those per
// message), and nothing of a chat after one that is not.
func inOrder(picked []claimCand, earlier map[int64]int64) []int64 {
	var ids []int64
	held := map[string]int64{} // chat → messages kept so far; -1 once its chain broke
	for _, c := range picked {
		n, ok := earlier[c.id]
		if !ok || held[c.chat] < 0 || n != held[c.chat] {
			held[c.chat] = -1
			continue
		}
		held[c.chat]++
		ids = append(ids, c.id)
	}
	return ids
}

// idSet writes ids as one statement parameter at $n, so a statement has
// one shape (one prepared statement) whatever the number of ids: an array
// where the backend takes arrays (= ANY), else a JSON array read by
// json_each (SQLite). It returns the condition for col and the argument.
func (d Dialect) idSet(col string, ids []int64, n int) (string, any) {
	p := "$" + strconv.Itoa(n)
	if d.Arrays {
		return col + " = ANY(" + p + "::bigint[])", ids
	}
	var b strings.Builder
	b.Grow(len(ids) * 8)
	b.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteByte(']')
	return col + " IN (SELECT value FROM json_each(" + p + "))", b.String()
}
