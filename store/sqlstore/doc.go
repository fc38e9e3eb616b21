// Package sqlstore is Loket's one implementation of every store query,
// written once in dialect-neutral SQL with $1…$n placeholders and run over
// a tiny adapter (Conn) that store/postgres (pgx) and store/sqlite
// (modernc) provide. Dialect carries the few differences: row locks
// (FOR UPDATE [SKIP LOCKED], PostgreSQL only) and how a unique or foreign
// key violation is recognised (by error code, never by text).
//
// Times are always passed in from Go, never now() in SQL. A zero
// time.Time is stored as NULL and read back as zero; times read back are
// in UTC with millisecond precision on both backends. A zero ID is stored
// as NULL where the column references another table.
//
// It imports the domain (loket) and the store contract (storetest); it
// must not import a driver, the engine, flows or the console.
package sqlstore
