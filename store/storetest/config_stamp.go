package storetest

import (
	"testing"
	"time"

	"loket"
)

// testConfigStamp: every save of the knowledge, the office hours, the
// closed days or a setting moves the stamp, in this transaction and for
// the next one; within a transaction it is read once.
func testConfigStamp(t *testing.T, s Store) {
	ctx := ctxT(t)
	stamp := func() int64 {
		var n int64
		inTx(t, s, func(tx Tx) error {
			var err error
			n, err = tx.ConfigStamp(ctx)
			return err
		})
		return n
	}
	last := stamp()
	day := time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		what string
		save func(tx Tx) error
	}{
		{"knowledge", func(tx Tx) error {
			return tx.SaveKnowledge(ctx, &loket.KnowledgeVersion{Kind: loket.KnowOffice, Body: []byte(`{"name":"LPSE"}`), CreatedAt: t0})
		}},
		{"office hours", func(tx Tx) error {
			return tx.SetOfficeWindows(ctx, []loket.OfficeWindow{{Weekday: time.Monday, StartMinute: 480, EndMinute: 900}})
		}},
		{"a closed day", func(tx Tx) error { return tx.SaveHoliday(ctx, loket.Holiday{Date: day, Name: "Natal"}) }},
		{"a closed day removed", func(tx Tx) error { return tx.DeleteHoliday(ctx, day) }},
		{"a setting", func(tx Tx) error { return tx.SaveSetting(ctx, "booking", []byte(`{"slot_minutes":20}`), t0) }},
		{"a setting over its version", func(tx Tx) error {
			_, v, err := tx.SettingVersion(ctx, "booking")
			if err == nil {
				_, err = tx.SaveSettingIf(ctx, "booking", []byte(`{"slot_minutes":30}`), v, t0)
			}
			return err
		}},
	} {
		inTx(t, s, func(tx Tx) error {
			before, err := tx.ConfigStamp(ctx)
			must(t, err)
			if before != last {
				t.Fatalf("stamp %d before saving %s, want %d", before, c.what, last)
			}
			must(t, c.save(tx))
			after, err := tx.ConfigStamp(ctx)
			must(t, err)
			if after <= before {
				t.Fatalf("saving %s in the transaction left the stamp at %d (was %d)", c.what, after, before)
			}
			return nil
		})
		if now := stamp(); now <= last {
			t.Fatalf("saving %s left the stamp at %d (was %d)", c.what, now, last)
		} else {
			last = now
		}
	}
	// Other writes leave it alone.
	inTx(t, s, func(tx Tx) error {
		_, err := tx.ConversationForUpdate(ctx, loket.ChannelTelegram, "stamp-chat", t0)
		return err
	})
	if now := stamp(); now != last {
		t.Fatalf("a conversation moved the stamp from %d to %d", last, now)
	}
}
