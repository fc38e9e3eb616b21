package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// maxStmts bounds the statement cache of a handle: statements built for
// a list of n parameters come in many shapes; past the bound they are
// prepared per call, as without a cache.
const maxStmts = 512

// stmts caches the prepared statements of one handle by their text, so
// a statement is parsed once per connection instead of on every call
// (parsing was a sixth of the CPU of a conversation turn).
//
// The writer has one connection, which a transaction holds: a statement
// first met inside a transaction runs as text and is noted; the next
// transaction prepares the noted ones before it begins.
type stmts struct {
	db   *sql.DB
	mu   sync.Mutex
	m    map[string]*sql.Stmt
	want map[string]bool // met inside a transaction, to prepare
}

func newStmts(db *sql.DB) *stmts {
	return &stmts{db: db, m: map[string]*sql.Stmt{}, want: map[string]bool{}}
}

// get returns the prepared statement for q, or nil when the cache is full.
func (s *stmts) get(ctx context.Context, q string) (*sql.Stmt, error) {
	s.mu.Lock()
	st, ok := s.m[q]
	full := len(s.m) >= maxStmts
	s.mu.Unlock()
	if ok || full {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if prev, ok := s.m[q]; ok { // prepared meanwhile by another caller
		_ = st.Close()
		return prev, nil
	}
	s.m[q] = st
	return st, nil
}

func (s *stmts) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for q, st := range s.m {
		errs = append(errs, st.Close())
		delete(s.m, q)
	}
	return errors.Join(errs...)
}

// stmt returns q prepared, bound to tx when tx is not nil; nil when it
// is not cached (the cache is full, or q is new inside a transaction).
func (s *stmts) stmt(ctx context.Context, tx *sql.Tx, q string) (*sql.Stmt, error) {
	if tx == nil {
		return s.get(ctx, q)
	}
	s.mu.Lock()
	st, ok := s.m[q]
	if !ok && len(s.m)+len(s.want) < maxStmts {
		s.want[q] = true
	}
	s.mu.Unlock()
	if !ok {
		return nil, nil
	}
	return tx.StmtContext(ctx, st), nil
}

// prepareWanted prepares the statements met inside transactions; call it
// outside any transaction. A statement that fails to prepare is dropped
// (it fails where it is used).
func (s *stmts) prepareWanted(ctx context.Context) {
	s.mu.Lock()
	if len(s.want) == 0 {
		s.mu.Unlock()
		return
	}
	want := s.want
	s.want = map[string]bool{}
	s.mu.Unlock()
	for q := range want {
		_, _ = s.get(ctx, q)
	}
}
