package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"loket"
)

// Setting returns the JSON value stored under key, or ErrNotFound.
func (tx *Tx) Setting(ctx context.Context, key string) ([]byte, error) {
	v, _, err := tx.SettingVersion(ctx, key)
	return v, err
}

// SettingVersion returns the JSON value stored under key and its
// version, or ErrNotFound (a setting never saved is version 0).
func (tx *Tx) SettingVersion(ctx context.Context, key string) ([]byte, int64, error) {
	var v []byte
	var version int64
	err := tx.q.QueryRow(ctx, `SELECT value, version FROM settings WHERE key = $1`, key).Scan(&v, &version)
	return v, version, tx.d.fail("setting "+key, err)
}

// SaveSetting stores a JSON value under key, replacing an earlier one
// whatever its version.
func (tx *Tx) SaveSetting(ctx context.Context, key string, value []byte, at time.Time) error {
	tx.configSaved()
	if key == "" || !json.Valid(value) {
		return errInvalid("setting %q needs a key and a JSON value", key)
	}
	_, err := tx.q.Exec(ctx, `INSERT INTO settings (key, value, updated_at, version) VALUES ($1, $2, $3, 1)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
		version = settings.version + 1`,
		key, jsonArg(value), tm(orNow(at)))
	return tx.d.fail("save setting "+key, err)
}

// SaveSettingIf stores a JSON value under key only if the stored version
// is still version (0: never saved), and returns the new version;
// ErrConflict when someone saved it meanwhile.
func (tx *Tx) SaveSettingIf(ctx context.Context, key string, value []byte, version int64, at time.Time) (int64, error) {
	tx.configSaved()
	if key == "" || !json.Valid(value) {
		return 0, errInvalid("setting %q needs a key and a JSON value", key)
	}
	var next int64
	var err error
	if version == 0 {
		err = tx.q.QueryRow(ctx, `INSERT INTO settings (key, value, updated_at, version) VALUES ($1, $2, $3, 1)
			ON CONFLICT (key) DO NOTHING RETURNING version`, key, jsonArg(value), tm(orNow(at))).Scan(&next)
	} else {
		err = tx.q.QueryRow(ctx, `UPDATE settings SET value = $2, updated_at = $3, version = version + 1
			WHERE key = $1 AND version = $4 RETURNING version`, key, jsonArg(value), tm(orNow(at)), version).Scan(&next)
	}
	if err = tx.d.fail("save setting "+key, err); errors.Is(err, loket.ErrNotFound) {
		return 0, loket.Errorf(loket.EConflict, "setting %s was changed meanwhile", key)
	}
	return next, err
}
