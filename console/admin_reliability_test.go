package console

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

// TestWebhookDeliveriesAndDeadJobs: an admin sees the webhook deliveries
// waiting for a retry (last error, next try) or given up, and the jobs set
// aside, and retries them; other roles cannot.
func TestWebhookDeliveriesAndDeadJobs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	now := e.clock.Now()
	waiting := &loket.Outbound{Channel: loket.ChannelWebhook, ChatID: "wh_crm", Text: `{"type":"ticket.created"}`, CreatedAt: now}
	gone := &loket.Outbound{Channel: loket.ChannelWebhook, ChatID: "wh_erp", Text: `{"type":"message.created"}`, CreatedAt: now}
	job := &loket.Job{Kind: "doc.check", Key: "doc.check:x", DueAt: now, CreatedAt: now}
	e.tx(func(tx storetest.Tx) error {
		if err := tx.EnqueueOutbound(ctx, waiting); err != nil {
			return err
		}
		if err := tx.EnqueueOutbound(ctx, gone); err != nil {
			return err
		}
		return tx.ScheduleJob(ctx, job)
	})
	claimed, err := e.store.ClaimOutbound(ctx, loket.ChannelWebhook, now, time.Minute, 10, 0)
	if err != nil || len(claimed) != 2 {
		t.Fatalf("claim: %+v %v", claimed, err)
	}
	if err := e.store.OutboundRetry(ctx, waiting.ID, claimed[0].LeaseToken, now.Add(time.Hour), "503 Service Unavailable"); err != nil {
		t.Fatal(err)
	}
	if err := e.store.OutboundFailed(ctx, gone.ID, claimed[1].LeaseToken, "410 Gone", now); err != nil {
		t.Fatal(err)
	}
	jobs, err := e.store.ClaimJobs(ctx, now, time.Minute, 10)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("claim jobs: %+v %v", jobs, err)
	}
	if err := e.store.BuryJob(ctx, job.ID, jobs[0].Token, "pdf: unexpected EOF", now); err != nil {
		t.Fatal(err)
	}

	admin := e.login(loket.RoleAdmin)
	res, body := admin.get("/admin/webhooks")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "503 Service Unavailable") || !strings.Contains(body, "410 Gone") ||
		!strings.Contains(body, "ticket.created") || strings.Count(body, "/retry\"") != 2 {
		t.Fatalf("webhooks page: %d\n%s", res.StatusCode, body)
	}
	for _, m := range []*loket.Outbound{waiting, gone} {
		if res := admin.postForm("/admin/webhooks/deliveries/"+strconv.FormatInt(m.ID, 10)+"/retry", url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("retry delivery %d: %d", m.ID, res.StatusCode)
		}
		got, err := e.store.OutboundByID(ctx, m.ID)
		if err != nil || got.Status != loket.OutQueued || got.Attempts != 0 || got.NextAttemptAt.After(e.clock.Now()) {
			t.Fatalf("after retry: %+v %v", got, err)
		}
	}
	if res := admin.postForm("/admin/webhooks/deliveries/999999/retry", url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("retry unknown delivery: %d; want 404", res.StatusCode)
	}

	res, body = admin.get("/admin/deadletters")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "doc.check:x") || !strings.Contains(body, "pdf: unexpected EOF") {
		t.Fatalf("dead letters page: %d\n%s", res.StatusCode, body)
	}
	jobRetry := "/admin/deadletters/jobs/" + strconv.FormatInt(job.ID, 10) + "/retry"
	for _, role := range []loket.Role{loket.RoleAgent, loket.RoleSupervisor} {
		if res := e.login(role).postForm(jobRetry, url.Values{}); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s retried a job: %d", role, res.StatusCode)
		}
	}
	if res := admin.postForm(jobRetry, url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("retry job: %d", res.StatusCode)
	}
	if res := admin.postForm(jobRetry, url.Values{}); res.StatusCode != http.StatusConflict {
		t.Errorf("retry a job no longer dead: %d; want 409", res.StatusCode)
	}
	if dead, err := e.store.DeadJobs(ctx, 10); err != nil || len(dead) != 0 {
		t.Fatalf("dead after retry: %+v %v", dead, err)
	}
	again, err := e.store.ClaimJobs(ctx, e.clock.Now(), time.Minute, 10)
	if err != nil || len(again) != 1 || again[0].ID != job.ID {
		t.Fatalf("revived job not due: %+v %v", again, err)
	}
	var audit []loket.Audit
	e.tx(func(tx storetest.Tx) error {
		audit, err = tx.ListAudit(ctx, "job:"+strconv.FormatInt(job.ID, 10), 10)
		return err
	})
	if len(audit) != 1 || audit[0].Action != "job.retry" {
		t.Fatalf("audit = %+v", audit)
	}
}
