package console

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"loket"
	"loket/knowledge"
	"loket/store"
)

// review accepts or rejects a document of the ticket and tells the vendor.
// A rejection needs a reason: a catalogue key (reasonKey), free text, or both.
func (c *Console) review(ctx context.Context, a *auth, number, docID int64, accept bool, reasonKey, reasonText string) error {
	now := c.clock.Now()
	var ch change
	err := c.withTicket(ctx, number, func(tx store.Tx, t *loket.Ticket) error {
		d, err := tx.DocumentByID(ctx, docID)
		if err != nil {
			return fmt.Errorf("load document: %w", err)
		}
		if d.TicketID != t.ID {
			return userErr(loket.ENotFound, "ticket.err_no_document", "ticket", t.Ref())
		}
		if d.Status == loket.DocReplaced {
			return userErr(loket.EConflict, "ticket.err_doc_replaced")
		}
		ct, err := tx.ContactByID(ctx, t.ContactID)
		if err != nil {
			return fmt.Errorf("load contact: %w", err)
		}
		vars := vendorVars(ctx, tx, t, ct)
		vars["doc"] = d.FileName
		set, err := knowledge.Load(ctx, tx)
		if err != nil {
			return err
		}
		vars["requirement"] = c.requirementLabel(set, vendorForm(ctx, tx, t), ct.Lang, d.Requirement)
		key := "doc.accepted"
		d.Status, d.RejectReason = loket.DocAccepted, ""
		if !accept {
			reason, err := c.rejectReason(ct.Lang, reasonKey, reasonText)
			if err != nil {
				return err
			}
			key, d.Status, d.RejectReason = "doc.rejected", loket.DocRejected, reason
			vars["reason"] = reason
		}
		d.ReviewedBy, d.ReviewedAt = a.Agent.ID, now
		if err := tx.UpdateDocument(ctx, d); err != nil {
			return fmt.Errorf("update document: %w", err)
		}
		ev := "doc_accepted"
		if d.Status == loket.DocRejected {
			ev = "doc_rejected"
		}
		body, meta := c.event(ev, map[string]any{"document_id": d.ID, "status": d.Status, "reason": d.RejectReason, "file": d.FileName})
		act := &loket.Activity{TicketID: t.ID, Kind: loket.ActDocument, Actor: loket.ActorAgent, AgentID: a.Agent.ID, Body: body, Meta: meta, CreatedAt: now}
		if err := tx.AddActivity(ctx, act); err != nil {
			return fmt.Errorf("add document activity: %w", err)
		}
		if ch.channel, err = c.sendToVendor(ctx, tx, t, c.catalog.text(ct.Lang, key, vars), a, now, false); err != nil {
			return err
		}
		ch.ticket = t.Number
		if err := scheduleReviewed(ctx, tx, t, d, now); err != nil {
			return err
		}
		return audit(ctx, tx, a, "document.review", fmt.Sprintf("document:%d", d.ID), string(d.Status), now)
	})
	if err != nil {
		return fmt.Errorf("console: review document %d: %w", docID, err)
	}
	c.done(ctx, ch)
	return nil
}

// rejectReason builds the reason sentence in the vendor's language.
func (c *Console) rejectReason(lang loket.Lang, key, free string) (string, error) {
	var parts []string
	if key != "" {
		txt := c.catalog.text(lang, "reason."+key, nil)
		if txt == "" {
			return "", userErr(loket.EInvalid, "ticket.err_reason_unknown", "reason", key)
		}
		parts = append(parts, txt)
	}
	if free = strings.TrimSpace(free); free != "" {
		if len(free) > 500 {
			return "", userErr(loket.EInvalid, "ticket.err_reason_long", "max", 500)
		}
		if !strings.HasSuffix(free, ".") {
			free += "."
		}
		parts = append(parts, free)
	}
	if len(parts) == 0 {
		return "", userErr(loket.EInvalid, "ticket.err_reason_missing")
	}
	return strings.Join(parts, " "), nil
}

// scheduleReviewed schedules loket.JobDocReviewed in the review's
// transaction: the one place that decides what a review means for the
// ticket — needs_fix after a rejection, in_review and "book the video
// call" once every verification document is accepted — is that flows job.
// It runs once per commit; several reviews in a row share one job.
func scheduleReviewed(ctx context.Context, tx store.Tx, t *loket.Ticket, d *loket.Document, now time.Time) error {
	b, err := json.Marshal(loket.DocReviewedPayload{Ticket: t.ID, Document: d.ID})
	if err != nil {
		return fmt.Errorf("doc.reviewed payload: %w", err)
	}
	j := &loket.Job{Kind: loket.JobDocReviewed, Key: loket.DocReviewedKey(t.ID), Payload: b, DueAt: now, CreatedAt: now}
	if err := tx.ScheduleJob(ctx, j); err != nil {
		return fmt.Errorf("schedule %s: %w", loket.JobDocReviewed, err)
	}
	return nil
}

// requirementLabel names a checklist requirement in lang as the office's
// requirements for form do (/admin/office; any form's name when form is
// unknown), or "document" when none has the key.
func (c *Console) requirementLabel(set *knowledge.Set, form loket.BusinessForm, lang loket.Lang, key string) string {
	if q, ok := set.Requirements.Find(form, key); ok {
		return q.Name.In(lang)
	}
	if s := set.Requirements.Name(key, lang); s != key {
		return s
	}
	return c.catalog.text(lang, "req.file", nil)
}

// vendorForm is the business form of the ticket's vendor, "" when unknown.
func vendorForm(ctx context.Context, tx store.Tx, t *loket.Ticket) loket.BusinessForm {
	if t.VendorID == 0 {
		return ""
	}
	v, err := tx.VendorByID(ctx, t.VendorID)
	if err != nil {
		return ""
	}
	return v.Form
}
