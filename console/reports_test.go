package console

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"loket/internal/testkit"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket"
	"loket/store/memory"
	"loket/store/postgres"
	"loket/store/sqlite"
	"loket/store/storetest"
)

var jkt = func() *time.Location { l, _ := time.LoadLocation("Asia/Jakarta"); return l }()

func wibAt(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, jkt) }

// seedReports writes known data for 2–10 March 2026 (office time zone),
// plus rows just outside the range. Returns the agents by name.
func seedReports(t *testing.T, ctx context.Context, tx storetest.Tx) map[string]*loket.Agent {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ags := map[string]*loket.Agent{}
	for _, n := range []string{"Ani", "Budi", "Citra"} {
		a := &loket.Agent{Username: strings.ToLower(n), Name: n, Role: loket.RoleAgent, Active: true}
		must(tx.SaveAgent(ctx, a))
		ags[n] = a
	}
	ticket := func(ch loket.Channel, created, closed time.Time) *loket.Ticket {
		tk := &loket.Ticket{Channel: ch, Title: "t", Type: loket.TypeRegistration, Status: loket.StatusNew, CreatedAt: created, UpdatedAt: created}
		must(tx.CreateTicket(ctx, tk))
		if !closed.IsZero() {
			tk.Status, tk.ClosedAt = loket.StatusClosed, closed
			must(tx.UpdateTicket(ctx, tk))
		}
		return tk
	}
	t1 := ticket(loket.ChannelTelegram, wibAt(2, 9), wibAt(4, 10))
	t2 := ticket(loket.ChannelWhatsApp, wibAt(3, 0).Add(30*time.Minute), time.Time{}) // 2 March in UTC, 3 March in WIB
	t3 := ticket(loket.ChannelWebChat, wibAt(3, 10), wibAt(6, 10))
	t4 := ticket(loket.ChannelWhatsApp, wibAt(4, 10), time.Time{})
	ticket(loket.ChannelTelegram, wibAt(1, 10), wibAt(5, 10)) // opened before the range, closed in it
	ticket(loket.ChannelTelegram, wibAt(11, 10), time.Time{}) // after the range
	act := func(tk *loket.Ticket, kind loket.ActivityKind, actor loket.ActorType, ag string, meta string, at time.Time) {
		a := &loket.Activity{TicketID: tk.ID, Kind: kind, Actor: actor, Body: "x", CreatedAt: at}
		if ag != "" {
			a.AgentID = ags[ag].ID
		}
		if meta != "" {
			a.Meta = []byte(meta)
		}
		must(tx.AddActivity(ctx, a))
	}
	verified := `{"from":"call_scheduled","to":"verified"}`
	act(t1, loket.ActStatus, loket.ActorAgent, "Ani", verified, wibAt(2, 21))                    // 12 h
	act(t2, loket.ActStatus, loket.ActorAgent, "Ani", verified, wibAt(5, 0).Add(30*time.Minute)) // 48 h
	act(t3, loket.ActStatus, loket.ActorAgent, "Budi", verified, wibAt(4, 10))                   // 24 h
	act(t4, loket.ActStatus, loket.ActorAgent, "Budi", verified, wibAt(8, 10))                   // 96 h
	act(t4, loket.ActStatus, loket.ActorAgent, "Budi", verified, wibAt(9, 10))                   // second time: ignored
	act(t1, loket.ActStatus, loket.ActorAgent, "Ani", `{"from":"verified","to":"closed"}`, wibAt(4, 10))
	for i := 0; i < 3; i++ {
		act(t1, loket.ActMessageOut, loket.ActorAgent, "Ani", "", wibAt(2, 10+i))
	}
	act(t3, loket.ActMessageOut, loket.ActorAgent, "Budi", `{"kind":"agent_reply"}`, wibAt(3, 11))
	act(t3, loket.ActMessageOut, loket.ActorBot, "", "", wibAt(3, 11))
	// The notices Ani's and Budi's actions sent are not replies they wrote.
	act(t1, loket.ActMessageOut, loket.ActorAgent, "Ani", `{"kind":"status"}`, wibAt(2, 21))
	act(t3, loket.ActMessageOut, loket.ActorAgent, "Budi", `{"kind":"document"}`, wibAt(4, 10))
	act(t1, loket.ActAssignment, loket.ActorAgent, "Budi", fmt.Sprintf(`{"from":0,"to":%d}`, ags["Ani"].ID), wibAt(2, 9))
	act(t2, loket.ActAssignment, loket.ActorAgent, "Budi", fmt.Sprintf(`{"from":0,"to":%d}`, ags["Ani"].ID), wibAt(3, 9))
	act(t3, loket.ActAssignment, loket.ActorAgent, "Ani", fmt.Sprintf(`{"from":0,"to":%d}`, ags["Budi"].ID), wibAt(3, 12))
	act(t3, loket.ActMessageOut, loket.ActorAgent, "Citra", "", wibAt(1, 12)) // before the range
	for i, d := range []struct {
		status loket.DocumentStatus
		reason string
		at     time.Time
	}{
		// Stored as the vendor read them: the reason in their language, then
		// what the agent added; the report counts by reason.
		{loket.DocRejected, "Dokumen tidak terbaca atau buram.", wibAt(2, 11)}, {loket.DocRejected, "Masa berlaku KTP habis.", wibAt(3, 11)},
		{loket.DocRejected, "The document is unreadable or blurred. The photo is too dark.", wibAt(9, 23)},
		{loket.DocAccepted, "", wibAt(4, 11)}, {loket.DocRejected, "Dokumen tidak terbaca atau buram.", wibAt(11, 0)},
	} {
		doc := &loket.Document{TicketID: t1.ID, Requirement: fmt.Sprintf("r%d", i), FileName: "f.pdf"}
		must(tx.AddDocument(ctx, doc))
		doc.Status, doc.RejectReason, doc.ReviewedAt = d.status, d.reason, d.at
		doc.ReviewedBy = ags[[]string{"Ani", "Ani", "Budi", "Citra", "Citra"}[i]].ID // Citra's second is after the range
		must(tx.UpdateDocument(ctx, doc))
	}
	for i, st := range []loket.AppointmentStatus{loket.ApptDone, loket.ApptDone, loket.ApptNoShow, loket.ApptFollowUp, loket.ApptCancelled} {
		a := &loket.Appointment{TicketID: t1.ID, StartsAt: wibAt(3+i, 10), EndsAt: wibAt(3+i, 11)}
		must(tx.BookAppointment(ctx, a, 1))
		a.Status = st
		must(tx.UpdateAppointment(ctx, a))
	}
	for _, s := range []loket.Survey{
		{TicketID: t1.ID, Answers: [8]int{4, 4, 4, 4, 4, 4, 4, 4}, CompletedAt: wibAt(3, 10)},
		{TicketID: t2.ID, Answers: [8]int{2, 3, 4, 1, 2, 3, 4, 1}, CompletedAt: wibAt(5, 10)},
		{TicketID: t3.ID, Answers: [8]int{3, 3, 3, 3, 3, 3, 1, 1}, CompletedAt: wibAt(9, 10)},
		{TicketID: t4.ID, Answers: [8]int{1, 0, 0, 0, 0, 0, 0, 0}}, // not completed
	} {
		s.CreatedAt = wibAt(2, 0)
		must(tx.SaveSurvey(ctx, &s))
	}
	// Questions asked of the bot: 3 of 4 answered in the first week, 1 of 2
	// in the second (an officer request counts as not answered), one the
	// day before the range.
	for _, q := range []struct {
		outcome string
		day     int
	}{{loket.QuestionAnswered, 2}, {loket.QuestionAnswered, 3}, {loket.QuestionUnmatched, 4}, {loket.QuestionAnswered, 8},
		{loket.QuestionAnswered, 9}, {loket.QuestionOfficer, 10}, {loket.QuestionUnmatched, 1}} {
		must(tx.AddBotQuestion(ctx, &loket.BotQuestion{Channel: loket.ChannelWebChat, Outcome: q.outcome, CreatedAt: wibAt(q.day, 11)}))
	}
	return ags
}

// wantReports are the exact CSV tables of the seeded range.
var wantReports = map[string]string{
	"tickets": `date,opened_telegram,opened_whatsapp,opened_webchat,opened_total,closed_telegram,closed_whatsapp,closed_webchat,closed_total
2026-03-02,1,0,0,1,0,0,0,0
2026-03-03,0,1,1,2,0,0,0,0
2026-03-04,0,1,0,1,1,0,0,1
2026-03-05,0,0,0,0,1,0,0,1
2026-03-06,0,0,0,0,0,0,1,1
2026-03-07,0,0,0,0,0,0,0,0
2026-03-08,0,0,0,0,0,0,0,0
2026-03-09,0,0,0,0,0,0,0,0
2026-03-10,0,0,0,0,0,0,0,0
`,
	"verify": `metric,value
tickets_verified,4
median_hours,36.0
p90_hours,96.0
tickets under 1 day,2
tickets 1–2 days,1
tickets 2–3 days,0
tickets 3–5 days,1
tickets 5–7 days,0
tickets over 7 days,0
`,
	"rejections": `reason,count
The document is unreadable or blurred.,2
Another reason (written by the agent),1
`,
	"calls": `outcome,count
Held,3
No-show,1
Cancelled,1
Booked (not yet held),0
`,
	"survey": `question,label,section,answers,average
1,Responsiveness,service,3,3.00
2,Clarity,service,3,3.33
3,Courtesy,service,3,3.67
4,Speed,service,3,2.67
5,Accuracy,service,3,3.00
6,Ease of process,service,3,3.33
7,Problem solved,problem,3,3.00
8,Solution explained,problem,3,2.00
`,
	"survey-trend": `week_start,surveys,service_avg,problem_avg,q1,q2,q3,q4,q5,q6,q7,q8
2026-03-02,2,3.25,3.25,3.00,3.50,4.00,2.50,3.00,3.50,4.00,2.50
2026-03-09,1,3.00,1.00,3.00,3.00,3.00,3.00,3.00,3.00,1.00,1.00
`,
	"workload": `agent,replies,status_changes,tickets_assigned,documents_reviewed
Ani,3,3,2,2
Budi,1,3,1,1
Citra,0,0,0,1
`,
	"bot-answers": `week_start,questions,answered_by_bot,not_answered,answered_pct
2026-03-02,4,3,1,75
2026-03-09,2,1,1,50
`,
}

func csvOf(r report) string {
	var b strings.Builder
	b.WriteString(strings.Join(r.Header, ",") + "\n")
	for _, row := range r.Rows {
		b.WriteString(strings.Join(row, ",") + "\n")
	}
	return b.String()
}

type reportStore interface {
	Store
	Close() error
}

func reportBackends(t *testing.T) map[string]func(t *testing.T) reportStore {
	return map[string]func(t *testing.T) reportStore{
		"sqlite": func(t *testing.T) reportStore {
			s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "r.db"), nil)
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
		"postgres": func(t *testing.T) reportStore {
			s, err := postgres.OpenConfig(context.Background(), pgSchema(t), nil)
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
	}
}

// TestReportNumbers checks every report's numbers on both databases.
func TestReportNumbers(t *testing.T) {
	t.Parallel()
	for name, open := range reportBackends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st := open(t)
			t.Cleanup(func() { st.Close() })
			clock := loket.NewFixedClock(wibAt(10, 12))
			eph := memory.New(clock)
			t.Cleanup(func() { eph.Close() })
			c, err := New(Config{Location: jkt}, Deps{Store: st, Events: eph, Limiter: eph, Clock: clock, Log: slog.New(slog.DiscardHandler)})
			if err != nil {
				t.Fatal(err)
			}
			if err := st.InTx(ctx, func(tx storetest.Tx) error { seedReports(t, ctx, tx); return nil }); err != nil {
				t.Fatal(err)
			}
			rr, err := c.loadReportRows(ctx, wibAt(2, 0), wibAt(11, 0))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, rep := range c.buildReports(loket.LangEN, csvNumbersIn(loket.LangEN), rr) {
				got[rep.Name] = true
				if want, ok := wantReports[rep.Name]; !ok || csvOf(rep) != want {
					t.Errorf("report %s:\n%s\nwant:\n%s", rep.Name, csvOf(rep), want)
				}
				if !strings.Contains(string(rep.Chart), "<title id=") || !strings.HasPrefix(string(rep.Chart), "<svg") {
					t.Errorf("report %s: chart lacks an accessible title: %.200s", rep.Name, rep.Chart)
				}
			}
			if len(got) != len(wantReports) {
				t.Errorf("reports = %v; want %d", got, len(wantReports))
			}
		})
	}
}

func TestMedianPercentile(t *testing.T) {
	t.Parallel()
	h := time.Hour
	for _, c := range []struct {
		in       []time.Duration
		med, p90 time.Duration
	}{
		{nil, 0, 0},
		{[]time.Duration{5 * h}, 5 * h, 5 * h},
		{[]time.Duration{1 * h, 3 * h}, 2 * h, 3 * h},
		{[]time.Duration{1 * h, 2 * h, 3 * h, 4 * h, 5 * h, 6 * h, 7 * h, 8 * h, 9 * h, 10 * h}, 5*h + 30*time.Minute, 9 * h},
		{[]time.Duration{1 * h, 2 * h, 3 * h, 4 * h, 5 * h, 6 * h, 7 * h, 8 * h, 9 * h, 10 * h, 11 * h}, 6 * h, 10 * h},
	} {
		if m, p := median(c.in), percentile(c.in, 90); m != c.med || p != c.p90 {
			t.Errorf("%v: median %v p90 %v; want %v %v", c.in, m, p, c.med, c.p90)
		}
	}
}

// TestReportsPage checks the page and a CSV over HTTP, and who may see them.
func TestReportsPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.tx(func(tx storetest.Tx) error { seedReports(t, context.Background(), tx); return nil })
	sup := e.login(loket.RoleSupervisor)
	res, body := sup.get("/reports?from=2026-03-02&to=2026-03-10")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("reports page: %d", res.StatusCode)
	}
	for _, s := range []string{"<svg", `role="img"`, "Tickets opened and closed per day", "median 36.0 h, 90th percentile 96.0 h",
		`/reports/tickets.csv?from=2026-03-02&amp;to=2026-03-10`, "Workload per agent", "Responsiveness"} {
		if !strings.Contains(body, s) {
			t.Errorf("reports page lacks %q", s)
		}
	}
	res, body = sup.get("/reports/rejections.csv?from=2026-03-02&to=2026-03-10")
	if res.StatusCode != http.StatusOK || body != wantReports["rejections"] || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("rejections.csv: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	if res, _ := sup.get("/reports/nope.csv"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown report: %d; want 404", res.StatusCode)
	}
	if res, _ := sup.get("/reports?from=2026-03-10&to=2026-03-02"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("reversed range: %d; want 400", res.StatusCode)
	}
	res, body = sup.get("/reports") // default: the last 30 days up to today (2 March 2026 in Jakarta)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `value="2026-02-01"`) || !strings.Contains(body, `value="2026-03-02"`) {
		t.Errorf("default range: %d", res.StatusCode)
	}
	agent := e.login(loket.RoleAgent)
	for _, p := range []string{"/reports", "/reports/tickets.csv"} {
		if res, _ := agent.get(p); res.StatusCode != http.StatusForbidden {
			t.Errorf("agent GET %s: %d; want 403", p, res.StatusCode)
		}
	}
}

// pgSchema is a fresh PostgreSQL schema for one test, dropped afterwards.
func pgSchema(t *testing.T) *pgxpool.Config {
	t.Helper()
	url := testkit.PostgresURL(t, "reports")
	if url == "" {
		t.Skip("LOKET_TEST_DATABASE_URL is not set: skipping the PostgreSQL report test")
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestCountChartsHaveWholeGridLines: the grid of a chart of counts is
// labelled with whole numbers (3 tickets at most labelled the middle line
// 1.50, and a single ticket 0.50); averages keep their decimals.
func TestCountChartsHaveWholeGridLines(t *testing.T) {
	t.Parallel()
	grid := func(svg string) []string {
		var out []string
		for _, part := range strings.Split(svg, `font-size="11">`)[1:] {
			out = append(out, part[:strings.Index(part, "<")])
		}
		return out
	}
	for _, tc := range []struct {
		values []float64
		want   string
	}{
		{[]float64{3, 1}, "0 2 4"},
		{[]float64{1, 0}, "0 1 2"},
		{[]float64{4, 2}, "0 2 4"},
		{[]float64{0, 0}, "0 1 2"},
	} {
		svg := string(vbarChart(numbersIn(loket.LangEN), "c", "t", []string{"a", "b"}, []series{{Name: "n", Values: tc.values}}, false, 0))
		if got := strings.Join(grid(svg), " "); got != tc.want {
			t.Errorf("counts %v: grid %q, want %q", tc.values, got, tc.want)
		}
	}
	svg := string(vbarChart(numbersIn(loket.LangEN), "c", "t", []string{"a"}, []series{{Name: "avg", Values: []float64{3.25}}}, false, 4))
	if got := strings.Join(grid(svg), " "); got != "0 2 4" {
		t.Errorf("survey averages: grid %q", got)
	}
	svg = string(vbarChart(numbersIn(loket.LangEN), "c", "t", []string{"a"}, []series{{Name: "avg", Values: []float64{2.5}}}, false, 0))
	if got := strings.Join(grid(svg), " "); got != "0 1.25 2.50" {
		t.Errorf("an average without a scale: grid %q", got)
	}
}

// TestReportsRangeRefusedOnThePage: dates the reports cannot show (the
// end before the start, more than a year) are refused on the reports
// page with the dates as chosen, to correct them there; it was an error
// page whose only link led to the inbox.
func TestReportsRangeRefusedOnThePage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sup := e.login(loket.RoleSupervisor)
	for q, want := range map[string]string{
		"from=2026-03-10&to=2026-03-02": "must not be after",
		"from=2024-01-01&to=2026-03-02": "at most 366 days",
	} {
		res, body := sup.get("/reports?" + q)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="reports-error"`) || !strings.Contains(body, want) {
			t.Errorf("%s: %d, or not refused on the reports page", q, res.StatusCode)
		}
		from, to, _ := strings.Cut(q, "&")
		for _, v := range []string{from, to} {
			name, value, _ := strings.Cut(v, "=")
			if !strings.Contains(body, `name="`+name+`" value="`+value+`"`) {
				t.Errorf("%s: the form lost %s", q, v)
			}
		}
	}
}

// TestReportsNumbersInTheReadersLanguage: Indonesian reports write a
// decimal comma and group thousands with a dot (36,0 jam; 3,33), English
// ones the other way round; an Indonesian CSV separates fields with ";"
// so a spreadsheet set to Indonesian reads the decimal commas as numbers.
func TestReportsNumbersInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lang                 loket.Lang
		n, fixed, neg, chart string
		page                 []string
		csvLine, csvNot      string
	}{
		{loket.LangID, "1.234.567", "1.234,50", "-0,50", "3,33",
			[]string{"median 36,0 jam, persentil ke-90 96,0 jam", "<td>3,33</td>", "Q2 Kejelasan informasi: 3,33"},
			"2;Kejelasan informasi;layanan;3;3,33", "3.33"},
		{loket.LangEN, "1,234,567", "1,234.50", "-0.50", "3.33",
			[]string{"median 36.0 h, 90th percentile 96.0 h", "<td>3.33</td>", "Q2 Clarity: 3.33"},
			"2,Clarity,service,3,3.33", "3,33"},
	} {
		nf := numbersIn(tc.lang)
		if got := nf.int(1234567); got != tc.n {
			t.Errorf("%s: 1234567 written %q, want %q", tc.lang, got, tc.n)
		}
		if got := nf.fixed(1234.5, 2); got != tc.fixed {
			t.Errorf("%s: 1234.5 written %q, want %q", tc.lang, got, tc.fixed)
		}
		if got := nf.fixed(-0.5, 2); got != tc.neg {
			t.Errorf("%s: -0.5 written %q, want %q", tc.lang, got, tc.neg)
		}
		if got := nf.num(3.33); got != tc.chart {
			t.Errorf("%s: chart value %q, want %q", tc.lang, got, tc.chart)
		}
		if got := csvNumbersIn(tc.lang).int(1234567); got != "1234567" {
			t.Errorf("%s: a CSV groups thousands: %q", tc.lang, got)
		}

		e := newEnv(t)
		e.tx(func(tx storetest.Tx) error { seedReports(t, context.Background(), tx); return nil })
		e.setAgentLang(loket.RoleSupervisor, tc.lang)
		sup := e.login(loket.RoleSupervisor)
		_, body := sup.get("/reports?from=2026-03-02&to=2026-03-10")
		for _, s := range tc.page {
			if !strings.Contains(body, s) {
				t.Errorf("%s reports page lacks %q", tc.lang, s)
			}
		}
		res, csv := sup.get("/reports/survey.csv?from=2026-03-02&to=2026-03-10")
		if res.StatusCode != http.StatusOK || !strings.Contains(csv, tc.csvLine+"\n") || strings.Contains(csv, tc.csvNot) {
			t.Errorf("%s survey.csv: %d\n%s\nwant the line %q", tc.lang, res.StatusCode, csv, tc.csvLine)
		}
	}
}

// TestReportsReadWell: what a supervisor found reading the reports. A
// long rejection reason ran off the chart's left edge; two long legend
// names overlapped; a range without a verified ticket read "median 0,0
// jam", as if verification were instant.
func TestReportsReadWell(t *testing.T) {
	t.Parallel()
	nf := numbersIn(loket.LangID)
	long := "Nama atau NPWP pada dokumen tidak sesuai dengan data pendaftaran."
	svg := string(hbarChart(nf, "c", "t", "-", []string{long}, []float64{3}, 0, ""))
	shown := svg[strings.Index(svg, `text-anchor="end" fill="#222">`)+len(`text-anchor="end" fill="#222">`):]
	shown = shown[:strings.Index(shown, "<")]
	if n := len([]rune(shown)); n > 29 || !strings.HasSuffix(shown, "…") {
		t.Errorf("a long bar label is shown as %q (%d characters); want it cut to 29", shown, n)
	}
	svg = string(vbarChart(nf, "c", "t", []string{"a"}, []series{{Name: "Penanganan layanan", Values: []float64{3}}, {Name: "Penanganan masalah", Values: []float64{2}}}, false, 4))
	xs := regexp.MustCompile(`<rect x="(\d+)" y="6"`).FindAllStringSubmatch(svg, -1)
	if len(xs) != 2 {
		t.Fatalf("legend: %v", xs)
	}
	a, _ := strconv.Atoi(xs[0][1])
	b, _ := strconv.Atoi(xs[1][1])
	if b-a < 16+8*len("Penanganan layanan") {
		t.Errorf("the second legend entry starts %d px after the first, inside its name", b-a)
	}

	e := newEnv(t)
	e.setAgentLang(loket.RoleSupervisor, loket.LangID)
	_, body := e.login(loket.RoleSupervisor).get("/reports?from=2025-01-01&to=2025-01-31")
	if !strings.Contains(body, "Belum ada tiket yang terverifikasi dalam periode ini.") || strings.Contains(body, "median 0,0") {
		t.Errorf("a range without verified tickets does not say so")
	}
}
