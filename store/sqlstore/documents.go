package sqlstore

import (
	"context"

	"loket"
)

const documentCols = `id, ticket_id, requirement, file_name, sha256, size, pages, status, reject_reason,
	reviewed_by, reviewed_at, created_at`

func scanDocument(r Row, d *loket.Document) error {
	return r.Scan(&d.ID, &d.TicketID, &d.Requirement, &d.FileName, &d.SHA256, &d.Size, &d.Pages, &d.Status,
		&d.RejectReason, nid(&d.ReviewedBy), ts(&d.ReviewedAt), ts(&d.CreatedAt))
}

// AddDocument stores a document (sets ID; Status defaults to received)
// and marks earlier documents of the same ticket and requirement replaced:
// one statement where a WITH may write (PostgreSQL; the new row is not
// among those the update sees), two elsewhere.
func (tx *Tx) AddDocument(ctx context.Context, d *loket.Document) error {
	if d.Status == "" {
		d.Status = loket.DocReceived
	}
	d.CreatedAt = orNow(d.CreatedAt)
	const replace = `UPDATE documents SET status = 'replaced'
		WHERE ticket_id = $1 AND requirement = $2 AND status <> 'replaced'`
	const insert = `INSERT INTO documents (ticket_id, requirement, file_name, sha256, size, pages, status,
		reject_reason, reviewed_by, reviewed_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`
	q := insert
	if tx.d.WritingWith {
		q = `WITH r AS (` + replace + `) ` + insert
	} else if _, err := tx.q.Exec(ctx, replace, d.TicketID, d.Requirement); err != nil {
		return tx.d.fail("replace documents", err)
	}
	err := tx.q.QueryRow(ctx, q,
		d.TicketID, d.Requirement, d.FileName, d.SHA256, d.Size, d.Pages, string(d.Status), d.RejectReason,
		id(d.ReviewedBy), tm(d.ReviewedAt), tm(d.CreatedAt)).Scan(&d.ID)
	return tx.d.fail("add document", err)
}

// UpdateDocument stores status, reject reason, reviewer and requirement.
func (tx *Tx) UpdateDocument(ctx context.Context, d *loket.Document) error {
	n, err := tx.q.Exec(ctx, `UPDATE documents SET status = $2, reject_reason = $3, reviewed_by = $4,
		reviewed_at = $5, requirement = $6 WHERE id = $1`,
		d.ID, string(d.Status), d.RejectReason, id(d.ReviewedBy), tm(d.ReviewedAt), d.Requirement)
	return tx.d.mustAffect("update document", n, err)
}

// DocumentByID returns a document.
func (tx *Tx) DocumentByID(ctx context.Context, id int64) (*loket.Document, error) {
	var d loket.Document
	if err := scanDocument(tx.q.QueryRow(ctx, `SELECT `+documentCols+` FROM documents WHERE id = $1`, id), &d); err != nil {
		return nil, tx.d.fail("document", err)
	}
	return &d, nil
}

// Documents lists a ticket's documents, oldest first (replaced ones too).
func (tx *Tx) Documents(ctx context.Context, ticketID int64) ([]loket.Document, error) {
	rs, err := tx.q.Query(ctx, `SELECT `+documentCols+` FROM documents WHERE ticket_id = $1 ORDER BY id`, ticketID)
	out, err := collect(rs, err, scanDocument)
	return out, tx.d.fail("documents", err)
}

// ChecklistDocuments is Documents with the form of a vendor (the
// ticket's; "" when vendorID is 0 or gone), in one round trip: a
// checklist needs both, and every document check and every step about
// documents reads one. The form comes first as a row of its own (the
// documents' columns empty), so a ticket with no documents yet still
// gets it.
func (tx *Tx) ChecklistDocuments(ctx context.Context, ticketID, vendorID int64) (loket.BusinessForm, []loket.Document, error) {
	return tx.checklist(ctx, ticketID, `(SELECT form FROM vendors WHERE id = $2)`, vendorID)
}

// checklist reads a ticket's ($1) documents with a form, read by formSQL
// (with args after the ticket's id).
func (tx *Tx) checklist(ctx context.Context, ticketID int64, formSQL string, args ...any) (loket.BusinessForm, []loket.Document, error) {
	var form loket.BusinessForm
	rs, err := tx.q.Query(ctx, `SELECT 0 AS k, coalesce(`+formSQL+`, '') AS form,
			0, 0, '', '', '', 0, 0, '', '', NULL, NULL, NULL
		UNION ALL
		SELECT 1, '', `+documentCols+` FROM documents WHERE ticket_id = $1
		ORDER BY 1, 3`, append([]any{ticketID}, args...)...)
	docs, err := collect(rs, err, func(r Row, d *loket.Document) error {
		var k int64
		var f loket.BusinessForm
		if err := scanDocument(withFirst{r, []any{&k, &f}}, d); err != nil {
			return err
		}
		if k == 0 {
			form, d.ID = f, 0
		}
		return nil
	})
	if err != nil {
		return "", nil, tx.d.fail("checklist documents", err)
	}
	if len(docs) > 0 && docs[0].ID == 0 {
		docs = docs[1:] // the form's row
	}
	if len(docs) == 0 {
		docs = nil
	}
	return form, docs, nil
}

// TicketChecklist is TicketByID with ChecklistDocuments' answer for the
// ticket (its vendor's form for a registration, "" otherwise): one round
// trip where the backend pipelines (the ticket's read goes with the
// checklist's), two elsewhere. ErrNotFound when the ticket is not there.
func (tx *Tx) TicketChecklist(ctx context.Context, ticketID int64) (*loket.Ticket, loket.BusinessForm, []loket.Document, error) {
	d, ok := tx.raw.(Deferrer)
	if !ok {
		t, err := tx.TicketByID(ctx, ticketID)
		if err != nil {
			return nil, "", nil, err
		}
		form, docs, err := tx.checklist(ctx, ticketID, registrationForm)
		return t, form, docs, err
	}
	if err := tx.flushTurns(ctx); err != nil { // what the turn wrote goes first
		return nil, "", nil, err
	}
	var t *loket.Ticket
	d.Defer(Deferred{Query: ticketWhere(`t.id = $1`), Args: []any{ticketID},
		Done: func(rs Rows) error {
			got, err := collect(rs, nil, scanTicket)
			if err != nil {
				return tx.d.fail("ticket", err)
			}
			if len(got) == 1 {
				t = &got[0]
			}
			return nil
		}})
	form, docs, err := tx.checklist(ctx, ticketID, registrationForm)
	if err != nil {
		return nil, "", nil, err
	}
	if t == nil {
		return nil, "", nil, tx.d.fail("ticket", ErrNoRows)
	}
	return t, form, docs, nil
}

// registrationForm is the checklist's form for TicketChecklist: the
// ticket's ($1) vendor's when it is a registration (NULL otherwise: only a
// registration's requirements depend on the form).
const registrationForm = `(SELECT v.form FROM tickets t JOIN vendors v ON v.id = t.vendor_id
		WHERE t.id = $1 AND t.type = 'registration')`

// withFirst is a Row whose first columns go to first, the rest as asked.
type withFirst struct {
	Row
	first []any
}

func (w withFirst) Scan(dest ...any) error { return w.Row.Scan(append(w.first, dest...)...) }
