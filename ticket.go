package loket

import (
	"fmt"
	"strings"
	"time"
)

// TicketStatus is a step of the ticket lifecycle:
// new → waiting_documents → in_review → (needs_fix ↺) → call_scheduled →
// verified → closed, plus cancelled.
type TicketStatus string

// Ticket statuses.
const (
	StatusNew              TicketStatus = "new"
	StatusWaitingDocuments TicketStatus = "waiting_documents"
	StatusInReview         TicketStatus = "in_review"
	StatusNeedsFix         TicketStatus = "needs_fix"
	StatusCallScheduled    TicketStatus = "call_scheduled"
	StatusVerified         TicketStatus = "verified"
	StatusClosed           TicketStatus = "closed"
	StatusCancelled        TicketStatus = "cancelled"
)

// TicketStatuses lists every status in lifecycle order.
var TicketStatuses = []TicketStatus{
	StatusNew, StatusWaitingDocuments, StatusInReview, StatusNeedsFix,
	StatusCallScheduled, StatusVerified, StatusClosed, StatusCancelled,
}

// Valid reports whether s is a known status.
func (s TicketStatus) Valid() bool {
	for _, v := range TicketStatuses {
		if v == s {
			return true
		}
	}
	return false
}

// Open reports whether a ticket in status s is still being worked on.
func (s TicketStatus) Open() bool { return s != StatusClosed && s != StatusCancelled }

// Label is the status as agents read it on the timeline, the console and
// the staff group ("waiting_documents" → "Waiting documents").
func (s TicketStatus) Label() string {
	t := strings.ReplaceAll(string(s), "_", " ")
	if t == "" {
		return ""
	}
	return strings.ToUpper(t[:1]) + t[1:]
}

// TicketType says what the vendor asked for.
type TicketType string

// Ticket types.
const (
	TypeRegistration TicketType = "registration" // registration & document verification
	TypeAccountReset TicketType = "account_reset"
	TypeDataChange   TicketType = "data_change"
	TypeAppProblem   TicketType = "app_problem"
	TypeGuideHelp    TicketType = "guide_help" // stuck in the registration guide
	TypeOther        TicketType = "other"
)

// RegistrationTitle is the title the helpdesk uses for new vendors.
const RegistrationTitle = "Registrasi dan Verifikasi Berkas (bagi pengguna baru di SPSE)"

// Ticket is one request of a vendor to the helpdesk.
type Ticket struct {
	ID          int64
	Number      int64 // human number, shown as #1001
	VendorID    int64 // 0 when not yet known
	ContactID   int64
	Channel     Channel // the channel the vendor used: status pushes go there
	Title       string
	Description string
	Type        TicketType
	Status      TicketStatus
	AssigneeID  int64 // 0 when unassigned
	CreatedAt   time.Time
	UpdatedAt   time.Time
	ClosedAt    time.Time // zero while open
}

// Ref returns the ticket's human reference, e.g. "#1001".
func (t *Ticket) Ref() string { return fmt.Sprintf("#%d", t.Number) }

// ActivityKind says what happened on a ticket.
type ActivityKind string

// Activity kinds ("Recent Activity").
const (
	ActMessageIn   ActivityKind = "message_in"  // vendor wrote
	ActMessageOut  ActivityKind = "message_out" // bot or agent wrote to the vendor
	ActNote        ActivityKind = "note"        // internal note, never sent to the vendor
	ActStatus      ActivityKind = "status"      // status change
	ActDocument    ActivityKind = "document"    // a document arrived or was reviewed
	ActAppointment ActivityKind = "appointment"
	ActAssignment  ActivityKind = "assignment"
	ActSystem      ActivityKind = "system"
)

// ActorType says who did something.
type ActorType string

// Actors.
const (
	ActorVendor ActorType = "vendor"
	ActorAgent  ActorType = "agent"
	ActorBot    ActorType = "bot"
	ActorSystem ActorType = "system"
)

// Activity is one entry of a ticket's timeline.
type Activity struct {
	ID         int64
	TicketID   int64
	Kind       ActivityKind
	Actor      ActorType
	AgentID    int64 // when Actor is an agent
	Body       string
	Meta       []byte // JSON detail (old/new status, document id…)
	OutboundID int64  // for message_out: the outbox row, for delivery state
	CreatedAt  time.Time
	// Seq orders the timeline by commit for its observers: given once the
	// activity is committed (0 until then), always above every Seq
	// committed before it. Observer cursors hold a Seq.
	Seq int64
}
