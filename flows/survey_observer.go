package flows

import (
	"context"
	"encoding/json"
	"time"

	"loket"
	"loket/flows/timeline"
)

// closures observes the timeline for closed tickets: whichever path
// closed one (console, API, staff group, the idle sweep), the survey is
// scheduled; a reopened ticket drops a survey still pending.
var closures = timeline.Observer{Key: "survey:closures"}

// ObserverTx is what ObserveClosures needs of the store.
type ObserverTx interface {
	timeline.Tx
	ScheduleJob(ctx context.Context, j *loket.Job) error
	CancelJob(ctx context.Context, key string) error
}

// ObserveClosures runs one pass over new status changes inside tx (wire it
// to the engine's tick) and reports whether more may be waiting.
func (f *Flows) ObserveClosures(ctx context.Context, tx ObserverTx, now time.Time) (bool, error) {
	return closures.Pass(ctx, tx, now, func(acts []loket.Activity) error {
		for _, a := range acts {
			if a.Kind != loket.ActStatus {
				continue
			}
			var m struct{ From, To loket.TicketStatus }
			if json.Unmarshal(a.Meta, &m) != nil {
				continue
			}
			switch {
			case m.To == loket.StatusClosed && m.From != loket.StatusClosed:
				if err := ScheduleSurvey(ctx, tx, a.TicketID, a.CreatedAt); err != nil {
					return err
				}
			case m.From == loket.StatusClosed && m.To != loket.StatusClosed:
				if err := tx.CancelJob(ctx, SurveyJobKey(a.TicketID)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
