package flows

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"loket"
)

// officeHours are the weekly windows and the closed days (holidays,
// closures) the bot quotes and reasons with.
type officeHours struct {
	windows []loket.OfficeWindow
	closed  map[string]bool // "2006-01-02" in the office time zone
}

// office reads the office hours once per turn (see readOffice).
func (c *conv) office() *officeHours {
	if c.hours == nil {
		c.hours = c.f.readOffice(c.ctx, c.tx, c.turn.Now)
	}
	return c.hours
}

// readOffice reads the office windows admins set and the closed days of
// the coming fortnight, falling back to the configured windows when none
// are set or the store cannot be read.
func (f *Flows) readOffice(ctx context.Context, src HoursTx, now time.Time) *officeHours {
	oh := &officeHours{windows: f.cfg.Windows, closed: map[string]bool{}}
	if ws, err := src.OfficeWindows(ctx); err == nil && len(ws) > 0 {
		oh.windows = ws
	}
	// Whole days, from yesterday's midnight, so every turn of a day asks
	// for the same span (see settled).
	from := midnight(now, f.cfg.Location).AddDate(0, 0, -1)
	if hs, err := src.Holidays(ctx, from, from.AddDate(0, 0, 17)); err == nil {
		for _, h := range hs {
			oh.closed[h.Date.In(f.cfg.Location).Format(time.DateOnly)] = true
		}
	}
	return oh
}

// inOffice reports whether t falls inside an office window on a day that
// is not closed.
func (f *Flows) inOffice(t time.Time, oh *officeHours) bool {
	lt := t.In(f.cfg.Location)
	if oh.closed[lt.Format(time.DateOnly)] {
		return false
	}
	m := lt.Hour()*60 + lt.Minute()
	for _, w := range oh.windows {
		if w.Weekday == lt.Weekday() && m >= w.StartMinute && m < w.EndMinute {
			return true
		}
	}
	return false
}

// nextOpen returns the start of the next office window after t (t itself
// when the office is open), skipping closed days. Zero when none is found
// within two weeks.
func (f *Flows) nextOpen(t time.Time, oh *officeHours) time.Time {
	if f.inOffice(t, oh) {
		return t
	}
	lt := t.In(f.cfg.Location)
	day := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, f.cfg.Location)
	for i := 0; i <= 14; i++ {
		d := day.AddDate(0, 0, i)
		if oh.closed[d.Format(time.DateOnly)] {
			continue
		}
		starts := []int{}
		for _, w := range oh.windows {
			if w.Weekday == d.Weekday() {
				starts = append(starts, w.StartMinute)
			}
		}
		slices.Sort(starts)
		for _, s := range starts {
			at := d.Add(time.Duration(s) * time.Minute)
			if at.After(lt) {
				return at
			}
		}
	}
	return time.Time{}
}

// clock formats minutes after midnight as "10.00" (Indonesian style,
// also clear in English).
func clock(min int) string { return fmt.Sprintf("%02d.%02d", min/60, min%60) }

// whenText says when the office next opens: "hari ini 10.00 WIB",
// "besok 10.00 WIB" or "Senin, 10.00 WIB".
func (f *Flows) whenText(l loket.Lang, c *catalogue, now, at time.Time) string {
	if at.IsZero() {
		return ""
	}
	ln, la := now.In(f.cfg.Location), at.In(f.cfg.Location)
	v := &view{Office: f.latest().office, Value: clock(la.Hour()*60+la.Minute()) + " " + f.latest().office.ZoneLabel}
	key := "when.day"
	switch {
	case sameDay(ln, la):
		key = "when.today"
	case sameDay(ln.AddDate(0, 0, 1), la):
		key = "when.tomorrow"
	default:
		v.Form, _ = c.render(l, dayKey(la.Weekday()), v)
	}
	s, _ := c.render(l, key, v)
	return s
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

func dayKey(d time.Weekday) string { return "day." + strconv.Itoa(int(d)) }

// hoursKey names hoursText's result for l and windows (see settled.text).
func hoursKey(l loket.Lang, windows []loket.OfficeWindow) string {
	b := append(make([]byte, 0, 8+12*len(windows)), "hours."...)
	b = append(b, l...)
	for _, w := range windows {
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(w.Weekday), 10)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(w.StartMinute), 10)
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(w.EndMinute), 10)
	}
	return string(b)
}

// hoursText describes the office windows, grouping consecutive days
// with the same hours: "Senin–Jumat 10.00–14.00 WIB".
func (f *Flows) hoursText(l loket.Lang, c *catalogue, windows []loket.OfficeWindow) string {
	ws := slices.Clone(windows)
	order := func(d time.Weekday) int { return (int(d) + 6) % 7 } // Monday first
	slices.SortFunc(ws, func(a, b loket.OfficeWindow) int {
		if order(a.Weekday) != order(b.Weekday) {
			return order(a.Weekday) - order(b.Weekday)
		}
		return a.StartMinute - b.StartMinute
	})
	name := func(d time.Weekday) string { s, _ := c.render(l, dayKey(d), &view{}); return s }
	var parts []string
	for i := 0; i < len(ws); {
		j := i
		for j+1 < len(ws) && order(ws[j+1].Weekday) == order(ws[j].Weekday)+1 &&
			ws[j+1].StartMinute == ws[i].StartMinute && ws[j+1].EndMinute == ws[i].EndMinute {
			j++
		}
		days := name(ws[i].Weekday)
		if j > i {
			days += "–" + name(ws[j].Weekday)
		}
		parts = append(parts, days+" "+clock(ws[i].StartMinute)+"–"+clock(ws[i].EndMinute))
		i = j + 1
	}
	return strings.Join(parts, ", ") + " " + f.latest().office.ZoneLabel
}
