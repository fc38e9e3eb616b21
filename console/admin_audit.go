package console

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"loket"
	"loket/ops"
	"loket/store"
)

// auditStore is what the audit log page uses.
type auditStore interface {
	agentLister
	ops.Auditor
	ListAudit(ctx context.Context, object string, limit int) ([]loket.Audit, error)
}

func asAudit(tx store.Tx) auditStore { return tx }

// auditPage lists audit entries, optionally of one object ("document:12",
// "ticket:1001"); viewing it is itself audited.
func (c *Console) auditPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	object := strings.TrimSpace(r.URL.Query().Get("object"))
	var entries []loket.Audit
	var names map[int64]string
	err := inTx(ctx, c.store, asAudit, func(tx auditStore) error {
		var err error
		if entries, err = tx.ListAudit(ctx, object, 200); err != nil {
			return fmt.Errorf("list audit: %w", err)
		}
		if names, err = agentNames(ctx, tx); err != nil {
			return err
		}
		return audit(ctx, tx, a, "audit.view", "audit", object, c.clock.Now())
	})
	if err != nil {
		return fmt.Errorf("console: audit log: %w", err)
	}
	c.render(w, r, http.StatusOK, "audit", a, map[string]any{"Entries": entries, "Names": names, "Object": object})
	return nil
}
