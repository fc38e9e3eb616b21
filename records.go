package loket

import "time"

// DocumentStatus is the review state of an uploaded document.
type DocumentStatus string

// Document states.
const (
	DocReceived DocumentStatus = "received"
	DocAccepted DocumentStatus = "accepted"
	DocRejected DocumentStatus = "rejected"
	DocReplaced DocumentStatus = "replaced" // superseded by a newer upload
)

// Document is a verified-to-be-a-PDF file on a ticket. The bytes live in
// content-addressed file storage under SHA256.
type Document struct {
	ID           int64
	TicketID     int64
	Requirement  string // checklist key, e.g. "ktp", "npwp_company"
	FileName     string
	SHA256       string
	Size         int64
	Pages        int
	Status       DocumentStatus
	RejectReason string
	ReviewedBy   int64
	ReviewedAt   time.Time
	CreatedAt    time.Time
}

// AppointmentStatus is the state of a verification video call.
type AppointmentStatus string

// Appointment states.
const (
	ApptBooked    AppointmentStatus = "booked"
	ApptCancelled AppointmentStatus = "cancelled"
	ApptDone      AppointmentStatus = "done"
	ApptNoShow    AppointmentStatus = "no_show"
	ApptFollowUp  AppointmentStatus = "follow_up"
)

// Appointment is a booked verification video call.
type Appointment struct {
	ID        int64
	TicketID  int64
	StartsAt  time.Time
	EndsAt    time.Time
	AgentID   int64
	Phone     string // number the officer will call (E.164)
	Status    AppointmentStatus
	CreatedAt time.Time
	UpdatedAt time.Time
}

// OfficeWindow is one weekly window of office hours, in the office time zone.
type OfficeWindow struct {
	Weekday     time.Weekday
	StartMinute int // minutes after midnight
	EndMinute   int
}

// Holiday is a day without verification calls (public holiday, collective
// leave, closure).
type Holiday struct {
	Date time.Time // midnight in the office time zone
	Name string
}

// SurveyAnswers is the number of questions in the satisfaction survey.
const SurveyAnswers = 8

// Survey is a vendor's rating of a closed ticket: 8 answers on a 1–4
// scale (0 = not answered yet) and a comment.
type Survey struct {
	ID          int64
	TicketID    int64
	Answers     [SurveyAnswers]int
	Comment     string
	CreatedAt   time.Time
	CompletedAt time.Time
}

// Role is an agent's role in the console.
type Role string

// Roles, from least to most powerful.
const (
	RoleAgent      Role = "agent"
	RoleSupervisor Role = "supervisor"
	RoleAdmin      Role = "admin"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAgent || r == RoleSupervisor || r == RoleAdmin }

// AtLeast reports whether r has at least the powers of min.
func (r Role) AtLeast(min Role) bool { return r.rank() >= min.rank() }

func (r Role) rank() int {
	switch r {
	case RoleAdmin:
		return 3
	case RoleSupervisor:
		return 2
	case RoleAgent:
		return 1
	}
	return 0
}

// Agent is a helpdesk staff member.
type Agent struct {
	ID             int64
	Username       string
	Name           string
	Role           Role
	PasswordHash   string
	TelegramUserID int64 // 0 when not linked
	Lang           Lang  // the console's language for this agent; "" = Indonesian
	Active         bool
	CreatedAt      time.Time
}

// Job is a unit of scheduled work: due at DueAt, claimed by one tick,
// done once. Key makes scheduling idempotent (one pending job per key).
type Job struct {
	ID        int64
	Kind      string
	Key       string
	Payload   []byte // JSON
	DueAt     time.Time
	Attempts  int
	LastError string
	CreatedAt time.Time
	// Token is the lease of the claim that returned the job: completing,
	// retrying, renewing or setting it aside must present it (a holder
	// whose lease was taken over gets ErrConflict and changes nothing).
	Token int64
	// DeadAt is set once the job used up its attempts: it waits for an
	// admin to retry it (the console's dead letters).
	DeadAt time.Time
}

// Audit is one entry of the audit log: who did what to which object.
type Audit struct {
	ID        int64
	AgentID   int64
	Action    string // e.g. "document.view", "ticket.status"
	Object    string // e.g. "document:12"
	Detail    string
	RemoteIP  string
	CreatedAt time.Time
}

// Session is a logged-in console session. Only the hash of its token is stored.
type Session struct {
	TokenHash string
	AgentID   int64
	CSRFToken string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// APIToken is a per-agent token for the REST API. Only its hash is stored.
type APIToken struct {
	ID        int64
	AgentID   int64
	Name      string
	TokenHash string
	CreatedAt time.Time
}
