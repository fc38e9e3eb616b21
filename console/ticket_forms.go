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

func (c *Console) formReply(w http.ResponseWriter, r *http.Request, a *auth) error {
	n, err := pathInt(r, "number")
	if err != nil {
		return err
	}
	if err := c.reply(r.Context(), a, n, r.PostFormValue("text")); err != nil {
		return err
	}
	backToTicket(w, r, n, "reply")
	return nil
}

func (c *Console) formNote(w http.ResponseWriter, r *http.Request, a *auth) error {
	n, err := pathInt(r, "number")
	if err != nil {
		return err
	}
	if err := c.note(r.Context(), a, n, r.PostFormValue("text")); err != nil {
		return err
	}
	backToTicket(w, r, n, "note")
	return nil
}

func (c *Console) formAssign(w http.ResponseWriter, r *http.Request, a *auth) error {
	n, err := pathInt(r, "number")
	if err != nil {
		return err
	}
	var id int64
	switch v := r.PostFormValue("assignee"); v {
	case "me":
		id = a.Agent.ID
	case "", "0":
	default:
		if id, err = strconv.ParseInt(v, 10, 64); err != nil || id < 0 {
			return loket.Errorf(loket.EInvalid, "bad assignee %q", v)
		}
	}
	if err := c.assign(r.Context(), a, n, id); err != nil {
		return err
	}
	backToTicket(w, r, n, "assign")
	return nil
}

func (c *Console) formStatus(w http.ResponseWriter, r *http.Request, a *auth) error {
	n, err := pathInt(r, "number")
	if err != nil {
		return err
	}
	if err := c.setStatus(r.Context(), a, n, loket.TicketStatus(r.PostFormValue("status"))); err != nil {
		return err
	}
	backToTicket(w, r, n, "status")
	return nil
}

func (c *Console) formRetry(w http.ResponseWriter, r *http.Request, a *auth) error {
	n, err := pathInt(r, "number")
	if err != nil {
		return err
	}
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	if err := c.retry(r.Context(), a, n, id); err != nil {
		return err
	}
	backToTicket(w, r, n, "retry")
	return nil
}

func (c *Console) formReview(w http.ResponseWriter, r *http.Request, a *auth) error {
	n, err := pathInt(r, "number")
	if err != nil {
		return err
	}
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
		return loket.Errorf(loket.EInvalid, "decision must be accept or reject")
	}
	if err := c.review(r.Context(), a, n, id, accept, r.PostFormValue("reason"), r.PostFormValue("reason_text")); err != nil {
		return err
	}
	backToTicket(w, r, n, "review")
	return nil
}
