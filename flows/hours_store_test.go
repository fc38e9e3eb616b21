package flows

import (
	"context"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

// TestOfficeHoursComeFromTheStore: the hours an admin sets at
// /admin/hours and the holidays they enter are what the bot quotes and
// reasons with, not the configured defaults.
func TestOfficeHoursComeFromTheStore(t *testing.T) {
	b := newSQLiteBackend(t)
	f := newFlows(t)
	ctx := context.Background()
	tuesdayEvening := time.Date(2026, 1, 6, 15, 0, 0, 0, wib)
	err := b.s.InTx(ctx, func(tx storetest.Tx) error {
		if err := tx.SetOfficeWindows(ctx, []loket.OfficeWindow{
			{Weekday: time.Monday, StartMinute: 8 * 60, EndMinute: 12 * 60},
			{Weekday: time.Tuesday, StartMinute: 8 * 60, EndMinute: 12 * 60},
			{Weekday: time.Wednesday, StartMinute: 8 * 60, EndMinute: 12 * 60},
			{Weekday: time.Thursday, StartMinute: 8 * 60, EndMinute: 12 * 60},
		}); err != nil {
			return err
		}
		if err := tx.SaveHoliday(ctx, loket.Holiday{Date: time.Date(2026, 1, 7, 0, 0, 0, 0, wib), Name: "Cuti bersama"}); err != nil {
			return err
		}
		c := &conv{f: f, ctx: ctx, tx: tx, st: &state{},
			turn: &loket.Turn{Now: tuesdayEvening, Contact: &loket.Contact{Lang: loket.LangID}}}
		v := c.view()
		if !strings.Contains(v.Hours, "08.00–12.00") {
			t.Errorf("hours %q do not come from the store", v.Hours)
		}
		if v.Open {
			t.Error("open on Tuesday evening")
		}
		if want := "Kamis"; !strings.Contains(v.When, want) || !strings.Contains(v.When, "08.00") {
			t.Errorf("next opening %q; want Thursday 08.00 (Wednesday is a holiday)", v.When)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSavedHoursApplyFromTheNextTurn: the office hours and closed days
// are kept in memory between turns, and a save is seen by the next turn
// (the configuration stamp moved).
func TestSavedHoursApplyFromTheNextTurn(t *testing.T) {
	b := newSQLiteBackend(t)
	f := newFlows(t)
	ctx := context.Background()
	mondayMorning := time.Date(2026, 1, 5, 11, 0, 0, 0, wib)
	turn := func() (v *view) {
		t.Helper()
		err := b.s.InTx(ctx, func(tx storetest.Tx) error {
			k, err := f.refresh(ctx, tx)
			if err != nil {
				return err
			}
			c := &conv{f: f, ctx: ctx, tx: k.settledOf(tx), k: k, st: &state{},
				turn: &loket.Turn{Now: mondayMorning, Contact: &loket.Contact{Lang: loket.LangID}}}
			v = c.view()
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := turn(); !strings.Contains(v.Hours, "10.00–14.00") || !v.Open {
		t.Fatalf("defaults: hours %q, open %v", v.Hours, v.Open)
	}
	if v := turn(); !strings.Contains(v.Hours, "10.00–14.00") || !v.Open {
		t.Fatalf("defaults again: hours %q, open %v", v.Hours, v.Open)
	}
	save := func(fn func(tx storetest.Tx) error) {
		t.Helper()
		if err := b.s.InTx(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	save(func(tx storetest.Tx) error {
		return tx.SetOfficeWindows(ctx, []loket.OfficeWindow{{Weekday: time.Monday, StartMinute: 8 * 60, EndMinute: 12 * 60}})
	})
	if v := turn(); !strings.Contains(v.Hours, "08.00–12.00") || !v.Open {
		t.Fatalf("after saving the hours: hours %q, open %v", v.Hours, v.Open)
	}
	save(func(tx storetest.Tx) error {
		return tx.SaveHoliday(ctx, loket.Holiday{Date: time.Date(2026, 1, 5, 0, 0, 0, 0, wib), Name: "Cuti bersama"})
	})
	if v := turn(); v.Open {
		t.Fatal("open on a day closed since the last turn")
	}
}
