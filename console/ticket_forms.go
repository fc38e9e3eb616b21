package console

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"loket"
	"loket/flows"
	"loket/ops"
)

// backToTicket answers a form post with a redirect to the ticket page.
func backToTicket(w http.ResponseWriter, r *http.Request, number int64, done string) {
	http.Redirect(w, r, fmt.Sprintf("/tickets/%d?done=%s#compose", number, done), http.StatusSeeOther)
}

// failedAction is a ticket action the console refused (empty text, a
// rejection without a reason, a vendor who cannot be reached…): the
// ticket page shows the reason next to that form and keeps what the agent
// typed, instead of an error page that loses it. The zero value is none.
type failedAction struct {
	Form    string // the done label of the form: reply, note, review, status, assign, retry
	DocID   int64  // the document of a review
	Message string
	// What the agent had typed or chosen.
	Text, Reason, ReasonText string
}

// On reports whether the refused action was form's.
func (f failedAction) On(form string) bool { return f.Form != "" && f.Form == form }

// OnDoc reports whether the refused action was the review of document id.
func (f failedAction) OnDoc(id int64) bool { return f.On("review") && f.DocID == id }

// Inline reports whether the reason shows in the form itself (forms with
// typed text); the others show it under the ticket's heading.
func (f failedAction) Inline() bool { return f.On("reply") || f.On("note") || f.On("review") }

// refusedForAReason reports an error the agent can act on: the console's
// sentence for an input it refuses, a conflict or a step the agent may
// not take, as opposed to a failure (the store, a bug), which stays an
// error page.
func refusedForAReason(err error) bool {
	var ue *userError
	if !errors.As(err, &ue) {
		return false
	}
	switch loket.ErrorCode(err) {
	case loket.EInvalid, loket.EConflict, loket.EForbidden:
		return true
	}
	return false
}

// ticketForm turns an action on ticket {number} into a form handler that
// redirects back to the ticket page, saying what was done. An action
// refused for a reason the agent can act on renders the ticket page again
// with that reason and what was typed.
func (c *Console) ticketForm(done string, act func(r *http.Request, a *auth, number int64) error) func(http.ResponseWriter, *http.Request, *auth) error {
	return func(w http.ResponseWriter, r *http.Request, a *auth) error {
		n, err := pathInt(r, "number")
		if err != nil {
			return err
		}
		if err := act(r, a, n); err != nil {
			if !refusedForAReason(err) {
				return err
			}
			failed := failedAction{Form: done, Message: c.errText(a.lang(), err),
				Text: r.PostFormValue("text"), Reason: r.PostFormValue("reason"), ReasonText: r.PostFormValue("reason_text")}
			if done == "review" {
				failed.DocID, _ = strconv.ParseInt(r.PathValue("id"), 10, 64)
			}
			if rerr := c.renderTicket(w, r, a, n, httpStatus(loket.ErrorCode(err)), false, failed); rerr != nil {
				return err
			}
			return nil
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
	seen := ""
	switch v := r.PostFormValue("assignee"); v {
	case "me":
		id, seen = a.Agent.ID, r.PostFormValue("seen") // a claim: was the ticket still open?
	case "", "0":
	default:
		var err error
		if id, err = strconv.ParseInt(v, 10, 64); err != nil || id < 0 {
			return userErr(loket.EInvalid, "ticket.err_assignee", "value", v)
		}
	}
	return c.assign(r.Context(), a, n, id, seen)
}

// formCallPhone changes the WhatsApp number of the ticket's verification
// call (ops.SetCallPhone), as typed: a mobile number in any of the ways
// vendors write one.
func (c *Console) formCallPhone(r *http.Request, a *auth, n int64) error {
	return c.setCallPhone(r.Context(), a, n, r.PostFormValue("phone"))
}

// setCallPhone changes the call's number of ticket n to typed (the form
// and the API).
func (c *Console) setCallPhone(ctx context.Context, a *auth, n int64, typed string) error {
	typed = strings.TrimSpace(typed)
	phone, problem := flows.ParseMobile(typed)
	switch problem {
	case flows.PhoneNotMobile:
		return userErr(loket.EInvalid, "ticket.err_call_phone_landline", "value", typed)
	case flows.PhoneOK:
	default:
		return userErr(loket.EInvalid, "ticket.err_call_phone", "value", typed)
	}
	err := c.ticketOp(ctx, n, func(tx actionTx, t *loket.Ticket, now time.Time) (ops.Result, error) {
		return c.ops.SetCallPhone(ctx, tx, a.actor(), t, phone, now)
	})
	if err != nil {
		return fmt.Errorf("console: call number of #%d: %w", n, err)
	}
	return nil
}

func (c *Console) formStatus(r *http.Request, a *auth, n int64) error {
	return c.setStatus(r.Context(), a, n, loket.TicketStatus(r.PostFormValue("status")), r.PostFormValue("note"))
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
