package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"loket/store/sqlstore"
)

// Group commit. Every commit of the one writer waits for the WAL's
// fsync; with the recorders, the shards' batches, the outbox's claims
// and marks and the jobs each committing on their own, that fsync was
// 40 % of the writer's time. So while others queue for the gate, a
// finished writer does not commit: it leaves its transaction open for
// the next in line, who joins it (a transaction as a savepoint of its
// own, a single statement as it is), and the last of the group commits
// for everyone. Each member's Commit returns only when the group's
// COMMIT has, with its result: nothing is reported durable before it is.
//
// A group closes when nobody queues, at groupMembers members, or once it
// is groupAge old (the adapter's maxAge), so the first member waits at
// most about that long for the others.
const (
	groupMembers = 64
	groupAge     = 3 * time.Millisecond
)

// group is one SQLite transaction shared by the writer's callers. Only
// the gate's holder touches it, except done and err, which are set
// before done is closed.
type group struct {
	tx      *sql.Tx
	members int
	opened  time.Time
	// broken: a statement failed in a way that may have ended the
	// transaction (SQLite rolls back on I/O errors, a full disk, an
	// interrupt): commit now, so that the error reaches every member.
	broken bool
	done   chan struct{}
	err    error
}

// errGroupRolledBack is the result of a group whose only member rolled back.
var errGroupRolledBack = errors.New("sqlite: transaction rolled back")

// enter waits for the gate, counted in queued while it waits.
func (a *adapter) enter(ctx context.Context) error {
	a.queued.Add(1)
	defer a.queued.Add(-1)
	return a.gate.enter(ctx)
}

// begin opens a group with the caller as its first member. The caller
// holds the gate.
func (a *adapter) begin(ctx context.Context) (*group, error) {
	a.st.prepareWanted(ctx)
	a.tally.Add(1, 1)
	// The group outlives the caller's context: database/sql rolls a
	// transaction back when the context it began with ends.
	tx, err := a.db.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return nil, err
	}
	g := &group{tx: tx, members: 1, opened: time.Now(), done: make(chan struct{})}
	a.open = g
	return g, nil
}

// settle ends the holder's turn in g. While others queue and g is young
// and small, it hands g over to them; otherwise it commits g. It leaves
// the gate either way. With wait, it returns g's commit result (waiting
// for whoever commits it); without, nil at once.
func (a *adapter) settle(g *group, wait bool) error {
	if !g.broken && g.members < groupMembers && time.Since(g.opened) < a.maxAge && a.queued.Load() > 0 {
		a.handOver()
		if !wait {
			return nil
		}
		<-g.done
		return g.err
	}
	a.commit(g)
	a.gate.leave()
	if !wait {
		return nil
	}
	return g.err
}

// handOver leaves the gate with a group open. Whoever takes the gate
// next joins the group or commits it; when nobody took it (the one who
// queued gave up), the caller takes it back and commits.
func (a *adapter) handOver() {
	a.gate.leave()
	select {
	case a.gate <- struct{}{}:
		if a.open != nil {
			a.commit(a.open)
		}
		a.gate.leave()
	default:
	}
}

// commit commits g and tells its members. The caller holds the gate.
func (a *adapter) commit(g *group) {
	a.tally.Add(1, 1)
	if err := g.tx.Commit(); err != nil {
		g.err = fmt.Errorf("sqlite: commit of %d writers: %w", g.members, err)
	}
	a.end(g)
}

// fail rolls g back, tells its members err, and returns the rollback's
// own error. The caller holds the gate.
func (a *adapter) fail(g *group, err error) error {
	a.tally.Add(1, 1)
	rerr := g.tx.Rollback()
	g.err = err
	a.end(g)
	return rerr
}

func (a *adapter) end(g *group) {
	a.open = nil
	a.groups.Add(1)
	close(g.done)
}

// quiet returns a context for a statement in a group: one that ended
// already stops the statement before it runs; one that ends while it
// runs does not interrupt it (an interrupted write rolls the whole
// transaction back, the other members' writes with it).
func quiet(ctx context.Context) (context.Context, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return context.WithoutCancel(ctx), nil
}

// harmless reports an error after which the transaction is still open:
// a refused row (constraint, size, type) or no row found.
func harmless(err error) bool {
	return errors.Is(err, sqlstore.ErrNoRows) || errors.Is(err, sql.ErrNoRows) || Dialect.IsRefused(err)
}

// inGroup runs statements in g, marking it broken after an error that
// may have ended its transaction.
type inGroup struct {
	a *adapter
	g *group
}

func (m inGroup) conn() conn { return conn{q: m.g.tx, st: m.a.st, tx: m.g.tx, tally: m.a.tally} }

func (m inGroup) note(err error) {
	if err != nil && !harmless(err) {
		m.g.broken = true
	}
}

func (m inGroup) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	qctx, err := quiet(ctx)
	if err != nil {
		return 0, err
	}
	n, err := m.conn().Exec(qctx, q, args...)
	m.note(err)
	return n, err
}

func (m inGroup) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	qctx, err := quiet(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := m.conn().Query(qctx, q, args...)
	m.note(err)
	if err != nil {
		return nil, err
	}
	return notedRows{rows, m}, nil
}

func (m inGroup) QueryRow(ctx context.Context, q string, args ...any) sqlstore.Row {
	qctx, err := quiet(ctx)
	if err != nil {
		return errRow{err}
	}
	return notedRow{m.conn().QueryRow(qctx, q, args...), m}
}

type notedRows struct {
	sqlstore.Rows
	m inGroup
}

func (r notedRows) Err() error {
	err := r.Rows.Err()
	r.m.note(err)
	return err
}

type notedRow struct {
	sqlstore.Row
	m inGroup
}

func (r notedRow) Scan(dest ...any) error {
	err := r.Row.Scan(dest...)
	r.m.note(err)
	return err
}

// member is a transaction of a group: the first member's is the group's
// own, a later member's a savepoint in it.
type member struct {
	inGroup
	first bool
	ended bool
}

const (
	memberSavepoint = "SAVEPOINT loket_member"
	memberRelease   = "RELEASE SAVEPOINT loket_member"
	memberUndo      = "ROLLBACK TO SAVEPOINT loket_member"
)

// join starts the holder's transaction in the open group, or in a new
// one. On error the holder has left the gate.
func (a *adapter) join(ctx context.Context) (*member, error) {
	if g := a.open; g != nil {
		if err := ctx.Err(); err != nil { // leave the group to the others
			_ = a.settle(g, false)
			return nil, err
		}
		m := &member{inGroup: inGroup{a, g}}
		if _, err := m.conn().Exec(context.WithoutCancel(ctx), memberSavepoint); err != nil {
			_ = a.fail(g, fmt.Errorf("sqlite: join a transaction: %w", err))
			a.gate.leave()
			return nil, err
		}
		g.members++
		return m, nil
	}
	g, err := a.begin(ctx)
	if err != nil {
		a.gate.leave()
		return nil, err
	}
	return &member{inGroup: inGroup{a, g}, first: true}, nil
}

// Commit returns once the group's COMMIT has, with its result.
func (m *member) Commit(ctx context.Context) error {
	if m.ended {
		return sql.ErrTxDone
	}
	m.ended = true
	if !m.first {
		if _, err := m.conn().Exec(context.WithoutCancel(ctx), memberRelease); err != nil {
			err = fmt.Errorf("sqlite: end a transaction: %w", err)
			_ = m.a.fail(m.g, err)
			m.a.gate.leave()
			return err
		}
	}
	return m.a.settle(m.g, true)
}

// Rollback undoes the member's writes only; the group goes on.
func (m *member) Rollback(ctx context.Context) error {
	if m.ended {
		return sql.ErrTxDone
	}
	m.ended = true
	a, g := m.a, m.g
	if m.first { // nobody else joined yet: the group is the member's alone
		err := a.fail(g, errGroupRolledBack)
		a.gate.leave()
		return err
	}
	c := m.conn()
	_, err := c.Exec(context.WithoutCancel(ctx), memberUndo)
	if err == nil {
		_, err = c.Exec(context.WithoutCancel(ctx), memberRelease)
	}
	if err != nil {
		err = fmt.Errorf("sqlite: roll back a transaction: %w", err)
		_ = a.fail(g, err)
		a.gate.leave()
		return err
	}
	return a.settle(g, false)
}

// statementGroup returns the group a single statement joins: the open
// one, or a new one when others queue; nil when it runs on its own.
func (a *adapter) statementGroup(ctx context.Context) (*group, error) {
	if g := a.open; g != nil {
		g.members++
		return g, nil
	}
	if a.queued.Load() == 0 {
		a.groups.Add(1) // a transaction of its own
		return nil, nil
	}
	return a.begin(ctx)
}

// groupRows settles the statement's group when its rows are done; Err
// and Close report the group's commit.
type groupRows struct {
	sqlstore.Rows
	a   *adapter
	g   *group
	end *settleOnce
}

type settleOnce struct {
	done bool
	err  error
}

func (r groupRows) settle() error {
	if !r.end.done {
		r.end.done = true
		r.end.err = r.a.settle(r.g, true)
	}
	return r.end.err
}

func (r groupRows) Next() bool {
	if r.Rows.Next() {
		return true
	}
	_ = r.Rows.Err() // marks the group broken when reading failed
	_ = r.settle()
	return false
}

func (r groupRows) Err() error {
	if err := r.Rows.Err(); err != nil {
		return err
	}
	if r.end.done {
		return r.end.err
	}
	return nil
}

func (r groupRows) Close() error {
	err := r.Rows.Close()
	return errors.Join(err, r.settle())
}

// groupRow settles the statement's group once scanned.
type groupRow struct {
	sqlstore.Row
	a *adapter
	g *group
}

func (r groupRow) Scan(dest ...any) error {
	err := r.Row.Scan(dest...)
	if cerr := r.a.settle(r.g, true); err == nil {
		err = cerr
	}
	return err
}
