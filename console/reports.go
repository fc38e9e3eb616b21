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

// say is the catalogue in the reader's language.
type say func(key string, kv ...any) string

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
		return from, to, userErr(loket.EInvalid, "reports.err_order")
	}
	if to.Sub(from) > maxReportDays*24*time.Hour+time.Hour {
		return from, to, userErr(loket.EInvalid, "reports.err_span", "max", maxReportDays)
	}
	return from, to, nil
}

// reportKit is what the report builders need: the texts and day labels
// in the reader's language.
type reportKit struct {
	s      say
	nf     numFormat              // how numbers are written (page or CSV)
	day    func(time.Time) string // "2 Jan"
	labels [loket.SurveyAnswers]string
	// reasons are the texts of each rejection reason ("reason.<code>") in
	// every language: a stored rejection starts with one of them.
	reasons map[string][]string
}

// buildReports computes every report of a range, in lang, its numbers
// written in nf (numbersIn for the page, csvNumbersIn for a CSV).
func (c *Console) buildReports(lang loket.Lang, nf numFormat, rr *reportRows) []report {
	k := reportKit{
		s:       func(key string, kv ...any) string { return c.tr(lang, key, kv...) },
		nf:      nf,
		day:     dateFormat(c.catalog, lang, c.cfg.Location, "2 Jan"),
		labels:  c.surveyLabels(lang),
		reasons: map[string][]string{},
	}
	for _, l := range catalogLangs {
		for _, o := range c.catalog.prefixed(l, "reason.") {
			k.reasons[o.Key] = append(k.reasons[o.Key], o.Text)
		}
	}
	return []report{
		k.tickets(rr), k.verify(rr), k.rejections(rr), k.calls(rr),
		k.survey(rr), k.surveyTrend(rr), k.workload(rr), k.botQuestions(rr),
	}
}

// header translates CSV column names ("reports.col.<name>").
func (k reportKit) header(cols ...string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = k.s("reports.col." + c)
	}
	return out
}

func (k reportKit) tickets(rr *reportRows) report {
	days := rr.ticketsPerDay()
	rep := report{Name: "tickets", Title: k.s("reports.tickets_title"),
		Header: k.header("date", "opened_telegram", "opened_whatsapp", "opened_webchat", "opened_total",
			"closed_telegram", "closed_whatsapp", "closed_webchat", "closed_total")}
	var cats []string
	opened, closed := series{Name: k.s("reports.opened")}, series{Name: k.s("reports.closed")}
	var byCh [3]int
	for _, d := range days {
		row := []string{d.Day.Format(time.DateOnly)}
		for _, v := range d.Opened {
			row = append(row, k.nf.n(v))
		}
		row = append(row, k.nf.n(d.total(d.Opened)))
		for _, v := range d.Closed {
			row = append(row, k.nf.n(v))
		}
		row = append(row, k.nf.n(d.total(d.Closed)))
		rep.Rows = append(rep.Rows, row)
		cats = append(cats, k.day(d.Day))
		opened.Values = append(opened.Values, float64(d.total(d.Opened)))
		closed.Values = append(closed.Values, float64(d.total(d.Closed)))
		for i := range byCh {
			byCh[i] += d.Opened[i]
		}
	}
	rep.Chart = vbarChart(k.nf, "ch-tickets", rep.Title, cats, []series{opened, closed}, false, 0)
	rep.Summary = k.s("reports.tickets_summary", "telegram", k.nf.n(byCh[0]), "whatsapp", k.nf.n(byCh[1]), "webchat", k.nf.n(byCh[2]))
	return rep
}

// hours writes a duration in hours with one decimal.
func (k reportKit) hours(d time.Duration) string { return k.nf.fixed(d.Hours(), 1) }

// avg writes an average with two decimals ("" when nobody answered).
func (k reportKit) avg(a avg) string {
	if a.N == 0 {
		return ""
	}
	return k.nf.fixed(a.value(), 2)
}

func (k reportKit) verify(rr *reportRows) report {
	ds := rr.verifyDurations()
	med, p90 := median(ds), percentile(ds, 90)
	rep := report{Name: "verify", Title: k.s("reports.verify_title"),
		Header: k.header("metric", "value"),
		Rows: [][]string{{k.s("reports.col.tickets_verified"), k.nf.n(len(ds))},
			{k.s("reports.col.median_hours"), k.hours(med)}, {k.s("reports.col.p90_hours"), k.hours(p90)}}}
	buckets := []struct {
		key  string
		upTo time.Duration
	}{{"lt1", 24 * time.Hour}, {"1_2", 48 * time.Hour}, {"2_3", 72 * time.Hour},
		{"3_5", 120 * time.Hour}, {"5_7", 168 * time.Hour}, {"gt7", 1 << 62}}
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
		label := k.s("reports.bucket." + bk.key)
		labels, values = append(labels, label), append(values, float64(n))
		rep.Rows = append(rep.Rows, []string{k.s("reports.verify_row", "bucket", label), k.nf.n(n)})
	}
	rep.Summary = k.s("reports.verify_summary", "n", k.nf.n(len(ds)), "median", k.hours(med), "p90", k.hours(p90))
	if len(ds) == 0 { // a median of 0.0 hours would read as instant
		rep.Summary = k.s("reports.verify_none")
	}
	rep.Chart = hbarChart(k.nf, "ch-verify", k.s("reports.verify_chart", "title", rep.Title), k.s("reports.no_data"), labels, values, 0, "")
	return rep
}

func (k reportKit) counted(name, title, col string, cs []counted) report {
	rep := report{Name: name, Title: title, Header: k.header(col, "count")}
	var labels []string
	var values []float64
	total := 0
	for _, c := range cs {
		rep.Rows = append(rep.Rows, []string{c.Label, k.nf.n(c.N)})
		labels, values = append(labels, c.Label), append(values, float64(c.N))
		total += c.N
	}
	rep.Chart = hbarChart(k.nf, "ch-"+name, title, k.s("reports.no_data"), labels, values, 0, "")
	rep.Summary = k.s("reports.total", "n", k.nf.n(total))
	return rep
}

// rejections counts rejected documents by the reason the agent chose,
// whatever language the vendor was told it in and whatever the agent
// added; a reason only written by the agent counts as "another reason".
// (A rejection is stored as the vendor read it: the reason's sentence in
// their language, then the agent's words.)
func (k reportKit) rejections(rr *reportRows) report {
	m := map[string]int{}
	for _, c := range rr.rejectedByReason() {
		m[k.reasonLabel(c.Label)] += c.N
	}
	return k.counted("rejections", k.s("reports.rejections_title"), "reason", sortCounts(m))
}

// reasonLabel is the name, in the reader's language, of the reason a
// stored rejection text gave.
func (k reportKit) reasonLabel(stored string) string {
	if strings.TrimSpace(stored) == "" {
		return k.s("reports.no_reason")
	}
	best, code := 0, ""
	for c, texts := range k.reasons {
		for _, t := range texts {
			if len(t) > best && strings.HasPrefix(stored, t) {
				best, code = len(t), c
			}
		}
	}
	if code == "" {
		return k.s("reports.reason_other")
	}
	return k.s("reason." + code)
}

func (k reportKit) calls(rr *reportRows) report {
	cs := rr.callOutcomes()
	for i := range cs {
		cs[i].Label = k.s("reports.call." + cs[i].Label)
	}
	return k.counted("calls", k.s("reports.calls_title"), "outcome", cs)
}

func (k reportKit) survey(rr *reportRows) report {
	qs, n := rr.surveyAverages()
	rep := report{Name: "survey", Title: k.s("reports.survey_title"),
		Header: k.header("question", "label", "section", "answers", "average")}
	var ls []string
	var vs []float64
	for i, q := range qs {
		section := k.s("reports.section.service")
		if i >= 6 {
			section = k.s("reports.section.problem")
		}
		rep.Rows = append(rep.Rows, []string{k.nf.n(i + 1), k.labels[i], section, k.nf.n(q.N), k.avg(q)})
		ls, vs = append(ls, fmt.Sprintf("Q%d %s", i+1, k.labels[i])), append(vs, roundTo(q.value()))
	}
	rep.Summary = k.s("reports.survey_summary", "n", k.nf.n(n))
	if n == 0 {
		ls, vs = nil, nil
	}
	rep.Chart = hbarChart(k.nf, "ch-survey", rep.Title, k.s("reports.no_data"), ls, vs, 4, "")
	return rep
}

func (k reportKit) surveyTrend(rr *reportRows) report {
	weeks := rr.surveyTrend()
	rep := report{Name: "survey-trend", Title: k.s("reports.trend_title"),
		Header: k.header("week_start", "surveys", "service_avg", "problem_avg", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8")}
	var cats []string
	svc, prob := series{Name: k.s("survey.section_service")}, series{Name: k.s("survey.section_problem")}
	for _, w := range weeks {
		row := []string{w.Week.Format(time.DateOnly), k.nf.n(w.Surveys), k.avg(w.Service), k.avg(w.Problem)}
		for _, q := range w.Q {
			row = append(row, k.avg(q))
		}
		rep.Rows = append(rep.Rows, row)
		cats = append(cats, k.s("reports.week", "day", k.day(w.Week)))
		svc.Values, prob.Values = append(svc.Values, roundTo(w.Service.value())), append(prob.Values, roundTo(w.Problem.value()))
	}
	rep.Chart = vbarChart(k.nf, "ch-survey-trend", rep.Title, cats, []series{svc, prob}, false, 4)
	rep.Summary = k.s("reports.weeks_monday")
	return rep
}

func (k reportKit) workload(rr *reportRows) report {
	rep := report{Name: "workload", Title: k.s("reports.workload_title"),
		Header: k.header("agent", "replies", "status_changes", "tickets_assigned", "documents_reviewed")}
	var cats []string
	rs, sc, as := series{Name: k.s("reports.replies")}, series{Name: k.s("reports.status_changes")}, series{Name: k.s("reports.assigned")}
	rv := series{Name: k.s("reports.reviewed")}
	for _, l := range rr.workload() {
		rep.Rows = append(rep.Rows, []string{l.Name, k.nf.n(l.Replies), k.nf.n(l.StatusChanges), k.nf.n(l.Assigned), k.nf.n(l.Reviewed)})
		cats = append(cats, clip(l.Name, 14))
		rs.Values, sc.Values, as.Values = append(rs.Values, float64(l.Replies)), append(sc.Values, float64(l.StatusChanges)), append(as.Values, float64(l.Assigned))
		rv.Values = append(rv.Values, float64(l.Reviewed))
	}
	rep.Chart = vbarChart(k.nf, "ch-workload", rep.Title, cats, []series{rs, sc, as, rv}, false, 0)
	rep.Summary = k.s("reports.workload_summary", "n", k.nf.n(len(rep.Rows)))
	return rep
}

// share is part of total as a whole percentage ("" when total is 0).
func share(part, total int) string {
	if total == 0 {
		return ""
	}
	return strconv.Itoa(int(float64(part)*100/float64(total) + 0.5))
}

func (k reportKit) botQuestions(rr *reportRows) report {
	rep := report{Name: "bot-answers", Title: k.s("reports.bot_title"),
		Header: k.header("week_start", "questions", "answered_by_bot", "not_answered", "answered_pct")}
	var cats []string
	yes, no := series{Name: k.s("reports.bot_answered")}, series{Name: k.s("reports.bot_unanswered")}
	var all, answered int
	for _, w := range rr.botQuestionsPerWeek() {
		n := w.Answered + w.Unanswer
		all, answered = all+n, answered+w.Answered
		rep.Rows = append(rep.Rows, []string{w.Week.Format(time.DateOnly), k.nf.n(n), k.nf.n(w.Answered),
			k.nf.n(w.Unanswer), share(w.Answered, n)})
		cats = append(cats, k.s("reports.week", "day", k.day(w.Week)))
		yes.Values, no.Values = append(yes.Values, float64(w.Answered)), append(no.Values, float64(w.Unanswer))
	}
	rep.Chart = vbarChart(k.nf, "ch-bot-answers", rep.Title, cats, []series{yes, no}, true, 0)
	rep.Summary = k.s("reports.bot_none")
	if all > 0 {
		rep.Summary = k.s("reports.bot_summary", "n", k.nf.n(all), "answered", k.nf.n(answered), "pct", share(answered, all))
	}
	return rep
}

func (c *Console) reportsPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	from, to, err := c.reportRange(r)
	if loket.ErrorCode(err) == loket.EInvalid {
		// The dates as chosen, with why they cannot be shown, on the page
		// where they are changed (it was an error page leading to the inbox).
		c.render(w, r, http.StatusBadRequest, "reports", a, map[string]any{
			"From": r.URL.Query().Get("from"), "To": r.URL.Query().Get("to"), "Error": c.errText(a.lang(), err),
		})
		return nil
	}
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
		"Query": template.URL(q), "Reports": c.buildReports(a.lang(), numbersIn(a.lang()), rr),
	})
	return nil
}

// reportCSV serves /reports/<name>.csv?from=&to=: the table of one report,
// in the agent's language.
func (c *Console) reportCSV(w http.ResponseWriter, r *http.Request, a *auth) error {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".csv")
	if !ok {
		return userErr(loket.ENotFound, "reports.err_no_report", "name", r.PathValue("file"))
	}
	from, to, err := c.reportRange(r)
	if err != nil {
		return err
	}
	rr, err := c.loadReportRows(r.Context(), from, to)
	if err != nil {
		return err
	}
	for _, rep := range c.buildReports(a.lang(), csvNumbersIn(a.lang()), rr) {
		if rep.Name != name {
			continue
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="loket-%s-%s-%s.csv"`,
			name, from.Format("20060102"), to.AddDate(0, 0, -1).Format("20060102")))
		cw := csv.NewWriter(w)
		cw.Comma = csvComma(a.lang())
		_ = cw.Write(rep.Header)
		_ = cw.WriteAll(rep.Rows)
		return cw.Error()
	}
	return userErr(loket.ENotFound, "reports.err_no_report", "name", name)
}
