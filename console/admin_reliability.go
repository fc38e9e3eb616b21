package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"loket"
	"loket/ops"
)

// What did not go through and can be tried again: webhook
// deliveries waiting for a retry or given up (/admin/webhooks), and jobs
// set aside as dead letters after their attempts (/admin/deadletters).
// An admin's retry is audited.

// maxDeliveriesShown and maxDeadJobsShown bound the lists (newest first).
const (
	maxDeliveriesShown = 50
	maxDeadJobsShown   = 200
)

// deliveryView is one webhook delivery not (yet) delivered.
type deliveryView struct {
	ID         int64
	Endpoint   string
	Event      string
	GivenUp    bool
	Waiting    bool // waiting for its next try (not in a sender's hand): may be retried now
	Attempts   int
	NextTry    time.Time
	LastError  string
	CreatedAt  time.Time
	Retryable  bool
	InProgress bool
}

// webhookDeliveries lists the deliveries still queued or given up.
func (c *Console) webhookDeliveries(ctx context.Context) ([]deliveryView, error) {
	msgs, err := c.store.UndeliveredOutbound(ctx, loket.ChannelWebhook, maxDeliveriesShown)
	if err != nil {
		return nil, fmt.Errorf("console: webhook deliveries: %w", err)
	}
	out := make([]deliveryView, len(msgs))
	for i, m := range msgs {
		var ev struct {
			Type string `json:"type"`
		}
		_ = json.Unmarshal([]byte(m.Text), &ev) // an unreadable body just shows no event type
		v := deliveryView{ID: m.ID, Endpoint: m.ChatID, Event: ev.Type, GivenUp: m.Status == loket.OutFailed,
			Attempts: m.Attempts, NextTry: m.NextAttemptAt, LastError: m.LastError, CreatedAt: m.CreatedAt}
		v.Waiting = !v.GivenUp && m.LeaseToken == 0 && m.Attempts > 0
		v.InProgress = !v.GivenUp && m.LeaseToken != 0
		v.Retryable = v.GivenUp || v.Waiting
		out[i] = v
	}
	return out, nil
}

// webhookDeliveryRetry tries a delivery again now, with a fresh budget.
func (c *Console) webhookDeliveryRetry(w http.ResponseWriter, r *http.Request, a *auth) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return userErr(loket.ENotFound, "reliability.err_no_delivery")
	}
	ctx := r.Context()
	m, err := c.store.OutboundByID(ctx, id)
	if errors.Is(err, loket.ErrNotFound) || err == nil && m.Channel != loket.ChannelWebhook {
		return userErr(loket.ENotFound, "reliability.err_no_delivery")
	}
	if err != nil {
		return fmt.Errorf("console: webhook delivery %d: %w", id, err)
	}
	if err := c.store.OutboundRequeue(ctx, id, c.clock.Now()); err != nil {
		if errors.Is(err, loket.ErrConflict) {
			return userErr(loket.EConflict, "reliability.err_delivery_busy")
		}
		return fmt.Errorf("console: retry webhook delivery %d: %w", id, err)
	}
	c.auditAdmin(ctx, a, "webhook.retry", "outbound:"+strconv.FormatInt(id, 10), m.ChatID)
	c.wake(loket.ChannelWebhook)
	http.Redirect(w, r, "/admin/webhooks?done=retried#deliveries", http.StatusSeeOther)
	return nil
}

// deadJobs lists the jobs set aside.
func (c *Console) deadJobs(ctx context.Context) ([]loket.Job, error) {
	jobs, err := c.store.DeadJobs(ctx, maxDeadJobsShown)
	if err != nil {
		return nil, fmt.Errorf("console: dead jobs: %w", err)
	}
	return jobs, nil
}

// deadJobRetry queues a dead job again, due now, with a fresh budget.
func (c *Console) deadJobRetry(w http.ResponseWriter, r *http.Request, a *auth) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return userErr(loket.ENotFound, "reliability.err_no_job")
	}
	ctx := r.Context()
	switch err := c.store.ReviveJob(ctx, id, c.clock.Now()); {
	case errors.Is(err, loket.ErrNotFound):
		return userErr(loket.ENotFound, "reliability.err_no_job")
	case errors.Is(err, loket.ErrConflict):
		return userErr(loket.EConflict, "reliability.err_job_not_dead")
	case err != nil:
		return fmt.Errorf("console: retry job %d: %w", id, err)
	}
	c.auditAdmin(ctx, a, "job.retry", "job:"+strconv.FormatInt(id, 10), "")
	http.Redirect(w, r, "/admin/deadletters?done=job_retried#dead-jobs", http.StatusSeeOther)
	return nil
}

// auditAdmin records an admin's retry; a failure is logged, as the retry
// itself already happened.
func (c *Console) auditAdmin(ctx context.Context, a *auth, action, object, detail string) {
	err := inTx(ctx, c.store, asAuditor, func(tx ops.Auditor) error {
		return audit(ctx, tx, a, action, object, detail, c.clock.Now())
	})
	if err != nil {
		c.log.WarnContext(ctx, "console: audit", "action", action, "err", err)
	}
}
