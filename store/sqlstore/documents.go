package sqlstore

import (
	"context"
	"errors"

	"loket"
)

const documentCols = `id, ticket_id, requirement, file_name, sha256, size, pages, status, reject_reason,
	reviewed_by, reviewed_at, created_at`

func scanDocument(r Row, d *loket.Document) error {
	return r.Scan(&d.ID, &d.TicketID, &d.Requirement, &d.FileName, &d.SHA256, &d.Size, &d.Pages, &d.Status,
		&d.RejectReason, nid(&d.ReviewedBy), ts(&d.ReviewedAt), ts(&d.CreatedAt))
}

// AddDocument stores a document (sets ID; Status defaults to received)
// and marks earlier documents of the same ticket and requirement replaced.
func (tx *Tx) AddDocument(ctx context.Context, d *loket.Document) error {
	if d.Status == "" {
		d.Status = loket.DocReceived
	}
	d.CreatedAt = orNow(d.CreatedAt)
	if _, err := tx.q.Exec(ctx, `UPDATE documents SET status = 'replaced'
		WHERE ticket_id = $1 AND requirement = $2 AND status <> 'replaced'`, d.TicketID, d.Requirement); err != nil {
		return tx.d.fail("replace documents", err)
	}
	err := tx.q.QueryRow(ctx, `INSERT INTO documents (ticket_id, requirement, file_name, sha256, size, pages, status,
		reject_reason, reviewed_by, reviewed_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
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
// ticket's; "" when vendorID is 0 or gone), in one round trip when the
// ticket has documents: a checklist needs both, and every document check
// and every step about documents reads one.
func (tx *Tx) ChecklistDocuments(ctx context.Context, ticketID, vendorID int64) (loket.BusinessForm, []loket.Document, error) {
	var form loket.BusinessForm
	rs, err := tx.q.Query(ctx, `SELECT coalesce((SELECT form FROM vendors WHERE id = $2), ''), `+documentCols+`
		FROM documents WHERE ticket_id = $1 ORDER BY id`, ticketID, vendorID)
	docs, err := collect(rs, err, func(r Row, d *loket.Document) error { return scanDocument(withFirst{r, &form}, d) })
	if err != nil {
		return "", nil, tx.d.fail("checklist documents", err)
	}
	if len(docs) == 0 && vendorID != 0 {
		v, err := tx.VendorByID(ctx, vendorID)
		switch {
		case err == nil:
			form = v.Form
		case !errors.Is(err, loket.ErrNotFound):
			return "", nil, err
		}
	}
	return form, docs, nil
}

// withFirst is a Row whose first column goes to first, the rest as asked.
type withFirst struct {
	Row
	first any
}

func (w withFirst) Scan(dest ...any) error { return w.Row.Scan(append([]any{w.first}, dest...)...) }
