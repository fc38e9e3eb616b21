package storetest

import (
	"testing"

	"loket"
)

func testBlobReferenced(t *testing.T, s Store) {
	ctx := ctxT(t)
	inTx(t, s, func(tx Tx) error {
		tk := newTicket(t, tx, nil)
		must(t, tx.AddDocument(ctx, &loket.Document{TicketID: tk.ID, Requirement: "ktp", FileName: "ktp.pdf", SHA256: "d0c", Size: 1, CreatedAt: t0}))
		must(t, tx.EnqueueOutbound(ctx, &loket.Outbound{Channel: loket.ChannelTelegram, ChatID: "1", Document: &loket.OutboundDocument{SHA256: "0b0", FileName: "x.pdf"},
			Status: loket.OutQueued, NextAttemptAt: t0, CreatedAt: t0}))
		for sha, want := range map[string]bool{"d0c": true, "0b0": true, "fee": false, "": false} {
			got, err := tx.BlobReferenced(ctx, sha)
			must(t, err)
			if got != want {
				t.Errorf("BlobReferenced(%q) = %v, want %v", sha, got, want)
			}
		}
		return nil
	})
}
