package staff

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"loket"
	"loket/ops"
	"loket/store"
)

// JobTopic is the job kind that opens a ticket's forum topic.
const JobTopic = "staff.topic"

// Tx is the part of the store transaction the staff group uses; the real
// store (store.Tx) satisfies it with the same signatures.
type Tx interface {
	LockStaffCursor(ctx context.Context, chat string, wait bool) (afterID int64, ok bool, err error)
	SaveStaffCursor(ctx context.Context, chat string, afterID int64, at time.Time) error
	ActivitiesSince(ctx context.Context, afterID int64, limit int) ([]loket.Activity, error)
	CreateStaffThread(ctx context.Context, th *store.StaffThread) error
	UpdateStaffThread(ctx context.Context, th *store.StaffThread) error
	StaffThread(ctx context.Context, chat string, ticketID int64) (*store.StaffThread, error)
	StaffThreadByTopic(ctx context.Context, chat string, topicID int64) (*store.StaffThread, error)
	AddStaffPost(ctx context.Context, chat string, outboundID, ticketID int64) error
	StaffPostTicket(ctx context.Context, chat, messageID string) (int64, error)

	Savepoint(ctx context.Context, fn func() error) error
	TicketByID(ctx context.Context, id int64) (*loket.Ticket, error)
	UpdateTicket(ctx context.Context, t *loket.Ticket) error
	Activities(ctx context.Context, ticketID int64) ([]loket.Activity, error)
	Documents(ctx context.Context, ticketID int64) ([]loket.Document, error)
	TicketAppointments(ctx context.Context, ticketID int64) ([]loket.Appointment, error) // a status change releases a call ahead
	UpdateAppointment(ctx context.Context, ap *loket.Appointment) error
	AddActivity(ctx context.Context, a *loket.Activity) error
	NoteActivity(ctx context.Context, a *loket.Activity) error
	ContactByID(ctx context.Context, id int64) (*loket.Contact, error)
	VendorByID(ctx context.Context, id int64) (*loket.Vendor, error)
	AgentByID(ctx context.Context, id int64) (*loket.Agent, error)
	AgentByTelegramUser(ctx context.Context, userID int64) (*loket.Agent, error)
	EnqueueOutbound(ctx context.Context, m *loket.Outbound) error
	ScheduleJob(ctx context.Context, j *loket.Job) error
	CancelJob(ctx context.Context, key string) error
	AddAudit(ctx context.Context, a *loket.Audit) error
}

var (
	_ Tx           = store.Tx(nil)
	_ ops.StatusTx = Tx(nil) // what the group's reply and status need
	_ ops.AssignTx = Tx(nil) // what its claim needs
)

// Topics opens forum topics in the staff group (bot/telegram.Channel).
// forum is false, without error, when the group has no topics.
type Topics interface {
	CreateForumTopic(ctx context.Context, chatID, name string) (topicID int64, forum bool, err error)
}

// InTx runs fn in one store transaction (committed when fn returns nil).
type InTx func(ctx context.Context, fn func(tx Tx) error) error

// Config configures the staff group.
type Config struct {
	ChatID     string        // the staff group's chat id (LOKET_TELEGRAM_STAFF_CHAT); required
	ConsoleURL string        // base URL of the console, for links ("https://helpdesk.example")
	Lang       loket.Lang    // language of the texts in the group (default Indonesian)
	Settle     time.Duration // activities younger than this wait for the next pass (default 2s)
	Batch      int           // activities per mirror transaction (default 200)
	// TopicAttempts is how many times opening a forum topic is tried
	// before the ticket falls back to a header message (default 5).
	TopicAttempts int
}

// Staff mirrors tickets into the staff group and handles what agents
// write there. It is safe for concurrent use.
type Staff struct {
	cfg    Config
	inTx   InTx
	topics Topics // nil: always header messages
	clock  loket.Clock
	log    *slog.Logger
	texts  *catalogue
	ops    *ops.Service // the ticket operations, shared with the console
	wake   func(loket.Channel)
}

// New checks the configuration and the texts. svc is the ticket
// operations service, the same one the console calls (cmd/loket builds it
// once). topics may be nil (no forum topics, header messages only); wake
// (optional) is told when new outbound messages wait, e.g. engine.Wake.
func New(cfg Config, inTx InTx, svc *ops.Service, topics Topics, wake func(loket.Channel), clock loket.Clock, log *slog.Logger) (*Staff, error) {
	chat, topic, _ := strings.Cut(cfg.ChatID, "/")
	if n, err := strconv.ParseInt(chat, 10, 64); err != nil || n == 0 || topic != "" {
		return nil, fmt.Errorf("staff: chat id %q is not a Telegram chat id", cfg.ChatID)
	}
	if inTx == nil || svc == nil || clock == nil {
		return nil, errors.New("staff: a store, the ticket operations and a clock are required")
	}
	if cfg.Lang != loket.LangEN {
		cfg.Lang = loket.LangID
	}
	if cfg.Settle <= 0 {
		cfg.Settle = 2 * time.Second
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 200
	}
	if cfg.TopicAttempts <= 0 {
		cfg.TopicAttempts = 5
	}
	cfg.ConsoleURL = strings.TrimRight(cfg.ConsoleURL, "/")
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	texts, err := loadTexts()
	if err != nil {
		return nil, err
	}
	if wake == nil {
		wake = func(loket.Channel) {}
	}
	return &Staff{cfg: cfg, inTx: inTx, topics: topics, clock: clock, log: log, texts: texts, ops: svc, wake: wake}, nil
}

// ChatID is the staff group's chat id: the engine routes inbound
// Telegram messages from this chat to Handle.
func (s *Staff) ChatID() string { return s.cfg.ChatID }

// link is the console page of a ticket.
func (s *Staff) link(t *loket.Ticket) string {
	return fmt.Sprintf("%s/tickets/%d", s.cfg.ConsoleURL, t.Number)
}

// dest is the chat address of a thread: "<chat>/<topic>" or "<chat>".
func dest(th *store.StaffThread) string {
	if th.TopicID > 0 {
		return th.ChatID + "/" + strconv.FormatInt(th.TopicID, 10)
	}
	return th.ChatID
}

// post puts a message to the staff group in the outbox. In a group
// without topics it is remembered as the ticket's post, so a reply to it
// finds the ticket.
func (s *Staff) post(ctx context.Context, tx Tx, chatID string, ticketID, convID int64, text string, now time.Time) (*loket.Outbound, error) {
	out := &loket.Outbound{Channel: loket.ChannelTelegram, ChatID: chatID, ConversationID: convID, Text: text,
		Status: loket.OutQueued, NextAttemptAt: now, CreatedAt: now}
	if err := tx.EnqueueOutbound(ctx, out); err != nil {
		return nil, fmt.Errorf("staff: enqueue post: %w", err)
	}
	if ticketID != 0 && !strings.Contains(chatID, "/") {
		if err := tx.AddStaffPost(ctx, chatID, out.ID, ticketID); err != nil {
			return nil, fmt.Errorf("staff: record post: %w", err)
		}
	}
	return out, nil
}
