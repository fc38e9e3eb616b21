package ops

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"loket"
	"loket/knowledge"
	"loket/messages"
)

// ReviewTx is what Review needs.
type ReviewTx interface {
	VendorTx
	knowledge.Reader
	DocumentByID(ctx context.Context, id int64) (*loket.Document, error)
	UpdateDocument(ctx context.Context, d *loket.Document) error
	ScheduleJob(ctx context.Context, j *loket.Job) error
	Auditor
}

// Decision is an agent's verdict on a document. A rejection needs a
// reason: a catalogue key ("reason.<key>"), free text, or both; an
// acceptance has none (a reason chosen and "accept" pressed is a slip of
// the hand, and the vendor would be told the document passed).
type Decision struct {
	Accept     bool
	ReasonKey  string
	ReasonText string
}

// Review accepts or rejects a document of the ticket and tells the vendor
// which document, and why, in their language.
func (s *Service) Review(ctx context.Context, tx ReviewTx, by Actor, t *loket.Ticket, docID int64, dec Decision, now time.Time) (Result, error) {
	if dec.Accept && (strings.TrimSpace(dec.ReasonKey) != "" || strings.TrimSpace(dec.ReasonText) != "") {
		return Result{}, messages.Err(loket.EInvalid, "ticket.err_accept_with_reason")
	}
	d, err := tx.DocumentByID(ctx, docID)
	if err != nil {
		return Result{}, fmt.Errorf("load document: %w", err)
	}
	if d.TicketID != t.ID {
		return Result{}, messages.Err(loket.ENotFound, "ticket.err_no_document", "ticket", t.Ref())
	}
	if d.Status == loket.DocReplaced {
		return Result{}, messages.Err(loket.EConflict, "ticket.err_doc_replaced")
	}
	ct, err := contactOf(ctx, tx, t)
	if err != nil {
		return Result{}, err
	}
	vars := VendorVars(ctx, tx, t, ct)
	vars["doc"] = d.FileName
	set, err := knowledge.Load(ctx, tx)
	if err != nil {
		return Result{}, err
	}
	vars["requirement"] = s.RequirementLabel(set, vendorForm(ctx, tx, t), ct.Lang, d.Requirement)
	key := "doc.accepted"
	d.Status, d.RejectReason = loket.DocAccepted, ""
	if !dec.Accept {
		reason, err := s.rejectReason(ct.Lang, dec.ReasonKey, dec.ReasonText)
		if err != nil {
			return Result{}, err
		}
		key, d.Status, d.RejectReason = "doc.rejected", loket.DocRejected, reason
		vars["reason"] = reason
	}
	d.ReviewedBy, d.ReviewedAt = by.Agent.ID, now
	if err := tx.UpdateDocument(ctx, d); err != nil {
		return Result{}, fmt.Errorf("update document: %w", err)
	}
	ev := "doc_accepted"
	if d.Status == loket.DocRejected {
		ev = "doc_rejected"
	}
	body, meta := s.Event(ev, map[string]any{"document_id": d.ID, "status": d.Status, "reason": d.RejectReason, "file": d.FileName})
	act := &loket.Activity{TicketID: t.ID, Kind: loket.ActDocument, Actor: loket.ActorAgent, AgentID: by.Agent.ID, Body: body, Meta: meta, CreatedAt: now}
	if err := tx.AddActivity(ctx, act); err != nil {
		return Result{}, fmt.Errorf("add document activity: %w", err)
	}
	res := Result{Ticket: t}
	if res.Channel, err = sendToVendor(ctx, tx, t, ct, s.texts.Text(ct.Lang, key, vars), by, now, false, loket.KindDocument); err != nil {
		return Result{}, err
	}
	if err := scheduleReviewed(ctx, tx, t, d, now); err != nil {
		return Result{}, err
	}
	return res, s.audit(ctx, tx, by, "document.review", fmt.Sprintf("document:%d", d.ID), string(d.Status), now)
}

// rejectReason builds the reason sentence in the vendor's language.
func (s *Service) rejectReason(lang loket.Lang, key, free string) (string, error) {
	var parts []string
	if key != "" {
		txt := s.texts.Text(lang, "reason."+key, nil)
		if txt == "" {
			return "", messages.Err(loket.EInvalid, "ticket.err_reason_unknown", "reason", key)
		}
		parts = append(parts, txt)
	}
	if free = strings.TrimSpace(free); free != "" {
		if len(free) > 500 {
			return "", messages.Err(loket.EInvalid, "ticket.err_reason_long", "max", 500)
		}
		if !strings.HasSuffix(free, ".") {
			free += "."
		}
		parts = append(parts, free)
	}
	if len(parts) == 0 {
		return "", messages.Err(loket.EInvalid, "ticket.err_reason_missing")
	}
	return strings.Join(parts, " "), nil
}

// scheduleReviewed schedules loket.JobDocReviewed in the review's
// transaction: the one place that decides what a review means for the
// ticket — needs_fix after a rejection, in_review and "book the video
// call" once every verification document is accepted — is that flows job.
// It runs once per commit; several reviews in a row share one job.
func scheduleReviewed(ctx context.Context, tx ReviewTx, t *loket.Ticket, d *loket.Document, now time.Time) error {
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

// RequirementLabel names a checklist requirement in lang as the office's
// requirements for form do (/admin/office; any form's name when form is
// unknown), or "document" when none has the key.
func (s *Service) RequirementLabel(set *knowledge.Set, form loket.BusinessForm, lang loket.Lang, key string) string {
	if q, ok := set.Requirements.Find(form, key); ok {
		return q.Name.In(lang)
	}
	if n := set.Requirements.Name(key, lang); n != key {
		return n
	}
	return s.texts.Text(lang, "req.file", nil)
}

// vendorForm is the business form of the ticket's vendor, "" when unknown.
func vendorForm(ctx context.Context, tx VendorTx, t *loket.Ticket) loket.BusinessForm {
	if t.VendorID == 0 {
		return ""
	}
	v, err := tx.VendorByID(ctx, t.VendorID)
	if err != nil {
		return ""
	}
	return v.Form
}
