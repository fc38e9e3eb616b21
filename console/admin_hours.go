package console

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"loket"
	"loket/flows"
	"loket/ops"
	"loket/store"
)

// hoursStore is what the office hours and holidays pages use.
type hoursStore interface {
	ops.Auditor
	DeleteHoliday(ctx context.Context, date time.Time) error
	Holidays(ctx context.Context, from, to time.Time) ([]loket.Holiday, error)
	OfficeWindows(ctx context.Context) ([]loket.OfficeWindow, error)
	SaveHoliday(ctx context.Context, h loket.Holiday) error
	SetOfficeWindows(ctx context.Context, ws []loket.OfficeWindow) error
}

func asHours(tx store.Tx) hoursStore { return tx }

var weekdayNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// formatWindowsIn writes office windows for a reader of lang: in
// Indonesian as an Indonesian office writes them ("senin 10.00-14.00",
// the catalogue's day names in lower case), else as formatWindows does.
// parseWindows reads both.
func formatWindowsIn(cat catalog, lang loket.Lang, ws []loket.OfficeWindow) string {
	if lang != loket.LangID {
		return formatWindows(ws)
	}
	var b strings.Builder
	for _, w := range ws {
		day := strings.ToLower(cat.tr(lang, "date.weekday."+strconv.Itoa(int(w.Weekday))))
		fmt.Fprintf(&b, "%s %02d.%02d-%02d.%02d\n", day, w.StartMinute/60, w.StartMinute%60, w.EndMinute/60, w.EndMinute%60)
	}
	return b.String()
}

// formatWindows writes office windows one per line: "mon 10:00-14:00".
func formatWindows(ws []loket.OfficeWindow) string {
	var b strings.Builder
	for _, w := range ws {
		fmt.Fprintf(&b, "%s %02d:%02d-%02d:%02d\n", weekdayNames[w.Weekday], w.StartMinute/60, w.StartMinute%60, w.EndMinute/60, w.EndMinute%60)
	}
	return b.String()
}

// windowLine is one office window: a day, then from-to with ":" or "."
// between hours and minutes and any spaces around the dash.
var windowLine = regexp.MustCompile(`^(\S+)\s+(\d{1,2})[:.](\d{1,2})\s*[-–]\s*(\d{1,2})[:.](\d{1,2})$`)

// parseWindows reads what formatWindows writes, and the same with an
// Indonesian or full English day name and "10.00"; blank lines are skipped.
func parseWindows(s string) ([]loket.OfficeWindow, error) {
	var ws []loket.OfficeWindow
	for i, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		m := windowLine.FindStringSubmatch(line)
		if m == nil {
			return nil, userErr(loket.EInvalid, "hours.err_line_form", "line", i+1)
		}
		n := make([]int, 4)
		for j := range n {
			n[j], _ = strconv.Atoi(m[j+2])
		}
		h1, m1, h2, m2 := n[0], n[1], n[2], n[3]
		day := strings.ToLower(m[1])
		wd, ok := flows.WeekdayWord(day) // "Senin", as an Indonesian office writes it, or "monday"
		if !ok {
			wd = -1
			for j, name := range weekdayNames {
				if day == name {
					wd = time.Weekday(j)
				}
			}
		}
		start, end := h1*60+m1, h2*60+m2
		if wd < 0 || m1 > 59 || m2 > 59 || end > 24*60 || start >= end {
			return nil, userErr(loket.EInvalid, "hours.err_line_bad", "line", i+1, "text", line)
		}
		ws = append(ws, loket.OfficeWindow{Weekday: wd, StartMinute: start, EndMinute: end})
	}
	return ws, nil
}

// parseDay reads a YYYY-MM-DD date as midnight in the office time zone.
func (c *Console) parseDay(s string) (time.Time, error) {
	d, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), c.cfg.Location)
	if err != nil {
		return time.Time{}, userErr(loket.EInvalid, "hours.err_date")
	}
	return d, nil
}

func (c *Console) hoursPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	return c.renderHours(w, r, a, http.StatusOK, map[string]any{}, "")
}

func (c *Console) renderHours(w http.ResponseWriter, r *http.Request, a *auth, status int, data map[string]any, windows string) error {
	ctx := r.Context()
	var ws []loket.OfficeWindow
	var hs []loket.Holiday
	now := c.clock.Now()
	err := inTx(ctx, c.store, asHours, func(tx hoursStore) error {
		var err error
		if ws, err = tx.OfficeWindows(ctx); err != nil {
			return fmt.Errorf("office windows: %w", err)
		}
		hs, err = tx.Holidays(ctx, now.AddDate(0, 0, -31), now.AddDate(1, 1, 0))
		return err
	})
	if err != nil {
		return fmt.Errorf("console: office hours: %w", err)
	}
	if windows == "" {
		windows = formatWindowsIn(c.catalog, a.lang(), ws)
	}
	data["Windows"], data["Holidays"] = windows, hs
	c.render(w, r, status, "hours", a, data)
	return nil
}

func (c *Console) hoursSave(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	text := r.PostFormValue("windows")
	ws, err := parseWindows(text)
	if err == nil && len(ws) == 0 {
		// No window at all leaves no call to book, ever.
		err = userErr(loket.EInvalid, "hours.err_empty")
	}
	if err != nil {
		return c.renderHours(w, r, a, http.StatusBadRequest, map[string]any{"Error": c.errText(a.lang(), err)}, text)
	}
	err = inTx(ctx, c.store, asHours, func(tx hoursStore) error {
		if err := tx.SetOfficeWindows(ctx, ws); err != nil {
			return fmt.Errorf("save office windows: %w", err)
		}
		return audit(ctx, tx, a, "hours.update", "office_hours", strings.TrimSpace(formatWindows(ws)), c.clock.Now())
	})
	if err != nil {
		return fmt.Errorf("console: save office hours: %w", err)
	}
	c.seeOther(w, r, a, "/admin/hours", map[string]string{"Saved": c.tr(a.lang(), "hours.saved")})
	return nil
}

// saveHoliday and deleteHoliday are shared by the console and the API.
func (c *Console) saveHoliday(ctx context.Context, a *auth, h loket.Holiday) error {
	h.Name = strings.TrimSpace(h.Name)
	if h.Name == "" || len(h.Name) > 100 {
		return userErr(loket.EInvalid, "hours.err_holiday_name", "max", 100)
	}
	return inTx(ctx, c.store, asHours, func(tx hoursStore) error {
		if err := tx.SaveHoliday(ctx, h); err != nil {
			return fmt.Errorf("console: save holiday: %w", err)
		}
		return audit(ctx, tx, a, "holiday.save", "holiday:"+h.Date.Format("2006-01-02"), h.Name, c.clock.Now())
	})
}

func (c *Console) deleteHoliday(ctx context.Context, a *auth, day time.Time) error {
	return inTx(ctx, c.store, asHours, func(tx hoursStore) error {
		if err := tx.DeleteHoliday(ctx, day); err != nil {
			return fmt.Errorf("console: delete holiday: %w", err)
		}
		return audit(ctx, tx, a, "holiday.delete", "holiday:"+day.Format("2006-01-02"), "", c.clock.Now())
	})
}

func (c *Console) holidayAdd(w http.ResponseWriter, r *http.Request, a *auth) error {
	day, err := c.parseDay(r.PostFormValue("date"))
	if err == nil {
		err = c.saveHoliday(r.Context(), a, loket.Holiday{Date: day, Name: r.PostFormValue("name")})
	}
	if loket.ErrorCode(err) == loket.EInvalid {
		return c.renderHours(w, r, a, http.StatusBadRequest, map[string]any{"Error": c.errText(a.lang(), err)}, "")
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/hours", http.StatusSeeOther)
	return nil
}

func (c *Console) holidayDelete(w http.ResponseWriter, r *http.Request, a *auth) error {
	day, err := c.parseDay(r.PathValue("date"))
	if err != nil {
		return err
	}
	if err := c.deleteHoliday(r.Context(), a, day); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/hours", http.StatusSeeOther)
	return nil
}
