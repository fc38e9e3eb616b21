package console

import (
	"fmt"
	"net/http"
	"strconv"

	"loket"
)

// backToTicket answers a form post with a redirect to the ticket page.
func backToTicket(w http.ResponseWriter, r *http.Request, number int64, done string) {
	http.Redirect(w, r, fmt.Sprintf("/tickets/%d?done=%s#compose", number, done), http.StatusSeeOther)
}

// ticketForm turns an action on ticket {number} into a form handler that
// redirects back to the ticket page, saying what was done.
func ticketForm(done string, act func(r *http.Request, a *auth, number int64) error) func(http.ResponseWriter, *http.Request, *auth) error {
	return func(w http.ResponseWriter, r *http.Request, a *auth) error {
		n, err := pathInt(r, "number")
		if err != nil {
			return err
		}
		if err := act(r, a, n); err != nil {
			return err
		}
		backToTicket(w, r, n, done)
		return nil
	}
}

func (c *Console) formReply(r *http.Request, a *auth, n int64) error {
	return c.reply(r.Context(), a, n, r.PostFormValue("text"))
}

func (c *Console) formNote(r *http.Request, a *auth, n int64) error {
	return c.note(r.Context(), a, n, r.PostFormValue("text"))
}

func (c *Console) formAssign(r *http.Request, a *auth, n int64) error {
	var id int64
	switch v := r.PostFormValue("assignee"); v {
	case "me":
		id = a.Agent.ID
	case "", "0":
	default:
		var err error
		if id, err = strconv.ParseInt(v, 10, 64); err != nil || id < 0 {
			return userErr(loket.EInvalid, "ticket.err_assignee", "value", v)
		}
	}
	return c.assign(r.Context(), a, n, id)
}

func (c *Console) formStatus(r *http.Request, a *auth, n int64) error {
	return c.setStatus(r.Context(), a, n, loket.TicketStatus(r.PostFormValue("status")))
}

func (c *Console) formRetry(r *http.Request, a *auth, n int64) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	return c.retry(r.Context(), a, n, id)
}

func (c *Console) formReview(r *http.Request, a *auth, n int64) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	var accept bool
	switch r.PostFormValue("decision") {
	case "accept":
		accept = true
	case "reject":
	default:
		return userErr(loket.EInvalid, "ticket.err_decision")
	}
	return c.review(r.Context(), a, n, id, accept, r.PostFormValue("reason"), r.PostFormValue("reason_text"))
}
