// Package store declares what Loket's persistent store offers: Store
// (outside a transaction) and Tx (inside one), the union of what the
// engine, flows and console use. Each consumer declares the subset it
// needs; the implementations live in store/sqlstore (shared queries) with
// the store/postgres and store/sqlite adapters, and store/storetest is
// the contract suite they all run. This package holds only declarations
// and imports nothing but the root package.
package store

import (
	"context"
	"time"

	"loket"
)

// Store is the persistent store outside a transaction.
type Store interface {
	// InTx runs fn in one transaction: committed when fn returns nil,
	// rolled back otherwise.
	InTx(ctx context.Context, fn func(tx Tx) error) error
	Ping(ctx context.Context) error
	Close() error

	// Inbound log. RecordInbound inserts the messages not seen before
	// (unique on channel + external id) in one transaction and returns
	// those, with ID set, in input order; redelivered ones are left out.
	RecordInbound(ctx context.Context, msgs []loket.Inbound) ([]loket.Inbound, error)
	// LastInboundAt is when a chat's contact last wrote (zero: never).
	LastInboundAt(ctx context.Context, ch loket.Channel, chatID string) (time.Time, error)
	// PendingInbound lists recorded but unhandled messages received
	// before `before`, oldest first.
	PendingInbound(ctx context.Context, before time.Time, limit int) ([]loket.Inbound, error)
	// RecordDeadInbound sets aside a message that could not be recorded
	// (see loket.DeadInbound); one set aside before is left as it is.
	RecordDeadInbound(ctx context.Context, m loket.Inbound, reason string, at time.Time) error

	// Outbox. ClaimOutbound leases due queued messages of one channel
	// (next_attempt_at <= now) for `lease`, counting an attempt, oldest
	// first, never a message while an earlier queued message of the same
	// chat is not due (so order per chat holds) and never one leased by
	// another caller (FOR UPDATE SKIP LOCKED on PostgreSQL), at most
	// perChat of one chat (0: no bound). Each claim
	// writes a fresh LeaseToken: OutboundSent, OutboundRetry,
	// OutboundFailed and RenewOutbound match it, and a caller whose lease
	// was taken over gets ErrConflict and changes nothing.
	ClaimOutbound(ctx context.Context, ch loket.Channel, now time.Time, lease time.Duration, limit, perChat int) ([]loket.Outbound, error)
	OutboundSent(ctx context.Context, id, token int64, externalID string, at time.Time) error
	// OutboundSentBatch applies a batch of OutboundSent marks in one
	// statement, each only while its token holds the message's lease,
	// and returns the ids of the marks that landed (the others' leases
	// were taken over, or the messages are gone).
	OutboundSentBatch(ctx context.Context, marks []loket.SentMark) ([]int64, error)
	OutboundRetry(ctx context.Context, id, token int64, next time.Time, reason string) error
	OutboundFailed(ctx context.Context, id, token int64, reason string, at time.Time) error
	// OutboundRelease hands back a claimed message that was not tried
	// (its claim's attempt is given back; "" keeps the last error).
	OutboundRelease(ctx context.Context, id, token int64, next time.Time, reason string) error
	// RenewOutbound extends to until the leases of the messages in held
	// whose token still holds them, in one statement whatever their
	// number of tokens, and returns their ids (the heartbeat of sends in
	// hand).
	RenewOutbound(ctx context.Context, until time.Time, held []loket.HeldLease) ([]int64, error)
	// OutboundRequeue puts a failed message back in the queue, or makes a
	// queued one that waits for its next try due now (console "retry"),
	// with a fresh attempt budget; ErrConflict for a message in a sender's
	// hand or sent.
	OutboundRequeue(ctx context.Context, id int64, at time.Time) error
	// UndeliveredOutbound lists a channel's queued and failed messages,
	// newest first (the webhook deliveries on /admin/webhooks).
	UndeliveredOutbound(ctx context.Context, ch loket.Channel, limit int) ([]loket.Outbound, error)
	OutboundByID(ctx context.Context, id int64) (*loket.Outbound, error)
	// OutboundDelivery applies a platform's delivery receipt to the sent
	// message with that external id: sent → delivered → read, never
	// backwards; failed (with the reason) from sent or delivered. It
	// returns the message's id, 0 when no message has that id or the
	// receipt changes nothing.
	OutboundDelivery(ctx context.Context, ch loket.Channel, externalID string, status loket.OutboundStatus, reason string) (int64, error)
	// Transcript returns the last `limit` lines of a chat (inbound and
	// outbound interleaved by time, oldest first) with IDs above afterID
	// on both sides (0 = from the start).
	Transcript(ctx context.Context, ch loket.Channel, chatID string, afterInbound, afterOutbound int64, limit int) ([]loket.ChatLine, error)
	// QueueDepth counts queued outbound messages per channel.
	QueueDepth(ctx context.Context) (map[loket.Channel]int, error)

	// Jobs. ClaimJobs leases due jobs (due_at <= now, not done, lease
	// expired, not dead) for `lease` under a fresh Token, counting an
	// attempt; a job is claimed by one caller at a time. RenewJob (the
	// heartbeat), RetryJob, BuryJob (set aside as a dead letter once its
	// attempts are used up) and Tx.CompleteJob match the token: a lost
	// lease gives ErrConflict and changes nothing. DeadJobs lists the dead
	// letters, newest first; ReviveJob (an admin's retry) queues one again
	// with a fresh attempt budget.
	ClaimJobs(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]loket.Job, error)
	RenewJob(ctx context.Context, id, token int64, until time.Time) error
	RetryJob(ctx context.Context, id, token int64, next time.Time, reason string) error
	BuryJob(ctx context.Context, id, token int64, reason string, at time.Time) error
	DeadJobs(ctx context.Context, limit int) ([]loket.Job, error)
	ReviveJob(ctx context.Context, id int64, at time.Time) error
	// OldestDueJob returns the due time of the oldest pending due job (job lag), zero when none.
	OldestDueJob(ctx context.Context, now time.Time) (time.Time, error)
}

// Tx is the store inside one transaction.
type Tx interface {
	// Savepoint runs fn in a nested savepoint: fn's writes are undone when
	// it returns an error, and the error is returned; the transaction
	// stays usable.
	Savepoint(ctx context.Context, fn func() error) error

	// Inbound handling. ClaimInbound marks a message handled at `at`; it
	// returns false when it was handled already (by a redelivery, a
	// recovery pass or another replica), and the caller skips it.
	ClaimInbound(ctx context.Context, id int64, at time.Time) (bool, error)
	// ClaimInbounds does the same for several messages in one statement
	// and returns the IDs it claimed.
	ClaimInbounds(ctx context.Context, ids []int64, at time.Time) (map[int64]bool, error)
	// ClaimBatch claims a batch's messages (ClaimInbounds) and preloads the
	// conversations of the chats of those it claimed (PreloadConversations,
	// new ones created at at); a store that pipelines may send the claim
	// with the read, which then also reads and locks the conversations of
	// the messages not claimed.
	ClaimBatch(ctx context.Context, batch []loket.Inbound, at time.Time) (map[int64]bool, error)
	// RecordClaimed records messages as RecordInbound does, inside the
	// transaction, and claims at once, handled at at, those whose chat has
	// nothing unhandled before them, for the caller to handle in the same
	// transaction (which must be undone whole should one fail). It returns
	// the new messages, in input order with their IDs, and the IDs
	// claimed, and preloads the claimed ones' conversations as ClaimBatch
	// does (which may also read and lock those of the others).
	RecordClaimed(ctx context.Context, msgs []loket.Inbound, at time.Time) ([]loket.Inbound, map[int64]bool, error)
	// DeadInbounds lists the newest inbound dead letters and counts them all.
	DeadInbounds(ctx context.Context, limit int) ([]loket.DeadInbound, int, error)
	// InboundFailed counts a failed handling attempt; after maxAttempts
	// the message is marked handled with the error so it stops retrying.
	InboundFailed(ctx context.Context, id int64, reason string, maxAttempts int, at time.Time) error

	// Contacts and conversations. ConversationForUpdate returns the
	// conversation of a chat, creating it (and its contact) when missing,
	// and locks it until the transaction ends.
	ConversationForUpdate(ctx context.Context, ch loket.Channel, chatID string, at time.Time) (*loket.Conversation, error)
	// OpenConversation is ConversationForUpdate plus the contact, in one
	// round trip when the chat exists.
	OpenConversation(ctx context.Context, ch loket.Channel, chatID string, at time.Time) (*loket.Conversation, *loket.Contact, error)
	SaveConversation(ctx context.Context, c *loket.Conversation) error
	// WriteTurn is SaveConversation (UpdatedAt set) plus loket.Enqueue of
	// each reply by actor, which the store may pipeline: outside a
	// savepoint a failure (ErrConflict for a conversation saved in between)
	// may surface from the transaction's next statement or its commit
	// instead, and the replies' IDs are set once the writes ran (at the
	// latest when the transaction committed).
	WriteTurn(ctx context.Context, conv *loket.Conversation, replies []*loket.Outbound, actor loket.ActorType) error
	// PreloadConversations reads and locks the conversations of chats in
	// one statement, creating those not there yet (with their contacts, at
	// at) as OpenConversation would; OpenConversation returns a chat's copy
	// from it once, while no statement that may change a conversation or
	// a contact ran in the transaction since (reads, writes to other
	// tables and WriteTurn's writes do not count), and reads again
	// otherwise.
	PreloadConversations(ctx context.Context, chats []loket.ChatKey, at time.Time) error
	// OpenConversationAhead asks for a chat's conversation (locked) and
	// contact to travel with the transaction's next statement where the
	// backend pipelines: OpenConversation then returns them without a
	// round trip of its own. Elsewhere it does nothing.
	OpenConversationAhead(ctx context.Context, ch loket.Channel, chatID string) error
	ContactByID(ctx context.Context, id int64) (*loket.Contact, error)
	ContactByAddress(ctx context.Context, ch loket.Channel, chatID string) (*loket.Contact, error)
	SaveContact(ctx context.Context, c *loket.Contact) error // insert when ID is 0, else update

	// Outbox and timeline.
	EnqueueOutbound(ctx context.Context, m *loket.Outbound) error // sets ID, Status queued
	AddActivity(ctx context.Context, a *loket.Activity) error     // sets ID
	// NoteActivity is AddActivity for a caller that does not read the ID
	// at once: where the backend pipelines, the insert goes with the
	// transaction's next statement or its commit (a failure fails them).
	NoteActivity(ctx context.Context, a *loket.Activity) error
	Activities(ctx context.Context, ticketID int64) ([]loket.Activity, error)

	// Jobs. ScheduleJob inserts a job; when a pending job with the same
	// non-empty Key exists it is moved to the new due time and payload
	// instead; a running job (leased) keeps its run and the schedule
	// becomes a pending follow-up; ID is set, where the backend pipelines
	// once the insert ran with the transaction's next statement or its
	// commit. CancelJob drops the jobs of a key that
	// are not done (no error when absent). CompleteJob marks a job done if
	// token holds its lease (ErrConflict otherwise; ErrNotFound for no such
	// job), the error given by the call or, where the backend pipelines,
	// by the transaction's next statement or its commit.
	ScheduleJob(ctx context.Context, j *loket.Job) error
	CancelJob(ctx context.Context, key string) error
	CompleteJob(ctx context.Context, id, token int64, at time.Time) error

	// Vendors.
	SaveVendor(ctx context.Context, v *loket.Vendor) error // insert when ID is 0, else update
	VendorByID(ctx context.Context, id int64) (*loket.Vendor, error)
	VendorByNPWP(ctx context.Context, npwp string) (*loket.Vendor, error)

	// Tickets. CreateTicket assigns ID and the next human Number.
	CreateTicket(ctx context.Context, t *loket.Ticket) error
	UpdateTicket(ctx context.Context, t *loket.Ticket) error // status, assignee, title, description, vendor, closed_at, updated_at
	TicketByID(ctx context.Context, id int64) (*loket.Ticket, error)
	TicketByNumber(ctx context.Context, number int64) (*loket.Ticket, error)
	ListTickets(ctx context.Context, f loket.TicketFilter) ([]loket.Ticket, error)

	// Documents. AddDocument marks earlier documents of the same ticket and
	// requirement as replaced.
	AddDocument(ctx context.Context, d *loket.Document) error
	UpdateDocument(ctx context.Context, d *loket.Document) error // status, reason, reviewer, requirement
	DocumentByID(ctx context.Context, id int64) (*loket.Document, error)
	Documents(ctx context.Context, ticketID int64) ([]loket.Document, error)
	// ChecklistDocuments is Documents with the form of the vendor
	// vendorID ("" when 0 or gone), in one round trip.
	ChecklistDocuments(ctx context.Context, ticketID, vendorID int64) (loket.BusinessForm, []loket.Document, error)
	// TicketChecklist is TicketByID with ChecklistDocuments' answer for
	// the ticket (its vendor's form when it is a registration), in one
	// round trip where the backend pipelines.
	TicketChecklist(ctx context.Context, ticketID int64) (*loket.Ticket, loket.BusinessForm, []loket.Document, error)

	// Agents, console sessions, API tokens, audit.
	SaveAgent(ctx context.Context, a *loket.Agent) error // insert when ID is 0 (username unique → ErrConflict), else update
	AgentByID(ctx context.Context, id int64) (*loket.Agent, error)
	AgentByUsername(ctx context.Context, username string) (*loket.Agent, error)
	AgentByTelegramUser(ctx context.Context, userID int64) (*loket.Agent, error)
	ListAgents(ctx context.Context) ([]loket.Agent, error)
	CreateSession(ctx context.Context, s *loket.Session) error
	SessionByTokenHash(ctx context.Context, hash string) (*loket.Session, error)
	DeleteSession(ctx context.Context, hash string) error
	CreateAPIToken(ctx context.Context, t *loket.APIToken) error
	APITokenByHash(ctx context.Context, hash string) (*loket.APIToken, error)
	// DeleteSessionsByAgent ends an agent's sessions except keepHash ("" =
	// all) and returns how many; ListAPITokens lists an agent's tokens,
	// oldest first; RevokeAPIToken deletes a token of that agent
	// (ErrNotFound when it is not theirs).
	DeleteSessionsByAgent(ctx context.Context, agentID int64, keepHash string) (int64, error)
	ListAPITokens(ctx context.Context, agentID int64) ([]loket.APIToken, error)
	RevokeAPIToken(ctx context.Context, agentID, id int64) error
	// RevokeAPITokensByAgent deletes all of an agent's tokens (password
	// changed or reset, agent deactivated) and returns how many.
	RevokeAPITokensByAgent(ctx context.Context, agentID int64) (int64, error)
	AddAudit(ctx context.Context, a *loket.Audit) error
	ListAudit(ctx context.Context, object string, limit int) ([]loket.Audit, error)

	// Office hours, holidays, appointments.
	OfficeWindows(ctx context.Context) ([]loket.OfficeWindow, error)
	SetOfficeWindows(ctx context.Context, ws []loket.OfficeWindow) error
	Holidays(ctx context.Context, from, to time.Time) ([]loket.Holiday, error)
	SaveHoliday(ctx context.Context, h loket.Holiday) error // upsert by date
	DeleteHoliday(ctx context.Context, date time.Time) error
	// BookAppointment inserts a booked appointment unless `capacity`
	// booked appointments already start at the same time (ErrConflict);
	// the database enforces it, also across replicas.
	BookAppointment(ctx context.Context, a *loket.Appointment, capacity int) error
	UpdateAppointment(ctx context.Context, a *loket.Appointment) error
	AppointmentByID(ctx context.Context, id int64) (*loket.Appointment, error)
	Appointments(ctx context.Context, from, to time.Time) ([]loket.Appointment, error)
	TicketAppointments(ctx context.Context, ticketID int64) ([]loket.Appointment, error)

	// BlobReferenced reports whether a document or an outgoing message
	// refers to the blob sha (the orphan sweep of the document store).
	BlobReferenced(ctx context.Context, sha string) (bool, error)

	// Settings changed without a restart: one JSON document per key.
	// Setting returns ErrNotFound for a key never saved.
	// SettingVersion also returns the version, bumped by every save;
	// SaveSettingIf saves only over that version (0: never saved) and
	// returns the new one, ErrConflict when another save came first.
	Setting(ctx context.Context, key string) ([]byte, error)
	SettingVersion(ctx context.Context, key string) ([]byte, int64, error)
	SaveSetting(ctx context.Context, key string, value []byte, at time.Time) error
	SaveSettingIf(ctx context.Context, key string, value []byte, version int64, at time.Time) (int64, error)

	// Knowledge an admin edits (store/sqlstore/knowledge.go):
	// every save of the office profile, the requirements or an answer is a
	// new version of (kind, key); the highest is current. KnowledgeStamp
	// changes with every save (readers cache by it). Bot questions are what
	// vendors asked the bot: answered ones counted, the others kept with
	// their redacted text until resolved (/admin/unanswered).
	SaveKnowledge(ctx context.Context, k *loket.KnowledgeVersion) error
	KnowledgeCurrent(ctx context.Context, kind string) ([]loket.KnowledgeVersion, error)
	KnowledgeHistory(ctx context.Context, kind, key string, limit int) ([]loket.KnowledgeVersion, error)
	KnowledgeAt(ctx context.Context, kind, key string, version int) (*loket.KnowledgeVersion, error)
	KnowledgeStamp(ctx context.Context) (int64, error)
	// ConfigStamp is a number every save of the knowledge, the office
	// hours, the closed days or a setting moves (whoever writes, also on
	// another replica), so a reader may keep those in memory while it
	// stays the same. It is read once per transaction (until the
	// transaction itself saves one of those) and does not end a preload
	// (see PreloadConversations).
	ConfigStamp(ctx context.Context) (int64, error)
	AddBotQuestion(ctx context.Context, q *loket.BotQuestion) error
	OpenBotQuestions(ctx context.Context, limit int) ([]loket.BotQuestion, error)
	ResolveBotQuestions(ctx context.Context, ids []int64, resolution, answerKey string, by int64, at time.Time) (int, error)
	BotQuestionsBetween(ctx context.Context, from, to time.Time) ([]loket.BotQuestion, error)

	// Surveys (one per ticket).
	SaveSurvey(ctx context.Context, s *loket.Survey) error
	SurveyByTicket(ctx context.Context, ticketID int64) (*loket.Survey, error)

	// Reports: plain rows for a range [from, to), aggregated by
	// the console. Tickets created or closed in it; status and
	// assignment activities and agents' message_out made in it (with the
	// ticket's creation time and channel, without bodies); documents
	// reviewed in it; surveys completed in it.
	ReportTickets(ctx context.Context, from, to time.Time) ([]loket.Ticket, error)
	ReportActivities(ctx context.Context, from, to time.Time) ([]ReportActivity, error)
	ReportDocuments(ctx context.Context, from, to time.Time) ([]loket.Document, error)
	ReportSurveys(ctx context.Context, from, to time.Time) ([]loket.Survey, error)

	// Telegram staff group. LockStaffCursor returns the last
	// activity Seq mirrored to chat, creating the cursor at the newest
	// activity when missing, and locks it until the transaction ends; with
	// wait false a cursor locked by another transaction gives ok false
	// (SKIP LOCKED on PostgreSQL). ActivitiesSince lists activities with
	// Seq > afterSeq by Seq, a commit order (see loket.Activity.Seq): an
	// activity whose transaction commits late is still seen. StaffPostTicket finds the ticket of a message
	// posted to chat by its platform message id (outbox external id).
	LockStaffCursor(ctx context.Context, chat string, wait bool) (afterID int64, ok bool, err error)
	SaveStaffCursor(ctx context.Context, chat string, afterID int64, at time.Time) error
	ActivitiesSince(ctx context.Context, afterSeq int64, limit int) ([]loket.Activity, error)
	CreateStaffThread(ctx context.Context, th *StaffThread) error // one per chat and ticket (ErrConflict)
	UpdateStaffThread(ctx context.Context, th *StaffThread) error // topic, header, ready
	StaffThread(ctx context.Context, chat string, ticketID int64) (*StaffThread, error)
	StaffThreadByTopic(ctx context.Context, chat string, topicID int64) (*StaffThread, error)
	AddStaffPost(ctx context.Context, chat string, outboundID, ticketID int64) error
	StaffPostTicket(ctx context.Context, chat, messageID string) (int64, error)

	// Retention (store/custody.go). RetentionDocuments lists
	// documents not purged whose ticket settled (verified, closed,
	// cancelled) at or before `before`; PurgeDocument clears a document's
	// file name and sha256 and marks it purged; DocumentsWithBlob lists
	// the documents not purged that use a file. RetentionTexts counts per
	// ticket the message texts from at or before `before` that PurgeTexts
	// clears (timeline messages and notes, sent or failed outbox rows,
	// handled inbound rows, survey comments). RetentionChats lists
	// anonymous web chats (no vendor, no ticket) idle since `before`;
	// DeleteChat removes a contact, its conversation and its chat's messages.
	RetentionDocuments(ctx context.Context, before time.Time, limit int) ([]DueDocument, error)
	PurgeDocument(ctx context.Context, id int64, at time.Time) error
	DocumentsWithBlob(ctx context.Context, sha string) ([]int64, error)
	RetentionTexts(ctx context.Context, before time.Time) ([]DueTexts, error)
	PurgeTexts(ctx context.Context, before time.Time) (int64, error)
	RetentionChats(ctx context.Context, before time.Time, limit int) ([]DueChat, error)
	DeleteChat(ctx context.Context, contactID int64) error

	// A vendor's request for their data (store/sqlstore/custody.go).
	// VendorContacts lists the contacts linked to a vendor; SubjectTickets
	// the tickets of a vendor or opened by any of the contacts; ChatMessages
	// every inbound and outbound message of a chat, oldest first.
	// EraseVendor and EraseContact replace identifying fields (a contact's
	// chat address too, its conversation and queued messages deleted, its
	// chat's texts cleared) and mark the row erased; EraseTicket clears a
	// ticket's description, timeline texts (status and assignment lines
	// stay), call phones, survey comment, staff-group copies and webhook
	// events (number: the ticket's number).
	VendorContacts(ctx context.Context, vendorID int64) ([]loket.Contact, error)
	SubjectTickets(ctx context.Context, vendorID int64, contactIDs []int64) ([]loket.Ticket, error)
	ChatMessages(ctx context.Context, ch loket.Channel, chatID string) ([]loket.ChatLine, error)
	EraseVendor(ctx context.Context, vendorID int64, at time.Time) error
	EraseContact(ctx context.Context, contactID int64, at time.Time) error
	EraseTicket(ctx context.Context, ticketID, number int64, at time.Time) error
}

// ReportActivity is an activity with its ticket's creation time and
// channel: the raw row the console's reports aggregate.
type ReportActivity struct {
	loket.Activity
	TicketCreatedAt time.Time
	Channel         loket.Channel
}

// StaffThread is a ticket's thread in the Telegram staff group: a forum
// topic (TopicID) or, in a group without topics, a header message that
// replies attach to (HeaderOutboundID, its message id known once sent).
// A thread is created pending when a ticket first shows activity and is
// Ready once its topic or header exists; activities from FromActivityID
// on are posted to it then (an activity Seq, as the cursors hold, named
// for the ids it equalled before activities were sequenced).
type StaffThread struct {
	ChatID           string
	TicketID         int64
	TopicID          int64
	HeaderOutboundID int64
	FromActivityID   int64
	Ready            bool
	CreatedAt        time.Time
}
