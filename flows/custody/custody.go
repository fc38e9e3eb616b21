// Package custody holds Loket's rules for the personal data it keeps
// (UU No. 27/2022): what retention removes and when, what a vendor's
// export contains and what an erasure replaces. It decides over a narrow
// store interface (Tx, which store.Tx satisfies) and a blob remover; it
// holds no SQL, no HTTP and no channel types — the queries live in
// store/sqlstore (retention.go, custody.go), the pages in console.
package custody

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"loket"
	"loket/store"
)

// Tx is the part of the store transaction custody uses.
type Tx interface {
	SettingsTx
	ScheduleJob(ctx context.Context, j *loket.Job) error
	AddAudit(ctx context.Context, a *loket.Audit) error

	RetentionDocuments(ctx context.Context, before time.Time, limit int) ([]store.DueDocument, error)
	PurgeDocument(ctx context.Context, id int64, at time.Time) error
	DocumentsWithBlob(ctx context.Context, sha string) ([]int64, error)
	RetentionTexts(ctx context.Context, before time.Time) ([]store.DueTexts, error)
	PurgeTexts(ctx context.Context, before time.Time) (int64, error)
	RetentionChats(ctx context.Context, before time.Time, limit int) ([]store.DueChat, error)
	DeleteChat(ctx context.Context, contactID int64) error

	SubjectTx
	Activities(ctx context.Context, ticketID int64) ([]loket.Activity, error)
	Documents(ctx context.Context, ticketID int64) ([]loket.Document, error)
	TicketAppointments(ctx context.Context, ticketID int64) ([]loket.Appointment, error)
	SurveyByTicket(ctx context.Context, ticketID int64) (*loket.Survey, error)
	ChatMessages(ctx context.Context, ch loket.Channel, chatID string) ([]loket.ChatLine, error)
	EraseVendor(ctx context.Context, vendorID int64, at time.Time) error
	EraseContact(ctx context.Context, contactID int64, at time.Time) error
	EraseTicket(ctx context.Context, ticketID, number int64, at time.Time) error
}

var _ Tx = store.Tx(nil)

// InTx runs fn in one store transaction (committed when fn returns nil).
type InTx func(ctx context.Context, fn func(tx Tx) error) error

// Blobs opens and removes document files (store/files.Dir); removing one
// already gone is loket.ErrNotFound, which custody ignores.
type Blobs interface {
	ExportBlobs
	Delete(ctx context.Context, sha string) error
}

// Config wires Custody.
type Config struct {
	InTx     InTx
	Blobs    Blobs
	Location *time.Location // office time zone: the schedule's
	Log      *slog.Logger
}

// Custody runs retention, exports and erasures.
type Custody struct {
	inTx  InTx
	blobs Blobs
	loc   *time.Location
	log   *slog.Logger
	batch int // documents and chats per run; the rest continues at once
}

// New checks the configuration.
func New(cfg Config) (*Custody, error) {
	if cfg.InTx == nil || cfg.Blobs == nil {
		return nil, errors.New("custody: InTx and Blobs are required")
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Custody{inTx: cfg.InTx, blobs: cfg.Blobs, loc: cfg.Location, log: cfg.Log, batch: 200}, nil
}

// deleteBlob removes a file, ignoring one already gone.
func (c *Custody) deleteBlob(ctx context.Context, sha string) error {
	if sha == "" {
		return nil
	}
	if err := c.blobs.Delete(ctx, sha); err != nil && !errors.Is(err, loket.ErrNotFound) {
		return err
	}
	return nil
}
