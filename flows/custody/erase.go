package custody

import (
	"context"
	"fmt"
	"time"

	"loket"
)

// Erased says what an erasure removed.
type Erased struct {
	Contacts, Tickets, Documents, Files int
}

// Erase removes what identifies the subject, keeping the statistics
// anonymous: document files are deleted (a file another person's kept
// document uses stays) and their rows keep only review facts; message
// texts, notes, the ticket descriptions, call phone numbers and survey
// comments are cleared; the vendor's and contacts' names, numbers and
// chat addresses are replaced; conversations and queued messages go.
// Tickets, statuses, times, review decisions and survey scores stay, so
// the reports keep their totals. The erasure is audited (agentID).
//
// The files go first, the rows after, in one transaction. An erasure
// interrupted between the two leaves rows whose files are gone, and
// running it again finishes it.
func (c *Custody) Erase(ctx context.Context, s Subject, agentID int64, now time.Time) (*Erased, error) {
	var h *holdings
	var docs []loket.Document
	var files []string
	err := c.inTx(ctx, func(tx Tx) error {
		var err error
		if h, err = collect(ctx, tx, s); err != nil {
			return err
		}
		if docs, err = keptDocuments(ctx, tx, h); err != nil {
			return err
		}
		refs := make([]fileRef, len(docs))
		for i, d := range docs {
			refs[i] = fileRef{d.ID, d.SHA256}
		}
		files, err = unusedFiles(ctx, tx, refs)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, sha := range files {
		if err := c.deleteBlob(ctx, sha); err != nil {
			return nil, fmt.Errorf("custody: erase: remove document file %.12s: %w", sha, err)
		}
	}
	res := &Erased{Contacts: len(h.Contacts), Tickets: len(h.Tickets), Documents: len(docs), Files: len(files)}
	err = c.inTx(ctx, func(tx Tx) error {
		if err := eraseRows(ctx, tx, h, docs, now); err != nil {
			return err
		}
		return auditBy(ctx, tx, agentID, "personal_data.erase", h.Subject.Object(), now,
			"%d contacts, %d tickets, %d documents (%d files) erased", res.Contacts, res.Tickets, res.Documents, res.Files)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// keptDocuments lists the subject's documents whose file is not purged yet.
func keptDocuments(ctx context.Context, tx Tx, h *holdings) ([]loket.Document, error) {
	var out []loket.Document
	for _, t := range h.Tickets {
		docs, err := tx.Documents(ctx, t.ID)
		if err != nil {
			return nil, fmt.Errorf("custody: %w", err)
		}
		for _, d := range docs {
			if d.SHA256 != "" || d.FileName != "" {
				out = append(out, d)
			}
		}
	}
	return out, nil
}

func eraseRows(ctx context.Context, tx Tx, h *holdings, docs []loket.Document, now time.Time) error {
	for _, d := range docs {
		if err := tx.PurgeDocument(ctx, d.ID, now); err != nil {
			return fmt.Errorf("custody: erase document %d: %w", d.ID, err)
		}
	}
	for _, t := range h.Tickets {
		if err := tx.EraseTicket(ctx, t.ID, t.Number, now); err != nil {
			return fmt.Errorf("custody: erase ticket #%d: %w", t.Number, err)
		}
	}
	for _, ct := range h.Contacts {
		if err := tx.EraseContact(ctx, ct.ID, now); err != nil {
			return fmt.Errorf("custody: erase contact %d: %w", ct.ID, err)
		}
	}
	if h.Vendor != nil {
		if err := tx.EraseVendor(ctx, h.Vendor.ID, now); err != nil {
			return fmt.Errorf("custody: erase vendor %d: %w", h.Vendor.ID, err)
		}
	}
	return nil
}
