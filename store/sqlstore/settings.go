package sqlstore

import (
	"context"
	"encoding/json"
	"time"
)

// Setting returns the JSON value stored under key, or ErrNotFound.
func (tx *Tx) Setting(ctx context.Context, key string) ([]byte, error) {
	var v []byte
	err := tx.q.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	return v, tx.d.fail("setting "+key, err)
}

// SaveSetting stores a JSON value under key, replacing an earlier one.
func (tx *Tx) SaveSetting(ctx context.Context, key string, value []byte, at time.Time) error {
	if key == "" || !json.Valid(value) {
		return errInvalid("setting %q needs a key and a JSON value", key)
	}
	_, err := tx.q.Exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		key, jsonArg(value), tm(orNow(at)))
	return tx.d.fail("save setting "+key, err)
}
