package console

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"loket"
)

// Inbox filter presets.
var (
	waitingOnUs     = []loket.TicketStatus{loket.StatusNew, loket.StatusInReview}
	waitingOnVendor = []loket.TicketStatus{loket.StatusWaitingDocuments, loket.StatusNeedsFix, loket.StatusCallScheduled}
	ages            = map[string]time.Duration{"1d": 24 * time.Hour, "3d": 72 * time.Hour, "7d": 7 * 24 * time.Hour, "30d": 30 * 24 * time.Hour}
)

// maxSearch bounds a search (in characters): longer ones are refused with
// a message instead of reaching the database (SQLite refuses LIKE patterns
// over 50,000 bytes).
const maxSearch = 2000

// parseFilter reads the inbox filters, shared by the console and the API:
//
//	status   one or more statuses, "open" (default) or "all"
//	waiting  "us" (new, in review) or "vendor" (waiting documents, needs fix, call scheduled)
//	channel  telegram | whatsapp | webchat
//	assignee "mine", "unassigned" or an agent id
//	age      1d | 3d | 7d | 30d: created longer ago than that
//	q        ticket number, NPWP, vendor name or phone
//	before   keyset cursor (the last ticket id of the previous page)
//	limit    1–200, default 50
func parseFilter(q url.Values, me *loket.Agent, now time.Time) (loket.TicketFilter, error) {
	var f loket.TicketFilter
	switch st := q["status"]; {
	case len(st) == 0 || st[0] == "" || st[0] == "open":
		for _, s := range loket.TicketStatuses {
			if s.Open() {
				f.Statuses = append(f.Statuses, s)
			}
		}
	case st[0] == "all":
	default:
		for _, s := range st {
			for _, one := range strings.Split(s, ",") {
				ts := loket.TicketStatus(strings.TrimSpace(one))
				if !ts.Valid() {
					return f, userErr(loket.EInvalid, "inbox.err_status", "value", one)
				}
				f.Statuses = append(f.Statuses, ts)
			}
		}
	}
	switch w := q.Get("waiting"); w {
	case "":
	case "us":
		f.Statuses = intersect(f.Statuses, waitingOnUs)
	case "vendor":
		f.Statuses = intersect(f.Statuses, waitingOnVendor)
	default:
		return f, userErr(loket.EInvalid, "inbox.err_waiting")
	}
	if ch := loket.Channel(q.Get("channel")); ch != "" {
		if !ch.Valid() {
			return f, userErr(loket.EInvalid, "inbox.err_channel", "value", ch)
		}
		f.Channel = ch
	}
	switch as := q.Get("assignee"); as {
	case "", "any":
	case "mine":
		f.AssigneeID = me.ID
	case "unassigned":
		f.AssigneeID = -1
	default:
		id, err := strconv.ParseInt(as, 10, 64)
		if err != nil || id <= 0 {
			return f, userErr(loket.EInvalid, "inbox.err_assignee")
		}
		f.AssigneeID = id
	}
	if age := q.Get("age"); age != "" {
		d, ok := ages[age]
		if !ok {
			return f, userErr(loket.EInvalid, "inbox.err_age")
		}
		f.OlderThan = now.Add(-d)
	}
	if utf8.RuneCountInString(q.Get("q")) > maxSearch {
		return f, userErr(loket.EInvalid, "inbox.err_search_long", "max", maxSearch)
	}
	f.Query = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(q.Get("q")), "#"))
	var err error
	if f.Before, err = optInt(q.Get("before")); err != nil {
		return f, userErr(loket.EInvalid, "inbox.err_before")
	}
	f.Limit = 50
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 200 {
			return f, userErr(loket.EInvalid, "inbox.err_limit", "min", 1, "max", 200)
		}
		f.Limit = n
	}
	return f, nil
}

// intersect keeps the statuses of a that are in b; an empty a means all.
func intersect(a, b []loket.TicketStatus) []loket.TicketStatus {
	if len(a) == 0 {
		return b
	}
	var out []loket.TicketStatus
	for _, s := range a {
		for _, t := range b {
			if s == t {
				out = append(out, s)
			}
		}
	}
	if len(out) == 0 {
		return []loket.TicketStatus{"none"} // matches nothing, rather than everything
	}
	return out
}

func optInt(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, loket.ErrInvalid
	}
	return n, nil
}
