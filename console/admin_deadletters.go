package console

import (
	"context"
	"fmt"
	"net/http"

	"loket"
	"loket/store"
)

// deadLettersStore is what the inbound dead letters page uses.
type deadLettersStore interface {
	DeadInbounds(ctx context.Context, limit int) ([]loket.DeadInbound, int, error)
}

func asDeadLetters(tx store.Tx) deadLettersStore { return tx }

// The dead letters (/admin/deadletters): inbound messages the database
// refused to record even alone and after their tries, set aside so intake
// went on. An admin sees who sent what, and why it was refused.

// maxDeadShown is how many dead letters the page lists (the newest).
const maxDeadShown = 200

func (c *Console) deadLettersPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	var dead []loket.DeadInbound
	var total int
	err := inTx(r.Context(), c.store, asDeadLetters, func(tx deadLettersStore) error {
		var err error
		dead, total, err = tx.DeadInbounds(r.Context(), maxDeadShown)
		return err
	})
	if err != nil {
		return fmt.Errorf("console: dead letters: %w", err)
	}
	data := map[string]any{"Inbound": dead, "InboundTotal": total}
	if data["Jobs"], err = c.deadJobs(r.Context()); err != nil {
		return err
	}
	if r.URL.Query().Get("done") == "job_retried" {
		data["Saved"] = c.tr(a.lang(), "reliability.job_retried")
	}
	c.render(w, r, http.StatusOK, "deadletters", a, data)
	return nil
}
