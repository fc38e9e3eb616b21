package sqlstore

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// tsScan reads a nullable timestamp from either backend: NULL (zero
// time), a time.Time (PostgreSQL) or int64 unix milliseconds (SQLite).
type tsScan struct{ t *time.Time }

func ts(t *time.Time) sql.Scanner { return tsScan{t} }

func (s tsScan) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.t = time.Time{}
	case time.Time:
		*s.t = v.UTC()
	case int64:
		*s.t = time.UnixMilli(v).UTC()
	case float64:
		*s.t = time.UnixMilli(int64(v)).UTC()
	default:
		return fmt.Errorf("sqlstore: cannot read %T as a time", src)
	}
	return nil
}

// idScan reads a nullable id into an int64 (NULL is 0).
type idScan struct{ p *int64 }

func nid(p *int64) sql.Scanner { return idScan{p} }

func (s idScan) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.p = 0
	case int64:
		*s.p = v
	case int32:
		*s.p = int64(v)
	case int:
		*s.p = int64(v)
	default:
		return fmt.Errorf("sqlstore: cannot read %T as an id", src)
	}
	return nil
}

// id writes an id, 0 as NULL.
func id(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// tm writes a time; adapters turn zero into NULL. Kept as a marker so a
// call site reads as "a time goes here".
func tm(t time.Time) any { return t }

// jsonArg writes raw JSON, empty as NULL.
func jsonArg(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// jsonScan reads a nullable JSON column (jsonb, or text/blob on SQLite)
// into raw bytes.
type jsonScan struct{ p *[]byte }

func js(p *[]byte) sql.Scanner { return jsonScan{p} }

func (s jsonScan) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.p = nil
	case []byte:
		*s.p = append([]byte(nil), v...)
	case string:
		*s.p = []byte(v)
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("sqlstore: cannot read %T as JSON: %w", src, err)
		}
		*s.p = b
	}
	return nil
}

// boolScan reads a boolean stored as boolean (PostgreSQL) or 0/1 (SQLite).
type boolScan struct{ p *bool }

func bl(p *bool) sql.Scanner { return boolScan{p} }

func (s boolScan) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.p = false
	case bool:
		*s.p = v
	case int64:
		*s.p = v != 0
	default:
		return fmt.Errorf("sqlstore: cannot read %T as a boolean", src)
	}
	return nil
}

// collect reads every row of rs with scan.
func collect[T any](rs Rows, err error, scan func(Row, *T) error) ([]T, error) {
	return collectTo[T](nil, rs, err, scan)
}

// collectTo is collect appending to out: a caller that knows about how
// many rows come sizes it, and large rows are not copied as it grows.
func collectTo[T any](out []T, rs Rows, err error, scan func(Row, *T) error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	for rs.Next() {
		out = append(out, *new(T))
		if err := scan(rs, &out[len(out)-1]); err != nil {
			return nil, err
		}
	}
	return out, rs.Err()
}
