package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"loket"
)

// Tx is what the engine needs of a store transaction.
type Tx interface {
	Savepoint(ctx context.Context, fn func() error) error
	ClaimInbound(ctx context.Context, id int64, at time.Time) (bool, error)
	ClaimInbounds(ctx context.Context, ids []int64, at time.Time) (map[int64]bool, error)
	// ClaimBatch is ClaimInbounds for a batch's messages plus
	// PreloadConversations for the chats of those claimed, in one round
	// trip where the store can.
	ClaimBatch(ctx context.Context, batch []loket.Inbound, at time.Time) (map[int64]bool, error)
	InboundFailed(ctx context.Context, id int64, reason string, maxAttempts int, at time.Time) error
	OpenConversation(ctx context.Context, ch loket.Channel, chatID string, at time.Time) (*loket.Conversation, *loket.Contact, error)
	SaveConversation(ctx context.Context, c *loket.Conversation) error
	SaveContact(ctx context.Context, c *loket.Contact) error
	EnqueueOutbound(ctx context.Context, m *loket.Outbound) error
	AddActivity(ctx context.Context, a *loket.Activity) error
	CompleteJob(ctx context.Context, id, token int64, at time.Time) error
	// WriteTurn writes a turn's outcome (the conversation's state, the
	// replies in the outbox with their timeline entries) in one go, which
	// the store may pipeline with the transaction's next statement or its
	// commit; a failure may then surface from a later statement or the
	// commit instead, failing the transaction.
	WriteTurn(ctx context.Context, conv *loket.Conversation, replies []*loket.Outbound, actor loket.ActorType) error
	// PreloadConversations reads and locks the conversations of a batch's
	// chats in one statement ahead of its turns, creating those not there
	// yet (OpenConversation then returns them while they cannot have
	// changed).
	PreloadConversations(ctx context.Context, chats []loket.ChatKey, at time.Time) error
	// RecordClaimed records messages inside the transaction and claims
	// those whose chat has nothing unhandled before them, preloading
	// their conversations, for their turns to run in the same
	// transaction (see Config.RecordApart).
	RecordClaimed(ctx context.Context, msgs []loket.Inbound, at time.Time) ([]loket.Inbound, map[int64]bool, error)
}

// Store is what the engine needs of the persistent store.
type Store[T Tx] interface {
	InTx(ctx context.Context, fn func(tx T) error) error
	RecordInbound(ctx context.Context, msgs []loket.Inbound) ([]loket.Inbound, error)
	PendingInbound(ctx context.Context, before time.Time, limit int) ([]loket.Inbound, error)
	RecordDeadInbound(ctx context.Context, m loket.Inbound, reason string, at time.Time) error
	ClaimOutbound(ctx context.Context, ch loket.Channel, now time.Time, lease time.Duration, limit, perChat int) ([]loket.Outbound, error)
	OutboundSentBatch(ctx context.Context, marks []loket.SentMark) ([]int64, error)
	OutboundRetry(ctx context.Context, id, token int64, next time.Time, reason string) error
	OutboundFailed(ctx context.Context, id, token int64, reason string, at time.Time) error
	OutboundRelease(ctx context.Context, id, token int64, next time.Time, reason string) error
	RenewOutbound(ctx context.Context, until time.Time, held []loket.HeldLease) ([]int64, error)
	QueueDepth(ctx context.Context) (map[loket.Channel]int, error)
	ClaimJobs(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]loket.Job, error)
	RenewJob(ctx context.Context, id, token int64, until time.Time) error
	RetryJob(ctx context.Context, id, token int64, next time.Time, reason string) error
	BuryJob(ctx context.Context, id, token int64, reason string, at time.Time) error
	OldestDueJob(ctx context.Context, now time.Time) (time.Time, error)
}

// Limiter is a token-bucket rate limiter (store/memory or store/redis).
type Limiter interface {
	Allow(ctx context.Context, key string, rate float64, burst int) (bool, time.Duration, error)
}

// ErrStopped is returned by Accept once the engine is shutting down.
var ErrStopped = loket.Errorf(loket.EUnavailable, "engine stopped")

// Config tunes the engine. Zero values take the defaults.
type Config struct {
	Shards          int           // parallel conversation workers (default 4: on 2 cores bigger batches beat more parallel transactions)
	BatchSize       int           // messages committed per transaction (default 64)
	Recorders       int           // batches recorded at a time, each in its transaction (default 1 with OneWriter, where they could not overlap anyway, else 2: one batch's round trips and commit overlap the next's)
	MaxAttempts     int           // handling attempts before a message is set aside (default 3)
	RecoverAfter    time.Duration // unhandled messages older than this are re-dispatched, also another replica's (default 3s)
	SendWorkers     int           // concurrent platform calls per channel sender (default 4)
	SendInHand      int           // messages one channel's sender holds leased (default 4096; see sendLoop)
	SendLease       time.Duration // outbox lease, renewed every third of it while in hand (default 4s)
	MaxSendAttempts int           // send attempts before an outbound fails (default 8; see RetryPolicy)
	JobWorkers      int           // jobs run at once (default 4)
	JobTxs          int           // of those, in their transactions at once (default 1; see jobInTx)
	JobPoll         time.Duration // how often idle workers look for due jobs (default 1s)
	JobLease        time.Duration // job lease, renewed every third of it while the job runs (default 15s)
	JobTimeout      time.Duration // a job's deadline; renewals stop there (default 90s)
	MaxJobAttempts  int           // attempts before a job is set aside as a dead letter (default 10)
	PollEvery       time.Duration // outbox poll when idle (default 1s)
	TickSpec        string        // cron spec of the job/recovery tick (default "@every 2s")
	// OneWriter says the store has one writer (SQLite): its batches
	// cannot overlap, so one is recorded at a time (Recorders).
	OneWriter bool
	Location  *time.Location
	// Redact, when set, reports whether an inbound text must not be
	// stored (a password sent by mistake); the stored copy is emptied.
	Redact func(text string) bool
	// RecordApart records every message in a transaction of its own and
	// handles it in a later one (a shard's). By default a batch
	// whose turns are expected to take less than TurnBudget is recorded
	// and handled in one transaction, one commit instead of two: its
	// messages whose chat has nothing unhandled before them run their
	// turns there, and only the others (and a whole batch whose
	// transaction failed) go the separate way. A longer batch is recorded
	// apart and handled on the shards, in parallel: in one transaction
	// it would keep its senders, and a batch slot, waiting while it ran
	// the turns. A chat's messages are never in two batches in
	// flight (see recordQueue), so they run in order either way.
	RecordApart bool
	// TurnBudget is how long a batch may spend running its turns
	// in its recording transaction, expected from the moving average of
	// recent turns (default 5ms; see RecordApart).
	TurnBudget time.Duration
}

func (c *Config) defaults() {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.Shards, 4)
	def(&c.BatchSize, 64)
	if c.OneWriter {
		def(&c.Recorders, 1)
	}
	def(&c.Recorders, 2)
	def(&c.MaxAttempts, 3)
	def(&c.SendWorkers, 4)
	def(&c.SendInHand, 4096)
	def(&c.MaxSendAttempts, 8)
	def(&c.JobWorkers, 4)
	def(&c.JobTxs, 1)
	def(&c.MaxJobAttempts, 10)
	if c.JobLease <= 0 {
		c.JobLease = 15 * time.Second
	}
	if c.JobPoll <= 0 {
		c.JobPoll = time.Second
	}
	if c.JobTimeout <= 0 {
		c.JobTimeout = 90 * time.Second
	}
	if c.TurnBudget <= 0 {
		c.TurnBudget = 5 * time.Millisecond
	}
	if c.RecoverAfter <= 0 {
		c.RecoverAfter = 3 * time.Second
	}
	if c.SendLease <= 0 {
		c.SendLease = 4 * time.Second
	}
	if c.PollEvery <= 0 {
		c.PollEvery = time.Second
	}
	if c.TickSpec == "" {
		c.TickSpec = "@every 2s"
	}
	if c.Location == nil {
		c.Location = time.UTC
	}
}

// Engine moves messages from channels through the handler to the outbox
// and out again, and runs scheduled jobs. Build it with New, register
// senders and jobs, then Run it.
type Engine[T Tx] struct {
	cfg     Config
	store   Store[T]
	handler Handler[T]
	limiter Limiter
	clock   loket.Clock
	log     *slog.Logger
	metrics *Metrics

	senders map[loket.Channel]Sender
	direct  map[loket.Channel]*direct // senders delivering their replies after the commit (Direct)
	outs    map[loket.Channel]*outState
	jobs    map[string]JobFunc[T]
	ioJobs  map[string]JobIO[T]
	ticks   []func(ctx context.Context)
	wake    map[loket.Channel]chan struct{}

	record   chan recordReq
	shards   []chan loket.Inbound
	jobTx    chan struct{} // a slot per job transaction open (Config.JobTxs)
	stopped  chan struct{}
	stopOnce sync.Once

	jobMu      sync.Mutex
	jobWaiting []*jobCommit[T] // jobs' commits waiting for a slot, the oldest first

	mu       sync.Mutex
	inflight map[int64]struct{}

	turnCost atomic.Int64 // moving average of a turn's time, in ns (see Config.TurnBudget)
}

type recordReq struct {
	msgs []loket.Inbound
	done chan error
}

// New builds an engine. metrics may be nil (no metrics), log too (silent).
func New[T Tx](cfg Config, store Store[T], handler Handler[T], limiter Limiter, clock loket.Clock, metrics *Metrics, log *slog.Logger) *Engine[T] {
	cfg.defaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e := &Engine[T]{
		cfg: cfg, store: store, handler: handler, limiter: limiter, clock: clock, log: log, metrics: metrics,
		senders:  map[loket.Channel]Sender{},
		direct:   map[loket.Channel]*direct{},
		outs:     map[loket.Channel]*outState{},
		jobs:     map[string]JobFunc[T]{},
		ioJobs:   map[string]JobIO[T]{},
		wake:     map[loket.Channel]chan struct{}{},
		stopped:  make(chan struct{}),
		inflight: map[int64]struct{}{},
		jobTx:    make(chan struct{}, cfg.JobTxs),
	}
	e.record = make(chan recordReq, 1024)
	for i := 0; i < cfg.Shards; i++ {
		e.shards = append(e.shards, make(chan loket.Inbound, 4*cfg.BatchSize))
	}
	return e
}

// AddSender registers the outbound half of a channel. Call before Run.
func (e *Engine[T]) AddSender(s Sender) {
	e.senders[s.Channel()] = s
	e.wake[s.Channel()] = make(chan struct{}, 1)
	e.outs[s.Channel()] = newOutState()
	if d, ok := s.(Direct); ok && d.Direct() {
		e.direct[s.Channel()] = newDirect(s)
	}
}

// HandleJob registers the function that runs jobs of a kind. Call before Run.
func (e *Engine[T]) HandleJob(kind string, fn JobFunc[T]) { e.jobs[kind] = fn }

// HandleJobIO registers a job kind whose work does I/O outside the
// transaction (see JobIO). Call before Run.
func (e *Engine[T]) HandleJobIO(kind string, fn JobIO[T]) { e.ioJobs[kind] = fn }

// OnTick registers work that runs on every cron tick (e.g. mirroring new
// ticket activity to the staff group). It must be idempotent and cheap
// when there is nothing to do; with several replicas it must guard itself
// (a lock or a claimed row). Call before Run.
func (e *Engine[T]) OnTick(fn func(ctx context.Context)) { e.ticks = append(e.ticks, fn) }

// Fetcher returns the document fetcher of a channel, when its adapter
// can download what vendors send.
func (e *Engine[T]) Fetcher(ch loket.Channel) (Fetcher, bool) {
	f, ok := e.senders[ch].(Fetcher)
	return f, ok
}

// Wake tells the sender of a channel that new outbound messages are
// waiting (after a commit outside the engine, e.g. a console reply). It
// names no chat: the sender looks again as each chat's messages in hand
// are sent, for a while (see owed).
func (e *Engine[T]) Wake(ch loket.Channel) {
	if st, ok := e.outs[ch]; ok {
		st.owed.oweAny()
	}
	e.signal(ch)
}

// wakeFor is Wake for the messages msgs, committed queued unleased: each
// channel's sender is woken once, and also looks when one of their chats
// has nothing left in hand, until it has claimed them.
func (e *Engine[T]) wakeFor(msgs []*loket.Outbound) {
	var chans []loket.Channel
	for _, m := range msgs { // all owed before any sender wakes
		if st, ok := e.outs[m.Channel]; ok {
			st.owed.owe(m.ChatID, m.ID)
		}
		if !slices.Contains(chans, m.Channel) {
			chans = append(chans, m.Channel)
		}
	}
	for _, ch := range chans {
		e.signal(ch)
	}
}

// signal wakes the sender of a channel.
func (e *Engine[T]) signal(ch loket.Channel) {
	if w, ok := e.wake[ch]; ok {
		select {
		case w <- struct{}{}:
		default:
		}
	}
}

// Accept records inbound messages durably and queues the new ones for
// handling. It returns after the commit; see Sink.
func (e *Engine[T]) Accept(ctx context.Context, msgs ...loket.Inbound) error {
	if len(msgs) == 0 {
		return nil
	}
	now := time.Now()
	for i := range msgs {
		msgs[i].AcceptedAt = now
		if msgs[i].ReceivedAt.IsZero() {
			msgs[i].ReceivedAt = e.clock.Now()
		}
		msgs[i].Clean() // storable whatever the platform sent: no NUL, valid UTF-8, bounded
		if !msgs[i].Channel.Valid() || msgs[i].ExternalID == "" || msgs[i].ChatID == "" {
			return loket.Errorf(loket.EInvalid, "inbound message needs a channel, an external id and a chat id")
		}
	}
	select {
	case <-e.stopped:
		return ErrStopped
	default:
	}
	req := recordReq{msgs: msgs, done: make(chan error, 1)}
	select {
	case e.record <- req:
	case <-e.stopped:
		return ErrStopped
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

var _ Sink = (*Engine[Tx])(nil)

// errors.Is helper kept here so the engine files read top-down.
func isPermanent(err error) bool {
	return errors.Is(err, ErrPermanent) || errors.Is(err, ErrUnreachable)
}

func wrapf(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
