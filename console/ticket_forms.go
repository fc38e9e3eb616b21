package console

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"

	"loket"
	"loket/store/storetest"
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

// documentFile streams a document's PDF; every view is audited.
func (c *Console) documentFile(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	n, err := pathInt(r, "number")
	if err != nil {
		return err
	}
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	if c.files == nil {
		return loket.Errorf(loket.EUnavailable, "document storage is not available yet")
	}
	var doc *loket.Document
	err = c.withTicket(ctx, n, func(tx storetest.Tx, t *loket.Ticket) error {
		if doc, err = tx.DocumentByID(ctx, id); err != nil {
			return fmt.Errorf("load document: %w", err)
		}
		if doc.TicketID != t.ID {
			return loket.Errorf(loket.ENotFound, "no such document on ticket %s", t.Ref())
		}
		return audit(ctx, tx, a, "document.view", fmt.Sprintf("document:%d", doc.ID), t.Ref()+" "+doc.FileName, c.clock.Now())
	})
	if err != nil {
		return fmt.Errorf("console: document %d: %w", id, err)
	}
	rc, size, err := c.files.Open(ctx, doc.SHA256)
	if err != nil {
		return fmt.Errorf("console: open document %d: %w", id, err)
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": doc.FileName}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox")
	if _, err := io.Copy(w, rc); err != nil {
		c.log.WarnContext(ctx, "console: stream document", "err", err, "document", id)
	}
	return nil
}
