package console

import (
	"context"
	"io"
	"time"

	"loket"
	"loket/flows/custody"
	"loket/store"
)

// Store is the part of the persistent store the console uses. The real
// store (store/sqlite, store/postgres) satisfies it.
type Store interface {
	InTx(ctx context.Context, fn func(tx store.Tx) error) error
	OutboundByID(ctx context.Context, id int64) (*loket.Outbound, error)
	OutboundRequeue(ctx context.Context, id int64, at time.Time) error
	UndeliveredOutbound(ctx context.Context, ch loket.Channel, limit int) ([]loket.Outbound, error)
	DeadJobs(ctx context.Context, limit int) ([]loket.Job, error)
	// Transcript is the last lines of a chat, both ways, oldest first
	// (the ticket page's chat with the bot, console/ticket_chat.go).
	Transcript(ctx context.Context, ch loket.Channel, chatID string, afterInbound, afterOutbound int64, limit int) ([]loket.ChatLine, error)
	ReviveJob(ctx context.Context, id int64, at time.Time) error
}

// Targets checks a webhook URL when it is saved (internal/netguard):
// loopback, link-local and private destinations are refused with a
// *loket.Error an admin can read, unless the operator allows them.
type Targets interface {
	CheckURL(ctx context.Context, raw string) error
}

// Events is live pub/sub, used to push changes to open consoles.
type Events interface {
	Publish(ctx context.Context, topic string, payload []byte) error
	Subscribe(ctx context.Context, topic string) (<-chan []byte, error)
}

// Limiter counts failed logins per key (console/login_limits.go). The
// store/memory Fallback keeps the counts in Redis and, while Redis is
// down, in process, so a login never fails because Redis is.
type Limiter interface {
	// Strike counts one failure under key; the count is forgotten window
	// after the latest strike.
	Strike(ctx context.Context, key string, window time.Duration) (int64, error)
	// Strikes returns the count under key and how long ago the latest
	// strike was (0, 0 when none).
	Strikes(ctx context.Context, key string) (int64, time.Duration, error)
	// Forgive forgets the count under key.
	Forgive(ctx context.Context, key string) error
}

// Files opens stored document bytes by their sha256.
type Files interface {
	Open(ctx context.Context, sha string) (io.ReadCloser, int64, error)
}

// Channels reports the chat channels' health and drives WhatsApp pairing
// for /admin/channels and the attention banner. cmd/loket adapts
// bot/telegram and bot/whatsapp to it (the console imports no channel).
// Optional: a nil Channels shows both channels as not enabled.
type Channels interface {
	// Telegram reports the Telegram channel; Enabled false = not configured.
	Telegram() TelegramStatus
	// WhatsApp returns the WhatsApp session, or nil (an untyped nil, not a
	// nil pointer in an interface) when LOKET_WHATSAPP is off.
	WhatsApp() WhatsAppControl
}

// WhatsAppControl is the WhatsApp session as the console sees it.
type WhatsAppControl interface {
	Status() WhatsAppStatus
	// StartPairing starts a QR pairing; Status().QRCode then carries the
	// latest code until paired or timed out.
	StartPairing(ctx context.Context) error
	// StartPhonePairing starts pairing by phone number (international
	// digits) and returns the code to type on that phone.
	StartPhonePairing(ctx context.Context, phone string) (string, error)
}

// Custody exports and erases what Loket holds about a vendor (or a
// contact who never became one): flows/custody.Custody.
type Custody interface {
	Export(ctx context.Context, s custody.Subject, w io.Writer, agentID int64, now time.Time) error
	Erase(ctx context.Context, s custody.Subject, agentID int64, now time.Time) (*custody.Erased, error)
	// RetentionView and UpdateSettings serve /admin/retention.
	RetentionView(ctx context.Context, now time.Time) (*custody.View, error)
	UpdateSettings(ctx context.Context, s custody.Settings, version, agentID int64, now time.Time) error
}
