package sqlstore

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"

	"loket"
)

// newToken returns a fresh lease token: random, positive and never 0 (the
// token of a row nobody claimed).
func newToken() int64 {
	var b [8]byte
	for {
		_, _ = rand.Read(b[:])
		if t := int64(binary.BigEndian.Uint64(b[:]) >> 1); t != 0 {
			return t
		}
	}
}

// leaseLost explains an update that matched no row: ErrNotFound when the
// row is gone, ErrConflict when it exists but the caller's lease does not
// hold it (taken over, cancelled, already finished).
func leaseLost(ctx context.Context, q Querier, d Dialect, what, table string, id int64) error {
	var one int
	if err := q.QueryRow(ctx, `SELECT 1 FROM `+table+` WHERE id = $1`, id).Scan(&one); err != nil {
		return d.fail(what, err)
	}
	return fmt.Errorf("store: %s: %w", what, loket.Errorf(loket.EConflict, "%s %d: the lease is lost", table, id))
}

func isConflict(err error) bool { return errors.Is(err, loket.ErrConflict) }
