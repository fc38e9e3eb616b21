package storetest

import (
	"context"
	"errors"
	"testing"

	"loket"
)

func testSettings(t *testing.T, s Store) {
	ctx := ctxT(t)
	inTx(t, s, func(tx Tx) error {
		if _, err := tx.Setting(ctx, "booking"); !errors.Is(err, loket.ErrNotFound) {
			t.Fatalf("unsaved setting: err = %v, want not found", err)
		}
		if err := tx.SaveSetting(ctx, "booking", []byte(`{"slot_minutes":20}`), t0); err != nil {
			return err
		}
		if err := tx.SaveSetting(ctx, "booking", []byte(`{"slot_minutes":30}`), t0); err != nil {
			return err
		}
		if err := tx.SaveSetting(ctx, "bad", []byte(`{not json`), t0); !errors.Is(err, loket.ErrInvalid) {
			t.Fatalf("invalid JSON: err = %v, want invalid", err)
		}
		return nil
	})
	inTx(t, s, func(tx Tx) error {
		v, err := tx.Setting(context.Background(), "booking")
		if err != nil {
			return err
		}
		if string(v) != `{"slot_minutes":30}` && string(v) != `{"slot_minutes": 30}` {
			t.Fatalf("setting = %s", v)
		}
		return nil
	})
}
