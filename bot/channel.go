// Package bot is the engine around the message model: it records inbound
// messages durably (deduplicated on channel + external id), runs the
// messages of one conversation one at a time and different conversations in
// parallel, commits each flow decision together with its outgoing messages
// (the outbox), drains the outbox per channel with retries, back-off and
// rate limits, and runs durable scheduled jobs on a cron tick.
//
// This file is the channel contract: what an adapter under bot/telegram,
// bot/whatsapp or bot/webchat implements. Adapters import bot; bot imports
// no adapter, no flows implementation and no store implementation.
package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"loket"
)

// Sink takes inbound messages from a channel adapter. Accept returns nil
// only after every message is durably recorded; only then may the adapter
// let the platform consider them delivered (confirm a getUpdates offset,
// answer a webhook with 200). A message recorded before is recognised and
// not handled again; that is not an error.
type Sink interface {
	Accept(ctx context.Context, msgs ...loket.Inbound) error
}

// Receiver is the inbound half of a channel. Run receives until ctx is
// cancelled and hands every message to sink.
type Receiver interface {
	Run(ctx context.Context, sink Sink) error
}

// Sender is the outbound half of a channel. Send delivers one message and
// returns the platform's id for it.
//
// Errors: wrap ErrPermanent when retrying cannot help (bad chat, message
// refused), ErrUnreachable when the person blocked the bot, and return a
// *RetryAfterError when the platform asked to wait. Anything else is
// retried with exponential back-off.
type Sender interface {
	Channel() loket.Channel
	Send(ctx context.Context, msg *loket.Outbound) (externalID string, err error)
}

// Optional capabilities. A channel implements Receiver and/or Sender; the
// engine checks a channel for these with a type assertion and does
// without when they are missing (each adapter asserts the ones it has at
// compile time, var _ bot.Limited = (*Channel)(nil)):
//
//   - Limited: the outbox keeps the platform's send rates (none otherwise).
//   - Standby: the outbox leaves the channel alone while the sender is not
//     active on this replica (always active otherwise).
//   - Fetcher: Engine.Fetcher hands it to the flows, which download and
//     check the documents vendors send (none can be fetched otherwise).
//   - Typer: the adapter shows "typing…" itself while a reply is prepared;
//     the engine does not call it.
//   - Direct (bot/direct.go): the sender's replies are sent right after
//     the commit that wrote them, the outbox's claim being only the safety
//     net (the web chat, whose transcript is itself the delivery).

// Limits are the send rates a channel must keep (messages per second).
// Zero means no limit.
type Limits struct {
	PerChat      float64
	PerChatBurst int
	Global       float64
	GlobalBurst  int
}

// Limited is implemented by senders whose platform limits send rates.
type Limited interface {
	Limits() Limits
}

// Standby is implemented by senders that are active on one replica at a
// time (a WhatsApp session is held by one replica). While Active is false
// the outbox does not claim the channel's messages, so the replica that
// holds the session sends them.
type Standby interface {
	Active() bool
}

// Observer is implemented by channels that want to know of their
// messages once they are recorded: Recorded is called with the freshly
// recorded ones (ids set, text as stored) after the commit and before any
// reply to them is handed to a sender (the turns of some may have run in
// the recording transaction already), so whatever it announces comes ahead
// of every reply.
// It must be quick; a redelivered message is not announced again.
type Observer interface {
	Recorded(ctx context.Context, msgs []loket.Inbound)
}

// Typer is implemented by channels that can show "typing…".
type Typer interface {
	Typing(ctx context.Context, chatID string) error
}

// Fetcher is implemented by channels that can download a document a vendor
// sent. Fetch must refuse (loket.ErrTooLarge) before downloading when the
// declared size is over limit, and must never return a reader that yields
// more than limit+1 bytes.
type Fetcher interface {
	Fetch(ctx context.Context, ref loket.DocumentRef, limit int64) (io.ReadCloser, error)
}

// Sentinel errors of the channel contract.
var (
	ErrPermanent   = errors.New("permanent delivery failure")
	ErrUnreachable = errors.New("recipient unreachable (blocked the bot)")
)

// RetryAfterError says the platform asked to wait before the next send to
// this chat (Telegram's 429 retry_after).
type RetryAfterError struct {
	After time.Duration
	Err   error
}

func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("retry after %s: %v", e.After, e.Err)
}

func (e *RetryAfterError) Unwrap() error { return e.Err }

// Retrying is implemented by senders whose failed sends follow their own
// schedule instead of the engine's (MaxSendAttempts and backoff), e.g.
// webhook deliveries, retried for a day.
type Retrying interface {
	RetryPolicy() RetryPolicy
}

// RetryPolicy is an exponential back-off: First, 2×First, … capped at Max,
// for MaxAttempts real attempts; then the message fails.
type RetryPolicy struct {
	MaxAttempts int
	First, Max  time.Duration
}

// Wait is the wait after the n-th failed attempt.
func (p RetryPolicy) Wait(attempt int) time.Duration {
	d := p.First
	for i := 1; i < attempt && d < p.Max; i++ {
		d *= 2
	}
	return min(d, p.Max)
}

// Span is how long the policy keeps trying: the sum of its waits.
func (p RetryPolicy) Span() time.Duration {
	var total time.Duration
	for i := 1; i < p.MaxAttempts; i++ {
		total += p.Wait(i)
	}
	return total
}
