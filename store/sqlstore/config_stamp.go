package sqlstore

import "context"

// ConfigStamp returns the configuration stamp: a number that every save
// of the knowledge, the office hours, the closed days or a setting bumps
// (database triggers, whoever writes), so readers may keep those in
// memory while it stays the same.
//
// It is read once per transaction: later calls return the same number
// (until the transaction itself saves one of those). The read does not
// count as a statement for PreloadConversations and does not send the
// queued turn writes: it reads nothing a turn changes.
func (tx *Tx) ConfigStamp(ctx context.Context) (int64, error) {
	if tx.stamp > 0 {
		return tx.stamp, nil
	}
	var n int64
	if err := tx.raw.QueryRow(ctx, `SELECT stamp FROM config_stamp WHERE id = 1`).Scan(&n); err != nil {
		return 0, tx.d.fail("config stamp", err)
	}
	tx.stamp = n
	return n, nil
}

// configSaved forgets the stamp read: this transaction changed it.
func (tx *Tx) configSaved() { tx.stamp = 0 }

// deferConfigStamp queues the read of the configuration stamp with the
// transaction's next round trip (see ClaimBatch), so the turns of a batch
// find it read instead of spending a round trip on it.
func (tx *Tx) deferConfigStamp(d Deferrer) {
	if tx.stamp > 0 {
		return
	}
	d.Defer(Deferred{Query: `SELECT stamp FROM config_stamp WHERE id = 1`, Done: func(rs Rows) error {
		got, err := collect(rs, nil, func(r Row, v *int64) error { return r.Scan(v) })
		if err != nil {
			return tx.d.fail("config stamp", err)
		}
		if len(got) == 1 {
			tx.stamp = got[0]
		}
		return nil
	}})
}
