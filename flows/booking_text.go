package flows

import (
	"strconv"
	"time"

	"loket"
)

// whenWords says a call time in the vendor's language, in the office
// zone: "Senin, 12 Januari 2026 pukul 10.20 WIB".
func (f *Flows) whenWords(l loket.Lang, t time.Time) string {
	lt := t.In(f.cfg.Location)
	v := &view{Office: f.latest().office, Form: f.dayName(l, lt), Value: f.dateWords(l, lt), Type: f.clockAt(lt)}
	s, _ := f.texts.render(l, "bk.when", v)
	return s
}

// eventTime is a call time as a timeline event stores it: the office's
// clock, without words, so each reader's language can frame it.
func (f *Flows) eventTime(t time.Time) string {
	return t.In(f.cfg.Location).Format("2006-01-02 15:04")
}

// dateWords is "12 Januari 2026".
func (f *Flows) dateWords(l loket.Lang, t time.Time) string {
	lt := t.In(f.cfg.Location)
	m, _ := f.texts.render(l, "month."+strconv.Itoa(int(lt.Month())), &view{})
	s, _ := f.texts.render(l, "bk.date", &view{Office: f.latest().office, Count: lt.Day(), Value: m, Type: strconv.Itoa(lt.Year())})
	return s
}

// dayMonth is "12 Januari" (button labels).
func (f *Flows) dayMonth(l loket.Lang, t time.Time) string {
	lt := t.In(f.cfg.Location)
	m, _ := f.texts.render(l, "month."+strconv.Itoa(int(lt.Month())), &view{})
	return strconv.Itoa(lt.Day()) + " " + m
}

// dayName is the weekday in words in the office zone.
func (f *Flows) dayName(l loket.Lang, t time.Time) string {
	s, _ := f.texts.render(l, dayKey(t.In(f.cfg.Location).Weekday()), &view{})
	return s
}

// clockAt is "10.20" in the office zone.
func (f *Flows) clockAt(t time.Time) string {
	lt := t.In(f.cfg.Location)
	return clock(lt.Hour()*60 + lt.Minute())
}

// bookingKeys lists the text keys booking and reminders use; a test
// checks both languages define them.
func bookingKeys() []string {
	keys := []string{"bk.when", "bk.date", "where.booking", "bk.need_docs", "bk.verified", "bk.offline", "bk.days",
		"bk.day_btn", "bk.no_slots", "bk.times", "bk.day_full", "bk.day_closed", "bk.day_later", "bk.day_passed", "bk.taken", "bk.not_free", "bk.between", "bk.too_soon", "bk.miss_day", "bk.day_first",
		"bk.miss_time", "bk.booked", "bk.moved", "bk.remind_both", "bk.remind_day", "bk.remind_hour", "bk.remind_none", "bk.current", "bk.cancel_confirm", "bk.cancelled", "bk.kept",
		"bk.too_late", "bk.same", "mode.offline_confirm", "mode.offline_done", "mode.online_kept", "bk.late", "bk.no_afternoon", "docs.originals_call", "btn.sw_offline_yes",
		"btn.sw_online_keep", "act.mode_offline", "btn.bk_book", "btn.bk_change", "btn.bk_cancel", "btn.bk_cancel_yes",
		"btn.bk_keep", "btn.bk_other_day", "btn.bk_more", "act.bk_booked", "act.bk_moved", "act.bk_cancelled",
		"act.reminder", "act.idle_closed", "status.call_when", "rm.day_before", "rm.hour_before", "rm.docs_missing",
		"rm.idle_warn", "rm.idle_closed", "rm.offer", "rm.no_show", "rm.verified", "rm.follow_up",
		"officer.digest", "officer.line", "officer.hour_before"}
	for m := 1; m <= 12; m++ {
		keys = append(keys, "month."+strconv.Itoa(m))
	}
	return append(keys, slotAskKeys()...)
}
