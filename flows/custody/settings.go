package custody

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"loket"
	"loket/internal/cronspec"
)

// SettingKey is where the retention settings are kept (store settings).
const SettingKey = "custody.retention"

// lastRunKey keeps the due time of the last scheduled retention run.
const lastRunKey = "custody.retention.last_run"

// maxDays bounds every retention period (ten years).
const maxDays = 3650

// Settings are the retention periods and the schedule admins set at
// /admin/retention. A period of 0 keeps that kind of data forever.
type Settings struct {
	// DocumentsDays: document files are removed this many days after
	// their ticket is verified, closed or cancelled.
	DocumentsDays int `json:"documents_days"`
	// MessagesDays: message texts (vendor, bot and agent messages, notes,
	// survey comments) are cleared this many days after they were written.
	MessagesDays int `json:"messages_days"`
	// WebChatDays: anonymous web chats without a ticket are deleted this
	// many days after their last message.
	WebChatDays int `json:"webchat_days"`
	// Schedule is when the removal runs: a cron expression of five fields
	// in the office time zone.
	Schedule string `json:"schedule"`
}

// Defaults are the safe periods Loket starts with.
func Defaults() Settings {
	return Settings{DocumentsDays: 90, MessagesDays: 365, WebChatDays: 30, Schedule: "0 2 * * *"}
}

// Validate checks every field; the error is a loket.EInvalid naming it.
func (s Settings) Validate() error {
	for _, f := range []struct {
		name string
		v    int
	}{{"documents_days", s.DocumentsDays}, {"messages_days", s.MessagesDays}, {"webchat_days", s.WebChatDays}} {
		if f.v < 0 || f.v > maxDays {
			return loket.Errorf(loket.EInvalid, "%s must be between 0 (keep forever) and %d days", f.name, maxDays)
		}
	}
	if _, err := cronspec.Parse(s.Schedule); err != nil {
		return err
	}
	return nil
}

// Next is the first scheduled run after `after`, in loc.
func (s Settings) Next(after time.Time, loc *time.Location) (time.Time, error) {
	return cronspec.Next(s.Schedule, after, loc)
}

// SettingsTx reads and writes settings.
type SettingsTx interface {
	Setting(ctx context.Context, key string) ([]byte, error)
	SaveSetting(ctx context.Context, key string, value []byte, at time.Time) error
	// SettingVersion and SaveSettingIf let an admin's save go only over
	// the version their page showed (store.Tx).
	SettingVersion(ctx context.Context, key string) ([]byte, int64, error)
	SaveSettingIf(ctx context.Context, key string, value []byte, version int64, at time.Time) (int64, error)
}

// LoadSettings returns the saved settings, or the defaults when none are.
func LoadSettings(ctx context.Context, tx SettingsTx) (Settings, error) {
	b, err := tx.Setting(ctx, SettingKey)
	if errors.Is(err, loket.ErrNotFound) {
		return Defaults(), nil
	}
	if err != nil {
		return Settings{}, fmt.Errorf("custody: load retention settings: %w", err)
	}
	s := Defaults()
	if err := json.Unmarshal(b, &s); err != nil {
		return Settings{}, fmt.Errorf("custody: retention settings unreadable: %w", err)
	}
	return s, nil
}

func loadLastRun(ctx context.Context, tx SettingsTx) (time.Time, error) {
	b, err := tx.Setting(ctx, lastRunKey)
	if errors.Is(err, loket.ErrNotFound) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("custody: load last retention run: %w", err)
	}
	var t time.Time
	if err := json.Unmarshal(b, &t); err != nil {
		return time.Time{}, fmt.Errorf("custody: last retention run unreadable: %w", err)
	}
	return t, nil
}
