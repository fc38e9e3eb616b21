package bot

import (
	"context"
	"time"

	"loket"
)

// Handler decides what an inbound message means (see loket.Turn). T is
// the store transaction type the handler works with: the caller wires a
// store whose transaction satisfies both the engine's Tx and the
// handler's own interface. An error undoes everything the handler did for
// this message; the message is retried a few times and then set aside.
type Handler[T any] interface {
	Handle(ctx context.Context, tx T, turn *loket.Turn) error
}

// GiveUpHandler is an optional ability of a Handler: answering a message
// the engine stops retrying. After the last failed attempt (MaxAttempts)
// the engine sets the message aside and, when the handler implements
// GiveUpHandler, calls GiveUp with a fresh turn for that message (the
// handler's changes of the failed attempts are undone). GiveUp may reply
// (e.g. an apology in the vendor's language) and flag the conversation's
// ticket for people; its replies and changes are kept like a turn's. An
// error from GiveUp undoes only what GiveUp did; the message stays set
// aside either way.
type GiveUpHandler[T any] interface {
	GiveUp(ctx context.Context, tx T, turn *loket.Turn, cause error) error
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc[T any] func(ctx context.Context, tx T, turn *loket.Turn) error

// Handle calls f.
func (f HandlerFunc[T]) Handle(ctx context.Context, tx T, turn *loket.Turn) error {
	return f(ctx, tx, turn)
}

// JobFunc runs one due job inside a transaction; the job is marked done
// in the same transaction, so it runs once. Returning an error retries it
// later with back-off.
type JobFunc[T any] func(ctx context.Context, tx T, job *loket.Job, now time.Time) error

// JobIO runs a job whose work needs slow I/O that must not hold a
// transaction open (downloading and checking a document, calling a
// platform). It runs first, outside any transaction, and returns the
// commit step, which runs in one transaction together with the job's
// completion. An error from either step retries the whole job later, so
// the I/O step must be safe to repeat.
type JobIO[T any] func(ctx context.Context, job *loket.Job, now time.Time) (commit JobFunc[T], err error)
