package sqlstore

import (
	"context"
	"sort"
	"time"

	"loket"
)

const jobCols = `id, kind, key, payload, due_at, attempts, last_error, created_at`

func scanJob(r Row, j *loket.Job) error {
	return r.Scan(&j.ID, &j.Kind, &j.Key, js(&j.Payload), ts(&j.DueAt), &j.Attempts, &j.LastError, ts(&j.CreatedAt))
}

// ScheduleJob inserts a job; a pending job with the same non-empty key is
// moved to the new due time, kind and payload instead (attempts reset).
// ID is set either way.
func (tx *Tx) ScheduleJob(ctx context.Context, j *loket.Job) error {
	if j.Kind == "" || j.DueAt.IsZero() {
		return errInvalid("a job needs a kind and a due time")
	}
	j.CreatedAt = orNow(j.CreatedAt)
	j.Attempts, j.LastError = 0, ""
	err := tx.q.QueryRow(ctx, `INSERT INTO jobs (kind, key, payload, due_at, attempts, created_at)
		VALUES ($1, $2, $3, $4, 0, $5)
		ON CONFLICT (key) WHERE done_at IS NULL AND key <> '' DO UPDATE SET
			kind = excluded.kind, payload = excluded.payload, due_at = excluded.due_at,
			attempts = 0, locked_until = NULL, last_error = ''
		RETURNING id`, j.Kind, j.Key, jsonArg(j.Payload), tm(j.DueAt), tm(j.CreatedAt)).Scan(&j.ID)
	return tx.d.fail("schedule job", err)
}

// CancelJob drops a pending job by key; no error when there is none.
func (tx *Tx) CancelJob(ctx context.Context, key string) error {
	if key == "" {
		return nil
	}
	_, err := tx.q.Exec(ctx, `DELETE FROM jobs WHERE key = $1 AND done_at IS NULL`, key)
	return tx.d.fail("cancel job", err)
}

// CompleteJob marks a job done.
func (tx *Tx) CompleteJob(ctx context.Context, id int64, at time.Time) error {
	n, err := tx.q.Exec(ctx, `UPDATE jobs SET done_at = $2, locked_until = NULL WHERE id = $1`, id, tm(orNow(at)))
	return tx.d.mustAffect("complete job", n, err)
}

// ClaimJobs leases due jobs (due, not done, lease expired) for `lease`,
// counting an attempt, oldest due first.
func (db *Store) ClaimJobs(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]loket.Job, error) {
	var out []loket.Job
	err := db.inTx(ctx, func(tx *Tx) error {
		rs, err := tx.q.Query(ctx, `UPDATE jobs SET attempts = attempts + 1, locked_until = $2
			WHERE id IN (SELECT id FROM jobs WHERE done_at IS NULL AND due_at <= $1
				AND (locked_until IS NULL OR locked_until <= $1)
				ORDER BY due_at, id LIMIT $3`+tx.d.SkipLocked+`)
			RETURNING `+jobCols, tm(now), tm(now.Add(lease)), limitOr(limit, 50))
		out, err = collect(rs, err, scanJob)
		return db.d.fail("claim jobs", err)
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, k int) bool {
		if !out[i].DueAt.Equal(out[k].DueAt) {
			return out[i].DueAt.Before(out[k].DueAt)
		}
		return out[i].ID < out[k].ID
	})
	return out, nil
}

// RetryJob releases a claimed job, due again at next.
func (db *Store) RetryJob(ctx context.Context, id int64, next time.Time, reason string) error {
	n, err := db.w.Exec(ctx, `UPDATE jobs SET due_at = $2, last_error = $3, locked_until = NULL
		WHERE id = $1 AND done_at IS NULL`, id, tm(orNow(next)), reason)
	return db.d.mustAffect("retry job", n, err)
}

// OldestDueJob returns the due time of the oldest pending due job, zero
// when none.
func (db *Store) OldestDueJob(ctx context.Context, now time.Time) (time.Time, error) {
	var t time.Time
	err := db.r.QueryRow(ctx, `SELECT min(due_at) FROM jobs WHERE done_at IS NULL AND due_at <= $1`, tm(now)).Scan(ts(&t))
	if err != nil {
		return time.Time{}, db.d.fail("oldest due job", err)
	}
	return t, nil
}
