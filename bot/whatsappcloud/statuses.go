package whatsappcloud

import (
	"context"
	"fmt"
)

// StatusRecorder records delivery statuses (sent, delivered, read, failed)
// of the messages Send returned the wamids of. It returns nil only once
// they are stored; the webhook answers 200 after that.
type StatusRecorder interface {
	RecordStatuses(ctx context.Context, statuses []Status) error
}

// recordStatuses hands statuses to the sink when it records them (the
// wiring's recorder), and notes an expired token seen in a failure.
func (c *Channel) recordStatuses(ctx context.Context, sink any, statuses []Status) error {
	for _, s := range statuses {
		if code, text := s.Reason(); code == CodeTokenInvalid {
			c.tokenRejected(text)
		}
	}
	rec := c.cfg.Statuses
	if rec == nil {
		if r, ok := sink.(StatusRecorder); ok {
			rec = r
		}
	}
	if rec == nil {
		return nil
	}
	if err := rec.RecordStatuses(ctx, statuses); err != nil {
		return fmt.Errorf("record %d delivery statuses: %w", len(statuses), err)
	}
	return nil
}
