package console

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"loket"
	"loket/store"
)

// settingsStore is what reading a setting with its version uses.
type settingsStore interface {
	SettingVersion(ctx context.Context, key string) ([]byte, int64, error)
}

func asSettings(tx store.Tx) settingsStore { return tx }

// settingSaver saves a setting over the version the page was read at.
type settingSaver interface {
	SaveSettingIf(ctx context.Context, key string, value []byte, version int64, at time.Time) (int64, error)
}

// Settings pages that save a whole form (booking rules, survey questions)
// carry the setting's version in the form and save only over it
// (store SaveSettingIf). When another admin saved in between, the second
// save is refused with a message to reload, instead of silently undoing
// the first.

// settingVersion returns the stored version of a setting (0: never saved).
func (c *Console) settingVersion(ctx context.Context, key string) (int64, error) {
	var v int64
	err := inTx(ctx, c.store, asSettings, func(tx settingsStore) error {
		_, ver, err := tx.SettingVersion(ctx, key)
		if errors.Is(err, loket.ErrNotFound) {
			return nil
		}
		v = ver
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("console: version of setting %s: %w", key, err)
	}
	return v, nil
}

// formVersion is the setting version the submitted form was read at.
func formVersion(r *http.Request) int64 {
	v, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	return v
}

// saveSettingIf saves value over version; a save in between is an
// EConflict telling the admin to reload.
func saveSettingIf(ctx context.Context, tx settingSaver, key string, value []byte, version int64, now time.Time) error {
	_, err := tx.SaveSettingIf(ctx, key, value, version, now)
	if errors.Is(err, loket.ErrConflict) {
		return userErr(loket.EConflict, "settings.err_conflict")
	}
	if err != nil {
		return fmt.Errorf("save setting %s: %w", key, err)
	}
	return nil
}
