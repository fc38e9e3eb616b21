package custody

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"loket"
	"loket/store"
)

// JobRetention is the job kind of a retention run.
const JobRetention = "custody.retention"

const day = 24 * time.Hour

// Plan is what a retention run at Now removes: the preview shows it and
// the run removes exactly it (Documents and Chats a batch at a time).
type Plan struct {
	Now      time.Time
	Settings Settings
	// Cutoffs; zero when the period is 0 (kept forever).
	DocumentsBefore, TextsBefore, ChatsBefore time.Time

	Documents     []store.DueDocument
	MoreDocuments bool // more than one batch: the run continues at once
	Texts         []store.DueTexts
	TextCount     int
	Chats         []store.DueChat
	MoreChats     bool
}

// Empty reports whether the run would remove nothing.
func (p *Plan) Empty() bool { return len(p.Documents) == 0 && p.TextCount == 0 && len(p.Chats) == 0 }

func cutoff(now time.Time, days int) time.Time {
	if days <= 0 {
		return time.Time{}
	}
	return now.Add(-time.Duration(days) * day)
}

// Plan computes what a run at now removes, under the saved settings.
func (c *Custody) Plan(ctx context.Context, tx Tx, now time.Time) (*Plan, error) {
	s, err := LoadSettings(ctx, tx)
	if err != nil {
		return nil, err
	}
	p := &Plan{Now: now, Settings: s, DocumentsBefore: cutoff(now, s.DocumentsDays),
		TextsBefore: cutoff(now, s.MessagesDays), ChatsBefore: cutoff(now, s.WebChatDays)}
	if !p.DocumentsBefore.IsZero() {
		if p.Documents, err = tx.RetentionDocuments(ctx, p.DocumentsBefore, c.batch+1); err != nil {
			return nil, fmt.Errorf("custody: plan: %w", err)
		}
		if len(p.Documents) > c.batch {
			p.Documents, p.MoreDocuments = p.Documents[:c.batch], true
		}
	}
	if !p.TextsBefore.IsZero() {
		if p.Texts, err = tx.RetentionTexts(ctx, p.TextsBefore); err != nil {
			return nil, fmt.Errorf("custody: plan: %w", err)
		}
		slices.SortFunc(p.Texts, func(a, b store.DueTexts) int { return int(a.TicketID - b.TicketID) })
		for _, t := range p.Texts {
			p.TextCount += t.Count
		}
	}
	if !p.ChatsBefore.IsZero() {
		if p.Chats, err = tx.RetentionChats(ctx, p.ChatsBefore, c.batch+1); err != nil {
			return nil, fmt.Errorf("custody: plan: %w", err)
		}
		if len(p.Chats) > c.batch {
			p.Chats, p.MoreChats = p.Chats[:c.batch], true
		}
	}
	return p, nil
}

// NextRun is when the next scheduled run is due.
func (c *Custody) NextRun(ctx context.Context, tx Tx, now time.Time) (time.Time, error) {
	s, err := LoadSettings(ctx, tx)
	if err != nil {
		return time.Time{}, err
	}
	last, err := loadLastRun(ctx, tx)
	if err != nil {
		return time.Time{}, err
	}
	if last.IsZero() {
		last = now
	}
	return s.Next(last, c.loc)
}

// Preview is the plan of the next scheduled run, at its due time.
func (c *Custody) Preview(ctx context.Context, tx Tx, now time.Time) (*Plan, error) {
	next, err := c.NextRun(ctx, tx, now)
	if err != nil {
		return nil, err
	}
	return c.Plan(ctx, tx, next)
}

// retentionPayload is a run's job payload: Due is the scheduled time
// (unix seconds); More marks the continuation of a run.
type retentionPayload struct {
	Due  int64 `json:"due,omitempty"`
	More bool  `json:"more,omitempty"`
}

// EnsureScheduled schedules the next run (keyed by its due time, so any
// replica and every start may call it, and a settings change adds the new
// time while the old one, when it fires, sees it is stale).
func (c *Custody) EnsureScheduled(ctx context.Context, tx Tx, now time.Time) error {
	last, err := loadLastRun(ctx, tx)
	if err != nil {
		return err
	}
	if last.IsZero() {
		if err := saveLastRun(ctx, tx, now); err != nil {
			return err
		}
	}
	next, err := c.NextRun(ctx, tx, now)
	if err != nil {
		return err
	}
	pl, _ := json.Marshal(retentionPayload{Due: next.Unix()})
	err = tx.ScheduleJob(ctx, &loket.Job{Kind: JobRetention, Key: JobRetention + ":" + strconv.FormatInt(next.Unix(), 10),
		Payload: pl, DueAt: next, CreatedAt: now})
	if err != nil {
		return fmt.Errorf("custody: schedule retention: %w", err)
	}
	return nil
}

// SaveSettings validates and saves the settings, reschedules the next
// run and audits the change.
func (c *Custody) SaveSettings(ctx context.Context, tx Tx, s Settings, agentID int64, now time.Time) error {
	return c.saveSettings(ctx, tx, s, -1, agentID, now)
}

// saveSettings is SaveSettings; a version >= 0 saves only over that
// version (0: never saved), a *loket.Error EConflict when another save
// came first.
func (c *Custody) saveSettings(ctx context.Context, tx Tx, s Settings, version, agentID int64, now time.Time) error {
	if err := s.Validate(); err != nil {
		return err
	}
	b, _ := json.Marshal(s)
	var err error
	if version < 0 {
		err = tx.SaveSetting(ctx, SettingKey, b, now)
	} else {
		_, err = tx.SaveSettingIf(ctx, SettingKey, b, version, now)
	}
	if err != nil {
		return fmt.Errorf("custody: save retention settings: %w", err)
	}
	if err := c.EnsureScheduled(ctx, tx, now); err != nil {
		return err
	}
	return tx.AddAudit(ctx, &loket.Audit{AgentID: agentID, Action: "retention.settings", Object: SettingKey,
		Detail: fmt.Sprintf("documents %d days, messages %d days, web chats %d days, schedule %q",
			s.DocumentsDays, s.MessagesDays, s.WebChatDays, s.Schedule), CreatedAt: now})
}

func saveLastRun(ctx context.Context, tx SettingsTx, at time.Time) error {
	b, _ := json.Marshal(at.UTC())
	if err := tx.SaveSetting(ctx, lastRunKey, b, at); err != nil {
		return fmt.Errorf("custody: save last retention run: %w", err)
	}
	return nil
}

// View is what the retention page shows: the settings, when the next run
// is due, and what it would remove then.
type View struct {
	Settings Settings
	Version  int64 // of the saved settings (0: never saved), for UpdateSettings
	NextRun  time.Time
	Preview  *Plan
}

// RetentionView reads the page's view in one transaction.
func (c *Custody) RetentionView(ctx context.Context, now time.Time) (*View, error) {
	v := &View{}
	err := c.inTx(ctx, func(tx Tx) error {
		_, ver, err := tx.SettingVersion(ctx, SettingKey)
		if err != nil && !errors.Is(err, loket.ErrNotFound) {
			return fmt.Errorf("custody: version of the retention settings: %w", err)
		}
		v.Version = ver
		if v.Settings, err = LoadSettings(ctx, tx); err != nil {
			return err
		}
		if v.NextRun, err = c.NextRun(ctx, tx, now); err != nil {
			return err
		}
		v.Preview, err = c.Plan(ctx, tx, v.NextRun)
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// UpdateSettings saves settings an admin entered over the version their
// page showed (View.Version), in a transaction of its own; a *loket.Error
// EConflict when another admin saved in between.
func (c *Custody) UpdateSettings(ctx context.Context, s Settings, version, agentID int64, now time.Time) error {
	return c.inTx(ctx, func(tx Tx) error { return c.saveSettings(ctx, tx, s, max(version, 0), agentID, now) })
}
