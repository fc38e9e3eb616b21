package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"loket"
)

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
