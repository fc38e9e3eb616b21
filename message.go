package loket

import "time"

// Channel names a messaging platform a vendor talks to Loket on.
type Channel string

// The channels Loket speaks.
const (
	ChannelTelegram Channel = "telegram"
	ChannelWhatsApp Channel = "whatsapp"
	ChannelWebChat  Channel = "webchat"
	ChannelWebhook  Channel = "webhook" // outgoing integration events (bot/webhook); ChatID = endpoint id
)

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool {
	switch c {
	case ChannelTelegram, ChannelWhatsApp, ChannelWebChat, ChannelWebhook:
		return true
	}
	return false
}

// Lang is a conversation language: Bahasa Indonesia first, English on request.
type Lang string

// The supported languages.
const (
	LangID Lang = "id"
	LangEN Lang = "en"
)

// ParseLang maps a platform language code ("en-US", "id") to a Lang,
// defaulting to Indonesian.
func ParseLang(code string) Lang {
	if len(code) >= 2 && (code[:2] == "en" || code[:2] == "EN") {
		return LangEN
	}
	return LangID
}

// MaxDocumentBytes is the largest document Loket accepts: 4 MB.
const MaxDocumentBytes = 4 << 20

// InboundKind says what a vendor sent.
type InboundKind string

// Kinds of inbound message.
const (
	InText     InboundKind = "text"     // typed text or a command
	InButton   InboundKind = "button"   // a pressed button (callback data in Button)
	InDocument InboundKind = "document" // a file (see Document)
	InContact  InboundKind = "contact"  // a shared contact card (see Phone)
	InMedia    InboundKind = "media"    // a photo, voice note, sticker… (MediaType says which)
	InBlocked  InboundKind = "blocked"  // the vendor blocked the bot / left: stop sending
)

// Inbound is one message from a vendor, in channel-neutral form.
// (Channel, ExternalID) is unique: a redelivered update carries the same
// pair and is recognised.
type Inbound struct {
	ID         int64 // assigned when recorded
	Channel    Channel
	ExternalID string // the platform's id of the update/message
	ChatID     string // the platform's address of the conversation
	SenderID   string // the platform's id of the person who wrote (differs from ChatID in groups)
	SenderName string // display name, as the platform reports it
	LangHint   string // the platform's language code of the sender, if any
	Kind       InboundKind
	Text       string       // text, caption, or the command
	Button     string       // callback data of a pressed button
	Document   *DocumentRef // for InDocument
	Phone      string       // for InContact: the shared phone number, as sent
	MediaType  string       // for InMedia: "photo", "voice", "sticker", …
	ReplyTo    string       // external id of the message this one replies to, if any
	ReceivedAt time.Time
	Attempts   int // failed handling attempts so far (read back with a message being retried)
	// AcceptedAt is when this process's engine accepted the message. It
	// is not stored: zero for a message read back from the store (after a
	// restart, on another replica, for a retry). The engine measures
	// accept → handled from it.
	AcceptedAt time.Time
}

// DocumentRef points at a file still held by the platform. Nothing is
// downloaded until the declared size has been checked.
type DocumentRef struct {
	FileID   string // platform handle used to download it
	FileName string
	MimeType string
	Size     int64 // declared by the platform; 0 when unknown
}

// Button is one button of a reply. Channels without buttons render them
// as a numbered list and map a typed number back to Data.
type Button struct {
	Label string
	Data  string
}

// OutboundStatus is the delivery state of an outgoing message.
type OutboundStatus string

// Delivery states.
const (
	OutQueued OutboundStatus = "queued"
	OutSent   OutboundStatus = "sent"
	OutFailed OutboundStatus = "failed" // gave up after the retry budget, or permanent refusal
	// Reported later by platforms with delivery receipts (WhatsApp Cloud
	// API): the message reached the phone, then was read. A "failed"
	// receipt sets OutFailed with the platform's reason.
	OutDelivered OutboundStatus = "delivered"
	OutRead      OutboundStatus = "read"
)

// Outbound is one message to send, stored in the outbox in the same
// transaction as the decision that produced it.
type Outbound struct {
	ID             int64
	Channel        Channel
	ChatID         string
	ConversationID int64
	TicketID       int64 // 0 when the message belongs to no ticket
	Text           string
	Buttons        [][]Button // rows of buttons; may be nil
	Document       *OutboundDocument
	Status         OutboundStatus
	Attempts       int
	NextAttemptAt  time.Time
	LastError      string
	ExternalID     string       // platform message id once sent
	Kind           OutboundKind // what a proactive message is; "" for an answer to the vendor
	CreatedAt      time.Time
	SentAt         time.Time
	// LeaseToken is the lease of the claim that returned the message:
	// marking it sent, retrying, failing or renewing presents it, and a
	// sender whose lease was taken over gets ErrConflict.
	LeaseToken int64
}

// OutboundKind says what a message the vendor did not just ask for is.
// The WhatsApp Cloud API delivers such a message outside the 24-hour
// customer-service window only as an approved template, chosen per kind.
type OutboundKind string

// Kinds of proactive message.
const (
	KindReply      OutboundKind = ""                     // an answer within a conversation
	KindRemindDay  OutboundKind = "reminder.day_before"  // the call is tomorrow
	KindRemindHour OutboundKind = "reminder.hour_before" // the call is in an hour
	KindRemindDocs OutboundKind = "reminder.documents"   // documents still missing after 2 / 5 days
	KindStatus     OutboundKind = "status"               // the ticket's status changed
	KindDocument   OutboundKind = "document"             // a document was checked or reviewed
	KindSurvey     OutboundKind = "survey"               // the satisfaction survey invitation or reminder
	KindAgentReply OutboundKind = "agent_reply"          // an agent wrote from the console or the staff group
	KindNoShow     OutboundKind = "no_show"              // the call was missed: a new slot is offered
)

// ProactiveKinds lists the kinds an office maps to templates.
var ProactiveKinds = []OutboundKind{KindRemindDay, KindRemindHour, KindRemindDocs, KindStatus, KindDocument,
	KindSurvey, KindAgentReply, KindNoShow}

// OutboundDocument is a stored file to send (content-addressed).
type OutboundDocument struct {
	SHA256   string
	FileName string
}

// Reply is what a flow wants said; the engine turns it into an Outbound
// addressed to the conversation.
type Reply struct {
	Text     string
	Buttons  [][]Button
	Document *OutboundDocument
}

// ChatKey names a chat: a channel and the chat's id on it.
type ChatKey struct {
	Channel Channel
	ChatID  string
}

// Chat is the chat the message came from.
func (in Inbound) Chat() ChatKey { return ChatKey{Channel: in.Channel, ChatID: in.ChatID} }

// ChatLine is one line of a chat transcript (the web chat shows these).
type ChatLine struct {
	InboundID  int64 // set for a vendor's message
	OutboundID int64 // set for a bot/agent message
	Text       string
	Buttons    [][]Button
	Document   string // file name, for documents
	Status     OutboundStatus
	At         time.Time
}

// Line is the message as the chat transcript shows it: its text, or the
// pressed button's data when it has none, and a document by its name.
func (m *Inbound) Line() ChatLine {
	l := ChatLine{InboundID: m.ID, Text: m.Text, At: m.ReceivedAt}
	if l.Text == "" {
		l.Text = m.Button
	}
	if m.Document != nil {
		l.Document = m.Document.FileName
	}
	return l
}

// Line is the outbox row as the chat transcript shows it.
func (m *Outbound) Line() ChatLine {
	l := ChatLine{OutboundID: m.ID, Text: m.Text, Buttons: m.Buttons, Status: m.Status, At: m.CreatedAt}
	if m.Document != nil {
		l.Document = m.Document.FileName
	}
	return l
}

// DeadInbound is an inbound message the database refused to record, even
// alone and after its tries: it is set aside (text escaped, so it can be
// stored) and intake goes on. Admins see these on /admin/deadletters.
type DeadInbound struct {
	ID         int64
	Channel    Channel
	ExternalID string
	ChatID     string
	SenderName string
	Kind       InboundKind
	Text       string // Go-quoted, ASCII only, bounded
	Error      string // why the database refused it
	ReceivedAt time.Time
	CreatedAt  time.Time
}
