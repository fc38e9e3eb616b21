package custody

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"loket"
)

// RunFunc is the transactional step of a retention job.
type RunFunc func(ctx context.Context, tx Tx, now time.Time) error

// PrepareRun is the I/O step of a retention job: in a transaction of its
// own it checks the job is still the scheduled run and plans it, then
// removes the files of the documents due (a file another document still
// keeps stays), and returns the step that records every removal, with an
// audit entry each, in the job's transaction. A crash between the two
// leaves files gone of documents still listed; the next run records them
// (their files already gone).
func (c *Custody) PrepareRun(ctx context.Context, job *loket.Job, now time.Time) (RunFunc, error) {
	var pl retentionPayload
	if err := json.Unmarshal(job.Payload, &pl); err != nil {
		c.log.WarnContext(ctx, "custody: retention payload unreadable; rescheduling", "job", job.ID, "err", err)
		return func(ctx context.Context, tx Tx, now time.Time) error { return c.EnsureScheduled(ctx, tx, now) }, nil
	}
	var plan *Plan
	var blobs []string
	stale := false
	err := c.inTx(ctx, func(tx Tx) error {
		if !pl.More {
			next, err := c.NextRun(ctx, tx, now)
			if err != nil {
				return err
			}
			if stale = next.Unix() != pl.Due; stale {
				return nil
			}
		}
		var err error
		if plan, err = c.Plan(ctx, tx, now); err != nil {
			return err
		}
		refs := make([]fileRef, len(plan.Documents))
		for i, d := range plan.Documents {
			refs[i] = fileRef{d.ID, d.SHA256}
		}
		blobs, err = unusedFiles(ctx, tx, refs)
		return err
	})
	if err != nil {
		return nil, err
	}
	if stale { // the schedule changed since this run was planned
		return func(ctx context.Context, tx Tx, now time.Time) error { return c.EnsureScheduled(ctx, tx, now) }, nil
	}
	for _, sha := range blobs {
		if err := c.deleteBlob(ctx, sha); err != nil {
			return nil, fmt.Errorf("custody: remove document file %.12s: %w", sha, err)
		}
	}
	return func(ctx context.Context, tx Tx, now time.Time) error { return c.commitRun(ctx, tx, plan, pl.More, now) }, nil
}

// fileRef is a document and its file.
type fileRef struct {
	id  int64
	sha string
}

// unusedFiles lists the files of refs that no document outside refs uses.
func unusedFiles(ctx context.Context, tx Tx, refs []fileRef) ([]string, error) {
	due := map[int64]bool{}
	for _, r := range refs {
		due[r.id] = true
	}
	var out []string
	seen := map[string]bool{}
	for _, r := range refs {
		if r.sha == "" || seen[r.sha] {
			continue
		}
		seen[r.sha] = true
		users, err := tx.DocumentsWithBlob(ctx, r.sha)
		if err != nil {
			return nil, fmt.Errorf("custody: %w", err)
		}
		kept := false
		for _, u := range users {
			kept = kept || !due[u]
		}
		if !kept {
			out = append(out, r.sha)
		}
	}
	return out, nil
}

// commitRun records the removals of plan: documents purged, texts
// cleared, web chats deleted, an audit entry for each; then it schedules
// what comes next (a continuation when a batch was full, and after a
// scheduled run the next one).
func (c *Custody) commitRun(ctx context.Context, tx Tx, plan *Plan, continuation bool, now time.Time) error {
	for _, d := range plan.Documents {
		if err := tx.PurgeDocument(ctx, d.ID, now); err != nil {
			return fmt.Errorf("custody: purge document %d: %w", d.ID, err)
		}
		if err := audit(ctx, tx, "retention.document", "document:"+itoa(d.ID), now,
			"#%d %s: file removed %d days after the ticket was settled (%s)", d.TicketNumber, d.Requirement,
			plan.Settings.DocumentsDays, d.SettledAt.In(c.loc).Format(time.DateOnly)); err != nil {
			return err
		}
	}
	if err := c.purgeTexts(ctx, tx, plan, now); err != nil {
		return err
	}
	more := plan.MoreDocuments
	// A continuation's key names where this batch ended, so it differs
	// from the key of the job running now.
	key := JobRetention + ".more"
	if n := len(plan.Documents); n > 0 {
		key += ":d" + itoa(plan.Documents[n-1].ID)
	}
	if !plan.ChatsBefore.IsZero() {
		chats, err := tx.RetentionChats(ctx, plan.ChatsBefore, c.batch+1)
		if err != nil {
			return fmt.Errorf("custody: %w", err)
		}
		if len(chats) > c.batch {
			chats, more = chats[:c.batch], true
		}
		if n := len(chats); n > 0 {
			key += ":c" + itoa(chats[n-1].ContactID)
		}
		for _, ch := range chats {
			if err := tx.DeleteChat(ctx, ch.ContactID); err != nil {
				return fmt.Errorf("custody: delete web chat %d: %w", ch.ContactID, err)
			}
			if err := audit(ctx, tx, "retention.webchat", "contact:"+itoa(ch.ContactID), now,
				"anonymous web chat without a ticket, %d messages, idle over %d days: deleted", ch.Messages, plan.Settings.WebChatDays); err != nil {
				return err
			}
		}
	}
	if more {
		pl, _ := json.Marshal(retentionPayload{More: true})
		err := tx.ScheduleJob(ctx, &loket.Job{Kind: JobRetention, Key: key, Payload: pl, DueAt: now, CreatedAt: now})
		if err != nil {
			return fmt.Errorf("custody: continue retention: %w", err)
		}
	}
	if continuation {
		return nil
	}
	if err := saveLastRun(ctx, tx, now); err != nil {
		return err
	}
	return c.EnsureScheduled(ctx, tx, now)
}

// purgeTexts clears the message texts due, with an audit entry per ticket
// (and one for the texts of no ticket).
func (c *Custody) purgeTexts(ctx context.Context, tx Tx, plan *Plan, now time.Time) error {
	if plan.TextsBefore.IsZero() {
		return nil
	}
	due, err := tx.RetentionTexts(ctx, plan.TextsBefore)
	if err != nil {
		return fmt.Errorf("custody: %w", err)
	}
	if len(due) == 0 {
		return nil
	}
	if _, err := tx.PurgeTexts(ctx, plan.TextsBefore); err != nil {
		return fmt.Errorf("custody: %w", err)
	}
	for _, d := range due {
		object, ref := "ticket:"+itoa(d.TicketID), fmt.Sprintf("#%d", d.TicketNumber)
		if d.TicketID == 0 {
			object, ref = "messages", "outside tickets"
		}
		if err := audit(ctx, tx, "retention.messages", object, now, "%s: %d message texts older than %d days cleared",
			ref, d.Count, plan.Settings.MessagesDays); err != nil {
			return err
		}
	}
	return nil
}

// audit records a removal made by Loket itself (no agent).
func audit(ctx context.Context, tx Tx, action, object string, now time.Time, format string, args ...any) error {
	return auditBy(ctx, tx, 0, action, object, now, format, args...)
}

// auditBy records an action of an agent (0: Loket itself).
func auditBy(ctx context.Context, tx Tx, agentID int64, action, object string, now time.Time, format string, args ...any) error {
	err := tx.AddAudit(ctx, &loket.Audit{AgentID: agentID, Action: action, Object: object, Detail: fmt.Sprintf(format, args...), CreatedAt: now})
	if err != nil {
		return fmt.Errorf("custody: audit %s: %w", action, err)
	}
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
