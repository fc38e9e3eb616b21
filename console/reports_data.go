package console

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"

	"loket"
	"loket/store"
)

// reportsStore is what the reports use.
type reportsStore interface {
	Appointments(ctx context.Context, from, to time.Time) ([]loket.Appointment, error)
	BotQuestionsBetween(ctx context.Context, from, to time.Time) ([]loket.BotQuestion, error)
	ListAgents(ctx context.Context) ([]loket.Agent, error)
	ReportActivities(ctx context.Context, from, to time.Time) ([]store.ReportActivity, error)
	ReportDocuments(ctx context.Context, from, to time.Time) ([]loket.Document, error)
	ReportSurveys(ctx context.Context, from, to time.Time) ([]loket.Survey, error)
	ReportTickets(ctx context.Context, from, to time.Time) ([]loket.Ticket, error)
}

func asReports(tx store.Tx) reportsStore { return tx }

// reportRows are the raw rows of one date range; the reports are
// computed from them in Go, so both databases give the same figures.
type reportRows struct {
	from, to   time.Time // [from, to): midnights in the office time zone
	tickets    []loket.Ticket
	acts       []store.ReportActivity
	docs       []loket.Document
	appts      []loket.Appointment
	surveys    []loket.Survey
	questions  []loket.BotQuestion // asked of the bot, without texts
	agents     []loket.Agent
	loc        *time.Location
	reportDays []time.Time
}

func (c *Console) loadReportRows(ctx context.Context, from, to time.Time) (*reportRows, error) {
	rr := &reportRows{from: from, to: to, loc: c.cfg.Location}
	err := inTx(ctx, c.store, asReports, func(tx reportsStore) error {
		var err error
		if rr.tickets, err = tx.ReportTickets(ctx, from, to); err != nil {
			return err
		}
		if rr.acts, err = tx.ReportActivities(ctx, from, to); err != nil {
			return err
		}
		if rr.docs, err = tx.ReportDocuments(ctx, from, to); err != nil {
			return err
		}
		if rr.appts, err = tx.Appointments(ctx, from, to); err != nil {
			return err
		}
		if rr.surveys, err = tx.ReportSurveys(ctx, from, to); err != nil {
			return err
		}
		if rr.questions, err = tx.BotQuestionsBetween(ctx, from, to); err != nil {
			return err
		}
		rr.agents, err = tx.ListAgents(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("console: report rows: %w", err)
	}
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		rr.reportDays = append(rr.reportDays, d)
	}
	return rr, nil
}

var reportChannels = []loket.Channel{loket.ChannelTelegram, loket.ChannelWhatsApp, loket.ChannelWebChat}

// dayCounts is tickets opened and closed on one day, per channel (in
// reportChannels order).
type dayCounts struct {
	Day            time.Time
	Opened, Closed [3]int
}

func (d dayCounts) total(v [3]int) int { return v[0] + v[1] + v[2] }

func channelIndex(ch loket.Channel) int {
	if i := slices.Index(reportChannels, ch); i >= 0 {
		return i
	}
	return 2 // unknown channels count as web chat
}

// ticketsPerDay counts tickets opened and closed per office day.
func (rr *reportRows) ticketsPerDay() []dayCounts {
	out := make([]dayCounts, len(rr.reportDays))
	idx := map[string]int{}
	for i, d := range rr.reportDays {
		out[i].Day = d
		idx[d.Format(time.DateOnly)] = i
	}
	in := func(t time.Time) (int, bool) {
		if t.IsZero() || t.Before(rr.from) || !t.Before(rr.to) {
			return 0, false
		}
		i, ok := idx[t.In(rr.loc).Format(time.DateOnly)]
		return i, ok
	}
	for _, t := range rr.tickets {
		ch := channelIndex(t.Channel)
		if i, ok := in(t.CreatedAt); ok {
			out[i].Opened[ch]++
		}
		if i, ok := in(t.ClosedAt); ok && t.Status == loket.StatusClosed {
			out[i].Closed[ch]++
		}
	}
	return out
}

// statusMeta is the detail of a status activity.
type statusMeta struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// verifyDurations returns, per ticket verified in the range (the first
// time), the time from its creation to verified, in ascending order.
func (rr *reportRows) verifyDurations() []time.Duration {
	seen := map[int64]bool{}
	var out []time.Duration
	for _, a := range rr.acts {
		if a.Kind != loket.ActStatus || seen[a.TicketID] {
			continue
		}
		var m statusMeta
		if json.Unmarshal(a.Meta, &m) != nil || m.To != string(loket.StatusVerified) {
			continue
		}
		seen[a.TicketID] = true
		out = append(out, a.CreatedAt.Sub(a.TicketCreatedAt))
	}
	slices.Sort(out)
	return out
}

// median of sorted durations: the middle one, or the mean of the two
// middle ones; 0 when empty.
func median(d []time.Duration) time.Duration {
	n := len(d)
	switch {
	case n == 0:
		return 0
	case n%2 == 1:
		return d[n/2]
	}
	return (d[n/2-1] + d[n/2]) / 2
}

// percentile of sorted durations by the nearest-rank method: the
// smallest value with at least p% of the values at or below it.
func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(d))))
	return d[max(rank, 1)-1]
}

// counted is a label with a count.
type counted struct {
	Label string
	N     int
}

// rejectedByReason counts documents rejected in the range by reason, most
// frequent first.
func (rr *reportRows) rejectedByReason() []counted {
	m := map[string]int{}
	for _, d := range rr.docs {
		if d.Status != loket.DocRejected {
			continue
		}
		m[d.RejectReason]++ // "" = no reason given
	}
	return sortCounts(m)
}

func sortCounts(m map[string]int) []counted {
	out := make([]counted, 0, len(m))
	for k, n := range m {
		out = append(out, counted{k, n})
	}
	slices.SortFunc(out, func(a, b counted) int {
		if a.N != b.N {
			return b.N - a.N
		}
		if a.Label < b.Label {
			return -1
		}
		return 1
	})
	return out
}

// callOutcomes counts verification calls starting in the range by outcome
// (Label is the outcome's key: held, no_show, cancelled, booked).
func (rr *reportRows) callOutcomes() []counted {
	order := []struct {
		label string
		st    []loket.AppointmentStatus
	}{
		{"held", []loket.AppointmentStatus{loket.ApptDone, loket.ApptFollowUp}},
		{"no_show", []loket.AppointmentStatus{loket.ApptNoShow}},
		{"cancelled", []loket.AppointmentStatus{loket.ApptCancelled}},
		{"booked", []loket.AppointmentStatus{loket.ApptBooked}},
	}
	out := make([]counted, len(order))
	for i, o := range order {
		out[i].Label = o.label
		for _, a := range rr.appts {
			if slices.Contains(o.st, a.Status) {
				out[i].N++
			}
		}
	}
	return out
}

// avg is an average over N answers.
type avg struct {
	Sum, N int
}

func (a avg) value() float64 {
	if a.N == 0 {
		return 0
	}
	return float64(a.Sum) / float64(a.N)
}

func (a *avg) add(v int) {
	if v > 0 {
		a.Sum, a.N = a.Sum+v, a.N+1
	}
}

// surveyWeek is the survey answers of one week (Monday to Sunday).
type surveyWeek struct {
	Week             time.Time
	Surveys          int
	Service, Problem avg
	Q                [loket.SurveyAnswers]avg
}

// surveyAverages returns the average per question over the range.
func (rr *reportRows) surveyAverages() (q [loket.SurveyAnswers]avg, n int) {
	for _, s := range rr.surveys {
		n++
		for i, a := range s.Answers {
			q[i].add(a)
		}
	}
	return q, n
}

// weeks lists the office weeks (starting on Monday) of the report's
// range, oldest first, and indexes them by their first day.
func (rr *reportRows) weeks() ([]time.Time, map[string]int) {
	var out []time.Time
	idx := map[string]int{}
	for _, d := range rr.reportDays {
		w := weekStart(d)
		if _, ok := idx[w.Format(time.DateOnly)]; !ok {
			idx[w.Format(time.DateOnly)] = len(out)
			out = append(out, w)
		}
	}
	return out, idx
}

// surveyTrend groups completed surveys by office week (weeks start on
// Monday), oldest first, every week of the range listed.
func (rr *reportRows) surveyTrend() []surveyWeek {
	weeks, idx := rr.weeks()
	out := make([]surveyWeek, len(weeks))
	for i, w := range weeks {
		out[i].Week = w
	}
	for _, s := range rr.surveys {
		i, ok := idx[weekStart(s.CompletedAt.In(rr.loc)).Format(time.DateOnly)]
		if !ok {
			continue
		}
		w := &out[i]
		w.Surveys++
		for q, a := range s.Answers {
			w.Q[q].add(a)
			if q < 6 {
				w.Service.add(a)
			} else {
				w.Problem.add(a)
			}
		}
	}
	return out
}

// weekStart is the Monday midnight of t's week, in t's location.
func weekStart(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	back := (int(d.Weekday()) + 6) % 7
	return d.AddDate(0, 0, -back)
}

// agentLoad is one agent's work in the range.
type agentLoad struct {
	Name                                       string
	Replies, StatusChanges, Assigned, Reviewed int
}

func (l agentLoad) total() int { return l.Replies + l.StatusChanges + l.Assigned + l.Reviewed }

// written reports whether an agent's outgoing message is one they wrote,
// not the notice their action sent (a status change, a document
// decision: counted as that action).
func written(a loket.Activity) bool {
	var m struct {
		Kind loket.OutboundKind `json:"kind"`
	}
	if len(a.Meta) == 0 || json.Unmarshal(a.Meta, &m) != nil {
		return true // written before messages carried their kind
	}
	return m.Kind == loket.KindReply || m.Kind == loket.KindAgentReply
}

// workload counts, per agent, replies written (see written), status
// changes made, tickets assigned to them (by anyone) and documents they
// reviewed, in the range.
func (rr *reportRows) workload() []agentLoad {
	byID := map[int64]*agentLoad{}
	var out []*agentLoad
	for _, ag := range rr.agents {
		l := &agentLoad{Name: ag.Name}
		byID[ag.ID] = l
		out = append(out, l)
	}
	for _, a := range rr.acts {
		switch {
		case a.Kind == loket.ActMessageOut && a.Actor == loket.ActorAgent && byID[a.AgentID] != nil && written(a.Activity):
			byID[a.AgentID].Replies++
		case a.Kind == loket.ActStatus && a.Actor == loket.ActorAgent && byID[a.AgentID] != nil:
			byID[a.AgentID].StatusChanges++
		case a.Kind == loket.ActAssignment:
			var m struct {
				To int64 `json:"to"`
			}
			if json.Unmarshal(a.Meta, &m) == nil && byID[m.To] != nil {
				byID[m.To].Assigned++
			}
		}
	}
	for _, d := range rr.docs { // reviewed in the range, by an agent (not the automatic checks)
		if (d.Status == loket.DocAccepted || d.Status == loket.DocRejected) && byID[d.ReviewedBy] != nil {
			byID[d.ReviewedBy].Reviewed++
		}
	}
	res := make([]agentLoad, 0, len(out))
	for _, l := range out {
		if l.total() > 0 {
			res = append(res, *l)
		}
	}
	slices.SortStableFunc(res, func(a, b agentLoad) int {
		return b.total() - a.total()
	})
	return res
}

// questionWeek is what vendors asked the bot in one week.
type questionWeek struct {
	Week               time.Time
	Answered, Unanswer int
}

// botQuestionsPerWeek counts questions answered and not answered per week
// (weeks start on Monday, office time zone).
func (rr *reportRows) botQuestionsPerWeek() []questionWeek {
	weeks, idx := rr.weeks()
	out := make([]questionWeek, len(weeks))
	for i, w := range weeks {
		out[i].Week = w
	}
	for _, q := range rr.questions {
		i, ok := idx[weekStart(q.CreatedAt.In(rr.loc)).Format(time.DateOnly)]
		if !ok {
			continue
		}
		if q.Outcome == loket.QuestionAnswered {
			out[i].Answered++
		} else {
			out[i].Unanswer++
		}
	}
	return out
}
