package sqlstore

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"loket"
)

const jobCols = `id, kind, key, payload, due_at, attempts, last_error, created_at, lease_token, dead_at`

func scanJob(r Row, j *loket.Job) error {
	return r.Scan(&j.ID, &j.Kind, &j.Key, js(&j.Payload), ts(&j.DueAt), &j.Attempts, &j.LastError, ts(&j.CreatedAt),
		&j.Token, ts(&j.DeadAt))
}

// releaseIdleJob hands back the lease of a key's claimed job that is idle
// (its lease over, or waiting for a retry), unless the key has a pending
// job already. Every look-up by key also asks for a non-empty key: a parameter
// cannot show the planner that the key is not empty, so without it the
// partial indexes on key (of non-empty keys only) are not used and the
// statement reads every pending job (PostgreSQL's generic plan) or the
// whole table (SQLite).
const releaseIdleJob = `UPDATE jobs SET lease_token = 0, locked_until = NULL
	WHERE id IN (SELECT id FROM jobs WHERE key = $1 AND key <> '' AND done_at IS NULL AND dead_at IS NULL
		AND lease_token <> 0 AND (locked_until IS NULL OR locked_until <= $2)
		AND NOT EXISTS (SELECT 1 FROM jobs p WHERE p.key = $1 AND p.key <> '' AND p.done_at IS NULL AND p.lease_token = 0)
		ORDER BY id LIMIT 1)`

// cancelJob deletes a key's jobs that are not done (a non-empty key: see
// releaseIdleJob).
const cancelJob = `DELETE FROM jobs WHERE key = $1 AND key <> '' AND done_at IS NULL`

// ScheduleJob inserts a job; a pending job with the same non-empty key is
// moved to the new due time, kind and payload instead (attempts reset).
// ID is set either way: at once, or where the backend pipelines
// (PostgreSQL, outside a savepoint) once the insert ran with the
// transaction's next statement or its commit (a failure fails them).
//
// A job that is running (claimed, lease not over) is not pending: it keeps
// its lease and the new schedule becomes a pending follow-up row, so both
// runs happen. A claimed job whose lease is over, or that waits for a
// retry, is pending again: the schedule moves it and its old holder's
// token no longer matches.
func (tx *Tx) ScheduleJob(ctx context.Context, j *loket.Job) error {
	if j.Kind == "" || j.DueAt.IsZero() {
		return errInvalid("a job needs a kind and a due time")
	}
	j.CreatedAt = orNow(j.CreatedAt)
	j.Attempts, j.LastError, j.Token = 0, "", 0
	if j.Key != "" {
		// The UPDATE almost always finds nothing (a key's job is rarely
		// claimed and idle at once); where statements can be queued
		// (PostgreSQL) it travels with the INSERT instead of costing a
		// round trip of its own.
		release := releaseIdleJob
		if d, ok := tx.raw.(Deferrer); ok {
			if err := tx.flushTurns(ctx); err != nil { // in the order they were written
				return err
			}
			d.Defer(Deferred{Query: release + ` RETURNING id`, Args: []any{j.Key, tm(j.CreatedAt)},
				Done: func(rs Rows) error {
					_, err := collect(rs, nil, func(r Row, v *int64) error { return r.Scan(v) })
					return tx.d.fail("schedule job: release an idle lease", err)
				}})
		} else if _, err := tx.q.Exec(ctx, release, j.Key, tm(j.CreatedAt)); err != nil {
			return tx.d.fail("schedule job: release an idle lease", err)
		}
	}
	const insert = `INSERT INTO jobs (kind, key, payload, due_at, attempts, created_at)
		VALUES ($1, $2, $3, $4, 0, $5)
		ON CONFLICT (key) WHERE done_at IS NULL AND lease_token = 0 AND key <> '' DO UPDATE SET
			kind = excluded.kind, payload = excluded.payload, due_at = excluded.due_at,
			attempts = 0, locked_until = NULL, last_error = '', dead_at = NULL
		RETURNING id`
	// Nobody schedules a job to read its row back in the same breath:
	// where the backend pipelines, the insert travels with the next
	// statement or the commit.
	args := []any{j.Kind, j.Key, jsonArg(j.Payload), tm(j.DueAt), tm(j.CreatedAt)}
	return tx.insertID(ctx, "schedule job", true, insert, args, &j.ID)
}

// CancelJob drops the jobs of a key that are not done (pending, running or
// set aside); a running one's completion then finds its lease lost and
// rolls back. No error when there is none.
func (tx *Tx) CancelJob(ctx context.Context, key string) error {
	if key == "" {
		return nil
	}
	_, err := tx.q.Exec(ctx, cancelJob, key)
	return tx.d.fail("cancel job", err)
}

// CompleteJob marks a job done if token still holds its lease (a job never
// claimed has token 0); ErrConflict when the lease was lost. Where the
// backend pipelines (PostgreSQL, outside a savepoint) it is not waited
// for: it travels with the transaction's next statement or its commit,
// and a lost lease (or a job not there: cancelled) fails the statement,
// so the commit does not run and reports the error instead.
func (tx *Tx) CompleteJob(ctx context.Context, id, token int64, at time.Time) error {
	const complete = `UPDATE jobs SET done_at = $3, locked_until = NULL
		WHERE id = $1 AND lease_token = $2 AND done_at IS NULL AND dead_at IS NULL`
	if d, ok := tx.raw.(Deferrer); ok && tx.depth == 0 {
		if err := tx.flushTurns(ctx); err != nil { // in the order they were written
			return err
		}
		d.Defer(Deferred{
			// The cast of a text below to an integer fails the statement
			// when the update found no job under the token: which text
			// tells a lost lease from a job that is not there.
			Query: `WITH u AS (` + complete + ` RETURNING id)
				SELECT (CASE WHEN (SELECT count(*) FROM u) = 1 THEN '0'
					WHEN EXISTS (SELECT 1 FROM jobs WHERE id = $1) THEN '` + jobLeaseLost + `'
					ELSE '` + jobGone + `' END)::int`,
			Args: []any{id, token, tm(orNow(at))},
			Done: func(rs Rows) error {
				_, err := collect(rs, nil, func(r Row, v *int64) error { return r.Scan(v) })
				return tx.d.fail("complete job", err)
			},
			Err: func(err error) error {
				switch msg := err.Error(); {
				case strings.Contains(msg, jobLeaseLost):
					return fmt.Errorf("store: complete job: %w", loket.Errorf(loket.EConflict, "jobs %d: %s", id, jobLeaseLost))
				case strings.Contains(msg, jobGone):
					return fmt.Errorf("store: complete job: %w", loket.Errorf(loket.ENotFound, "jobs %d: %s", id, jobGone))
				}
				return tx.d.fail("complete job", err)
			},
		})
		return nil
	}
	n, err := tx.q.Exec(ctx, complete, id, token, tm(orNow(at)))
	if err == nil && n == 0 {
		return leaseLost(ctx, tx.q, tx.d, "complete job", "jobs", id)
	}
	return tx.d.mustAffect("complete job", n, err)
}

// jobLeaseLost and jobGone are how a deferred CompleteJob reports that
// its token no longer holds the job, or that the job is not there.
const (
	jobLeaseLost = "the lease is lost"
	jobGone      = "no such job"
)

// claimJobs is ClaimJobs' statement ($1 now, $2 the lease's end, $3 at
// most, $4 the token); a lease, so its commit does not wait for the
// log's flush (noFlushItem).
func (d Dialect) claimJobs() string {
	return `UPDATE jobs SET attempts = attempts + 1, locked_until = $2, lease_token = $4` + d.noFlush() + `
		WHERE id IN (SELECT id FROM jobs WHERE done_at IS NULL AND due_at <= $1
			AND (locked_until IS NULL OR locked_until <= $1) AND dead_at IS NULL
			ORDER BY due_at, id LIMIT $3` + d.SkipLocked + `)
		RETURNING ` + jobCols
}

// ClaimJobs leases due jobs (due, not done, not set aside, lease expired)
// for `lease` under a fresh token, counting an attempt, oldest due first.
func (db *Store) ClaimJobs(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]loket.Job, error) {
	// One statement, committed on its own: no transaction around it
	// (a round trip less for every claim).
	token := loket.NewLeaseToken()
	rs, err := db.w.Query(ctx, db.d.claimJobs(), tm(now), tm(now.Add(lease)), limitOr(limit, 50), token)
	out, err := collect(rs, err, scanJob)
	if err != nil {
		return nil, db.d.fail("claim jobs", err)
	}
	sort.Slice(out, func(i, k int) bool {
		if !out[i].DueAt.Equal(out[k].DueAt) {
			return out[i].DueAt.Before(out[k].DueAt)
		}
		return out[i].ID < out[k].ID
	})
	return out, nil
}

// renewJob is RenewJob's statement ($1 the job, $2 its token, $3 the
// lease's new end); a lease, committed without waiting for the flush.
func (d Dialect) renewJob() string {
	return `UPDATE jobs SET locked_until = $3` + d.noFlush() + `
		WHERE id = $1 AND lease_token = $2 AND done_at IS NULL AND dead_at IS NULL AND locked_until IS NOT NULL`
}

// RenewJob extends the lease of a running job to until (the heartbeat of
// work in hand); ErrConflict when token no longer holds it.
func (db *Store) RenewJob(ctx context.Context, id, token int64, until time.Time) error {
	n, err := db.w.Exec(ctx, db.d.renewJob(), id, token, tm(until))
	if err == nil && n == 0 {
		return leaseLost(ctx, db.w, db.d, "renew job", "jobs", id)
	}
	return db.d.mustAffect("renew job", n, err)
}

// RetryJob releases a claimed job, due again at next; ErrConflict when
// token no longer holds its lease.
func (db *Store) RetryJob(ctx context.Context, id, token int64, next time.Time, reason string) error {
	n, err := db.w.Exec(ctx, `UPDATE jobs SET due_at = $3, last_error = $4, locked_until = NULL
		WHERE id = $1 AND lease_token = $2 AND done_at IS NULL AND dead_at IS NULL`, id, token, tm(orNow(next)), reason)
	if err == nil && n == 0 {
		return leaseLost(ctx, db.w, db.d, "retry job", "jobs", id)
	}
	return db.d.mustAffect("retry job", n, err)
}

// BuryJob sets a claimed job aside as a dead letter (its attempts are used
// up) until ReviveJob; ErrConflict when token no longer holds its lease.
func (db *Store) BuryJob(ctx context.Context, id, token int64, reason string, at time.Time) error {
	n, err := db.w.Exec(ctx, `UPDATE jobs SET dead_at = $3, last_error = $4, locked_until = NULL
		WHERE id = $1 AND lease_token = $2 AND done_at IS NULL AND dead_at IS NULL`, id, token, tm(orNow(at)), reason)
	if err == nil && n == 0 {
		return leaseLost(ctx, db.w, db.d, "bury job", "jobs", id)
	}
	return db.d.mustAffect("bury job", n, err)
}

// DeadJobs lists the jobs set aside, most recent first.
func (db *Store) DeadJobs(ctx context.Context, limit int) ([]loket.Job, error) {
	rs, err := db.r.Query(ctx, `SELECT `+jobCols+` FROM jobs WHERE dead_at IS NOT NULL AND done_at IS NULL
		ORDER BY dead_at DESC, id DESC LIMIT $1`, limitOr(limit, 100))
	out, err := collect(rs, err, scanJob)
	return out, db.d.fail("dead jobs", err)
}

// ReviveJob puts a dead job back in the queue, due at `at`, with a fresh
// attempt budget; ErrConflict when it is not dead.
func (db *Store) ReviveJob(ctx context.Context, id int64, at time.Time) error {
	n, err := db.w.Exec(ctx, `UPDATE jobs SET dead_at = NULL, attempts = 0, due_at = $2, locked_until = NULL
		WHERE id = $1 AND dead_at IS NOT NULL AND done_at IS NULL`, id, tm(orNow(at)))
	if err == nil && n == 0 {
		if lerr := leaseLost(ctx, db.w, db.d, "revive job", "jobs", id); !isConflict(lerr) {
			return lerr
		}
		return loket.Errorf(loket.EConflict, "job %d is not a dead letter", id)
	}
	return db.d.mustAffect("revive job", n, err)
}

// OldestDueJob returns the due time of the oldest pending due job, zero
// when none.
func (db *Store) OldestDueJob(ctx context.Context, now time.Time) (time.Time, error) {
	var t time.Time
	err := db.r.QueryRow(ctx, `SELECT min(due_at) FROM jobs WHERE done_at IS NULL AND due_at <= $1 AND dead_at IS NULL`, tm(now)).Scan(ts(&t))
	if err != nil {
		return time.Time{}, db.d.fail("oldest due job", err)
	}
	return t, nil
}
