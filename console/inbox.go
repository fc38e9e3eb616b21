package console

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"loket"
	"loket/store"
)

// inboxStore is what the inbox uses.
type inboxStore interface {
	agentLister
	ContactByID(ctx context.Context, id int64) (*loket.Contact, error)
	ListTickets(ctx context.Context, f loket.TicketFilter) ([]loket.Ticket, error)
	VendorByID(ctx context.Context, id int64) (*loket.Vendor, error)
}

func asInbox(tx store.Tx) inboxStore { return tx }

// agentLister lists the agents, for their names.
type agentLister interface {
	ListAgents(ctx context.Context) ([]loket.Agent, error)
}

// ticketRow is one line of the inbox.
type ticketRow struct {
	loket.Ticket
	Vendor   string
	Contact  string
	Assignee string
}

// listTickets runs a filter and resolves vendor, contact and assignee names.
func (c *Console) listTickets(ctx context.Context, f loket.TicketFilter) ([]ticketRow, error) {
	var rows []ticketRow
	err := inTx(ctx, c.store, asInbox, func(tx inboxStore) error {
		ts, err := tx.ListTickets(ctx, f)
		if err != nil {
			return fmt.Errorf("list tickets: %w", err)
		}
		agents, err := agentNames(ctx, tx)
		if err != nil {
			return err
		}
		vendors := map[int64]string{}
		for _, t := range ts {
			row := ticketRow{Ticket: t, Assignee: agents[t.AssigneeID]}
			if t.VendorID != 0 {
				name, ok := vendors[t.VendorID]
				if !ok {
					if v, err := tx.VendorByID(ctx, t.VendorID); err == nil {
						name = v.Name
					} else if !errors.Is(err, loket.ErrNotFound) {
						return fmt.Errorf("load vendor %d: %w", t.VendorID, err)
					}
					vendors[t.VendorID] = name
				}
				row.Vendor = name
			}
			if ct, err := tx.ContactByID(ctx, t.ContactID); err == nil {
				row.Contact = ct.Name
			}
			rows = append(rows, row)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("console: inbox: %w", err)
	}
	return rows, nil
}

func agentNames(ctx context.Context, tx agentLister) (map[int64]string, error) {
	ags, err := tx.ListAgents(ctx)
	if err != nil {
		return nil, fmt.Errorf("list agents: %w", err)
	}
	m := make(map[int64]string, len(ags))
	for _, a := range ags {
		m[a.ID] = a.Name
	}
	return m, nil
}

func (c *Console) inbox(w http.ResponseWriter, r *http.Request, a *auth) error {
	q := r.URL.Query()
	f, err := parseFilter(q, a.Agent, c.clock.Now())
	if err != nil {
		return err
	}
	var live string
	if q.Get("q") == "" { // search results do not refresh live
		live = c.pageMark(r, 0) // before the rows (console/events.go)
	}
	rows, err := c.listTickets(r.Context(), f)
	if err != nil {
		return err
	}
	var next string
	if len(rows) == f.Limit {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("before", strconv.FormatInt(rows[len(rows)-1].ID, 10))
		next = "/?" + nq.Encode()
	}
	// A search among the open tickets (the default) that finds nothing
	// offers the same search among all of them: a vendor who calls about
	// a closed ticket was "not found".
	var all string
	if st := q.Get("status"); len(rows) == 0 && q.Get("q") != "" && (st == "" || st == "open") {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("status", "all")
		nq.Del("before")
		all = "/?" + nq.Encode()
	}
	c.render(w, r, http.StatusOK, "inbox", a, map[string]any{
		"Rows": rows, "Q": q, "Next": next, "Paged": f.Before != 0, "AllStatuses": all,
		"Status": q.Get("status"), "Waiting": q.Get("waiting"), "Channel": q.Get("channel"),
		"Assignee": q.Get("assignee"), "Age": q.Get("age"), "Search": q.Get("q"), "Live": live,
	})
	return nil
}
