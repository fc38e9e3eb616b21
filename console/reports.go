package console

import (
	"encoding/csv"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"loket"
)

// report is one report of the /reports page: a chart and the table of
// the same numbers, which is also its CSV download.
type report struct {
	Name, Title, Summary string
	Chart                template.HTML
	Header               []string
	Rows                 [][]string
}

const maxReportDays = 366

// reportRange reads ?from=&to= (YYYY-MM-DD, both included, office time
// zone); the default is the last 30 days up to today. It returns
// [from, to) as midnights.
func (c *Console) reportRange(r *http.Request) (from, to time.Time, err error) {
	now := c.clock.Now().In(c.cfg.Location)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, c.cfg.Location)
	to, from = today.AddDate(0, 0, 1), today.AddDate(0, 0, -29)
	if s := r.URL.Query().Get("to"); s != "" {
		d, err := c.parseDay(s)
		if err != nil {
			return from, to, err
		}
		to = d.AddDate(0, 0, 1)
		from = d.AddDate(0, 0, -29)
	}
	if s := r.URL.Query().Get("from"); s != "" {
		if from, err = c.parseDay(s); err != nil {
			return from, to, err
		}
	}
	if !from.Before(to) {
		return from, to, loket.Errorf(loket.EInvalid, "the start date must not be after the end date")
	}
	if to.Sub(from) > maxReportDays*24*time.Hour+time.Hour {
		return from, to, loket.Errorf(loket.EInvalid, "choose at most %d days", maxReportDays)
	}
	return from, to, nil
}

// buildReports computes every report of a range.
func (c *Console) buildReports(rr *reportRows) []report {
	return []report{
		ticketsReport(rr), verifyReport(rr), rejectionsReport(rr), callsReport(rr),
		surveyReport(rr), surveyTrendReport(rr), workloadReport(rr),
	}
}

func ticketsReport(rr *reportRows) report {
	days := rr.ticketsPerDay()
	rep := report{Name: "tickets", Title: "Tickets opened and closed per day",
		Header: []string{"date", "opened_telegram", "opened_whatsapp", "opened_webchat", "opened_total",
			"closed_telegram", "closed_whatsapp", "closed_webchat", "closed_total"}}
	var cats []string
	opened, closed := series{Name: "Opened"}, series{Name: "Closed"}
	var byCh [3]int
	for _, d := range days {
		row := []string{d.Day.Format(time.DateOnly)}
		for _, v := range d.Opened {
			row = append(row, strconv.Itoa(v))
		}
		row = append(row, strconv.Itoa(d.total(d.Opened)))
		for _, v := range d.Closed {
			row = append(row, strconv.Itoa(v))
		}
		row = append(row, strconv.Itoa(d.total(d.Closed)))
		rep.Rows = append(rep.Rows, row)
		cats = append(cats, d.Day.Format("2 Jan"))
		opened.Values = append(opened.Values, float64(d.total(d.Opened)))
		closed.Values = append(closed.Values, float64(d.total(d.Closed)))
		for i := range byCh {
			byCh[i] += d.Opened[i]
		}
	}
	rep.Chart = vbarChart("ch-tickets", rep.Title, cats, []series{opened, closed}, false, 0)
	rep.Summary = fmt.Sprintf("Opened: Telegram %d, WhatsApp %d, web chat %d.", byCh[0], byCh[1], byCh[2])
	return rep
}

func hours(d time.Duration) string { return strconv.FormatFloat(d.Hours(), 'f', 1, 64) }

func verifyReport(rr *reportRows) report {
	ds := rr.verifyDurations()
	med, p90 := median(ds), percentile(ds, 90)
	rep := report{Name: "verify", Title: "Time from ticket created to verified",
		Header: []string{"metric", "value"},
		Rows:   [][]string{{"tickets_verified", strconv.Itoa(len(ds))}, {"median_hours", hours(med)}, {"p90_hours", hours(p90)}}}
	buckets := []struct {
		label string
		upTo  time.Duration
	}{{"under 1 day", 24 * time.Hour}, {"1–2 days", 48 * time.Hour}, {"2–3 days", 72 * time.Hour},
		{"3–5 days", 120 * time.Hour}, {"5–7 days", 168 * time.Hour}, {"over 7 days", 1 << 62}}
	var labels []string
	var values []float64
	lo := time.Duration(-1 << 62)
	for _, bk := range buckets {
		n := 0
		for _, d := range ds {
			if d > lo && d <= bk.upTo {
				n++
			}
		}
		lo = bk.upTo
		labels, values = append(labels, bk.label), append(values, float64(n))
		rep.Rows = append(rep.Rows, []string{"tickets " + bk.label, strconv.Itoa(n)})
	}
	rep.Summary = fmt.Sprintf("%d tickets verified; median %s h, 90th percentile %s h.", len(ds), hours(med), hours(p90))
	rep.Chart = hbarChart("ch-verify", rep.Title+" (tickets per duration)", labels, values, 0, "")
	return rep
}

func countedReport(name, title, col string, cs []counted) report {
	rep := report{Name: name, Title: title, Header: []string{col, "count"}}
	var labels []string
	var values []float64
	total := 0
	for _, c := range cs {
		rep.Rows = append(rep.Rows, []string{c.Label, strconv.Itoa(c.N)})
		labels, values = append(labels, c.Label), append(values, float64(c.N))
		total += c.N
	}
	rep.Chart = hbarChart("ch-"+name, title, labels, values, 0, "")
	rep.Summary = fmt.Sprintf("Total: %d.", total)
	return rep
}

func rejectionsReport(rr *reportRows) report {
	return countedReport("rejections", "Documents rejected, by reason", "reason", rr.rejectedByReason())
}

func callsReport(rr *reportRows) report {
	return countedReport("calls", "Verification calls (appointments in the period)", "outcome", rr.callOutcomes())
}

func surveyReport(rr *reportRows) report {
	qs, n := rr.surveyAverages()
	labels := surveyLabels()
	rep := report{Name: "survey", Title: "Survey: average rating per question (1–4)",
		Header: []string{"question", "label", "section", "answers", "average"}}
	var ls []string
	var vs []float64
	for i, q := range qs {
		section := "service"
		if i >= 6 {
			section = "problem"
		}
		rep.Rows = append(rep.Rows, []string{strconv.Itoa(i + 1), labels[i], section, strconv.Itoa(q.N), q.String()})
		ls, vs = append(ls, fmt.Sprintf("Q%d %s", i+1, labels[i])), append(vs, roundTo(q.value()))
	}
	rep.Summary = fmt.Sprintf("%d surveys completed. Q1–6: service handling; Q7–8: problem handling.", n)
	if n == 0 {
		ls, vs = nil, nil
	}
	rep.Chart = hbarChart("ch-survey", rep.Title, ls, vs, 4, "")
	return rep
}

func surveyTrendReport(rr *reportRows) report {
	weeks := rr.surveyTrend()
	rep := report{Name: "survey-trend", Title: "Survey trend per week (average 1–4)",
		Header: []string{"week_start", "surveys", "service_avg", "problem_avg", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"}}
	var cats []string
	svc, prob := series{Name: "Service handling"}, series{Name: "Problem handling"}
	for _, w := range weeks {
		row := []string{w.Week.Format(time.DateOnly), strconv.Itoa(w.Surveys), w.Service.String(), w.Problem.String()}
		for _, q := range w.Q {
			row = append(row, q.String())
		}
		rep.Rows = append(rep.Rows, row)
		cats = append(cats, "wk "+w.Week.Format("2 Jan"))
		svc.Values, prob.Values = append(svc.Values, roundTo(w.Service.value())), append(prob.Values, roundTo(w.Problem.value()))
	}
	rep.Chart = vbarChart("ch-survey-trend", rep.Title, cats, []series{svc, prob}, false, 4)
	rep.Summary = "Weeks start on Monday (office time zone)."
	return rep
}

func workloadReport(rr *reportRows) report {
	rep := report{Name: "workload", Title: "Workload per agent",
		Header: []string{"agent", "replies", "status_changes", "tickets_assigned"}}
	var cats []string
	rs, sc, as := series{Name: "Replies"}, series{Name: "Status changes"}, series{Name: "Tickets assigned"}
	for _, l := range rr.workload() {
		rep.Rows = append(rep.Rows, []string{l.Name, strconv.Itoa(l.Replies), strconv.Itoa(l.StatusChanges), strconv.Itoa(l.Assigned)})
		cats = append(cats, clip(l.Name, 14))
		rs.Values, sc.Values, as.Values = append(rs.Values, float64(l.Replies)), append(sc.Values, float64(l.StatusChanges)), append(as.Values, float64(l.Assigned))
	}
	rep.Chart = vbarChart("ch-workload", rep.Title, cats, []series{rs, sc, as}, false, 0)
	rep.Summary = fmt.Sprintf("%d agents active in the period.", len(rep.Rows))
	return rep
}

func (c *Console) reportsPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	from, to, err := c.reportRange(r)
	if err != nil {
		return err
	}
	rr, err := c.loadReportRows(r.Context(), from, to)
	if err != nil {
		return err
	}
	q := "?from=" + from.Format(time.DateOnly) + "&to=" + to.AddDate(0, 0, -1).Format(time.DateOnly)
	c.render(w, r, http.StatusOK, "reports", a, map[string]any{
		"From": from.Format(time.DateOnly), "To": to.AddDate(0, 0, -1).Format(time.DateOnly),
		"Query": template.URL(q), "Reports": c.buildReports(rr),
	})
	return nil
}

// reportCSV serves /reports/<name>.csv?from=&to=: the table of one report.
func (c *Console) reportCSV(w http.ResponseWriter, r *http.Request, a *auth) error {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".csv")
	if !ok {
		return loket.Errorf(loket.ENotFound, "no such report %q", r.PathValue("file"))
	}
	from, to, err := c.reportRange(r)
	if err != nil {
		return err
	}
	rr, err := c.loadReportRows(r.Context(), from, to)
	if err != nil {
		return err
	}
	for _, rep := range c.buildReports(rr) {
		if rep.Name != name {
			continue
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="loket-%s-%s-%s.csv"`,
			name, from.Format("20060102"), to.AddDate(0, 0, -1).Format("20060102")))
		cw := csv.NewWriter(w)
		_ = cw.Write(rep.Header)
		_ = cw.WriteAll(rep.Rows)
		return cw.Error()
	}
	return loket.Errorf(loket.ENotFound, "no such report %q", name)
}
