package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"loket"
)

// Run runs the whole contract suite. open must return a fresh, migrated
// store for each call (its own file or schema) and close it in Cleanup.
func Run(t *testing.T, open func(t *testing.T) Store) {
	areas := []struct {
		name string
		fn   func(t *testing.T, s Store)
	}{
		{"Tx", testTx},
		{"Inbound", testInbound},
		{"InboundConcurrentClaim", testInboundConcurrentClaim},
		{"InboundOrder", testInboundOrder},
		{"InboundQueue", testInboundQueue},
		{"Conversations", testConversations},
		{"Contacts", testContacts},
		{"Outbox", testOutbox},
		{"OutboxOrderPerChat", testOutboxOrder},
		{"OutboxDeliveryReceipts", testOutboxDelivery},
		{"OutboxConcurrentClaim", testOutboxConcurrent},
		{"OutboxOrderConcurrent", testOutboxOrderConcurrent},
		{"Transcript", testTranscript},
		{"Jobs", testJobs},
		{"JobsConcurrentClaim", testJobsConcurrent},
		{"OutboxLeases", testOutboxLeases},
		{"OutboxPerChat", testOutboxPerChat},
		{"OutboxSentBatch", testOutboxSentBatch},
		{"OutboxPreLeased", testOutboxPreLeased},
		{"Undelivered", testUndelivered},
		{"JobLeases", testJobLeases},
		{"JobReschedule", testJobReschedule},
		{"DeadJobs", testDeadJobs},
		{"Vendors", testVendors},
		{"Tickets", testTickets},
		{"TicketNumbersConcurrent", testTicketNumbersConcurrent},
		{"ListTickets", testListTickets},
		{"Documents", testDocuments},
		{"Agents", testAgents},
		{"Calendar", testCalendar},
		{"AppointmentsLastSeat", testLastSeat},
		{"Surveys", testSurveys},
		{"Settings", testSettings},
		{"BlobReferenced", testBlobReferenced},
		{"RevokeAgentTokens", testRevokeAgentTokens},
		{"SettingVersions", testSettingVersions},
		{"HotPath", testHotPath},
		{"WriteTurn", testWriteTurn},
		{"WriteTurnMany", testWriteTurnMany},
		{"Preload", testPreload},
		{"ClaimBatch", testClaimBatch},
		{"RecordClaimed", testRecordClaimed},
		{"RecordMany", testRecordMany},
		{"Reports", testReports},
		{"Staff", testStaff},
		{"AgentAccess", testAgentAccess},
		{"RetentionDocuments", testRetentionDocuments},
		{"RetentionTexts", testRetentionTexts},
		{"RetentionChats", testRetentionChats},
		{"SubjectQueries", testSubjectQueries},
		{"Knowledge", testKnowledge},
		{"ConfigStamp", testConfigStamp},
		{"BotQuestions", testBotQuestions},
	}
	for _, a := range areas {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			a.fn(t, open(t))
		})
	}
}

// t0 is the suite's fixed "now": times come from the caller, never the clock.
var t0 = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// inTx runs fn in a transaction and fails the test on error.
func inTx(t *testing.T, s Store, fn func(tx Tx) error) {
	t.Helper()
	if err := s.InTx(ctxT(t), fn); err != nil {
		t.Fatalf("InTx: %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantErr(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error = %v, want %v", err, target)
	}
}

// race runs fn in n goroutines started together and returns their errors.
func race(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

func testTx(t *testing.T, s Store) {
	ctx := ctxT(t)
	must(t, s.Ping(ctx))
	boom := errors.New("boom")
	// A failed transaction leaves nothing behind.
	err := s.InTx(ctx, func(tx Tx) error {
		if _, err := tx.ConversationForUpdate(ctx, loket.ChannelTelegram, "rolled-back", t0); err != nil {
			return err
		}
		return boom
	})
	wantErr(t, err, boom)
	inTx(t, s, func(tx Tx) error {
		_, err := tx.ContactByAddress(ctx, loket.ChannelTelegram, "rolled-back")
		wantErr(t, err, loket.ErrNotFound)
		return nil
	})
	// A failed savepoint is undone, the transaction goes on.
	inTx(t, s, func(tx Tx) error {
		err := tx.Savepoint(ctx, func() error {
			c := &loket.Contact{Channel: loket.ChannelTelegram, ChatID: "sp-undone", CreatedAt: t0}
			if err := tx.SaveContact(ctx, c); err != nil {
				return err
			}
			return boom
		})
		wantErr(t, err, boom)
		must(t, tx.Savepoint(ctx, func() error {
			return tx.SaveContact(ctx, &loket.Contact{Channel: loket.ChannelTelegram, ChatID: "sp-kept", CreatedAt: t0})
		}))
		// A constraint violation inside a savepoint leaves the tx usable (PostgreSQL aborts otherwise).
		err = tx.Savepoint(ctx, func() error {
			return tx.SaveContact(ctx, &loket.Contact{Channel: loket.ChannelTelegram, ChatID: "sp-kept", CreatedAt: t0})
		})
		wantErr(t, err, loket.ErrConflict)
		return nil
	})
	inTx(t, s, func(tx Tx) error {
		_, err := tx.ContactByAddress(ctx, loket.ChannelTelegram, "sp-undone")
		wantErr(t, err, loket.ErrNotFound)
		_, err = tx.ContactByAddress(ctx, loket.ChannelTelegram, "sp-kept")
		must(t, err)
		return nil
	})
}
