package console

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"

	"loket"
	"loket/ops"
	"loket/store"
)

// documentsStore is what opening and listing a ticket's documents uses.
type documentsStore interface {
	ops.Auditor
	ticketReader
	DocumentByID(ctx context.Context, id int64) (*loket.Document, error)
	Documents(ctx context.Context, ticketID int64) ([]loket.Document, error)
	TicketByID(ctx context.Context, id int64) (*loket.Ticket, error)
}

func asDocuments(tx store.Tx) documentsStore { return tx }

// openDocument loads document id, checks it belongs to ticket number
// (0 = whichever ticket it is on), audits the view and opens its bytes.
// The caller closes the reader.
func (c *Console) openDocument(ctx context.Context, a *auth, number, id int64) (*loket.Document, io.ReadCloser, int64, error) {
	var doc *loket.Document
	err := inTx(ctx, c.store, asDocuments, func(tx documentsStore) error {
		var err error
		if doc, err = tx.DocumentByID(ctx, id); err != nil {
			return fmt.Errorf("load document: %w", err)
		}
		t, err := tx.TicketByID(ctx, doc.TicketID)
		if err != nil {
			return fmt.Errorf("load ticket of document: %w", err)
		}
		if number != 0 && t.Number != number {
			return userErr(loket.ENotFound, "ticket.err_no_document", "ticket", fmt.Sprintf("#%d", number))
		}
		if c.files == nil {
			return userErr(loket.EUnavailable, "ticket.err_no_storage")
		}
		return audit(ctx, tx, a, "document.view", fmt.Sprintf("document:%d", doc.ID), t.Ref()+" "+doc.FileName, c.clock.Now())
	})
	if err != nil {
		return nil, nil, 0, fmt.Errorf("console: document %d: %w", id, err)
	}
	rc, size, err := c.files.Open(ctx, doc.SHA256)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("console: open document %d: %w", id, err)
	}
	return doc, rc, size, nil
}

// serveDocument streams a document's PDF, opened inline in a sandbox and
// never sniffed or cached.
func (c *Console) serveDocument(w http.ResponseWriter, r *http.Request, a *auth, number, id int64) error {
	doc, rc, size, err := c.openDocument(r.Context(), a, number, id)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": doc.FileName}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox")
	if _, err := io.Copy(w, rc); err != nil {
		c.log.WarnContext(r.Context(), "console: stream document", "err", err, "document", id)
	}
	return nil
}

// documentFile is the console's document link; every view is audited.
func (c *Console) documentFile(w http.ResponseWriter, r *http.Request, a *auth) error {
	n, err := pathInt(r, "number")
	if err != nil {
		return err
	}
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	return c.serveDocument(w, r, a, n, id)
}

// apiDocumentFile is GET /api/v1/documents/{id}: the PDF, audited like a
// view in the console.
func (c *Console) apiDocumentFile(w http.ResponseWriter, r *http.Request, a *auth) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	return c.serveDocument(w, r, a, 0, id)
}

// apiTicketDocuments is GET /api/v1/tickets/{number}/documents: metadata
// of every document on the ticket, replaced ones included, oldest first.
func (c *Console) apiTicketDocuments(w http.ResponseWriter, r *http.Request, a *auth) error {
	n, err := pathInt(r, "number")
	if err != nil {
		return err
	}
	var docs []loket.Document
	err = withTicket(r.Context(), c.store, asDocuments, n, func(tx documentsStore, t *loket.Ticket) error {
		docs, err = tx.Documents(r.Context(), t.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("console: documents of ticket %d: %w", n, err)
	}
	out := []apiDocument{}
	for _, d := range docs {
		out = append(out, toAPIDocument(d))
	}
	writeJSON(w, http.StatusOK, map[string]any{"documents": out})
	return nil
}
