package loket

import "time"

// Kinds of knowledge an admin edits (see package knowledge).
const (
	KnowOffice       = "office"       // the office profile; Key ""
	KnowRequirements = "requirements" // the documents per business form; Key ""
	KnowAnswer       = "answer"       // one answer of the bot; Key = the answer's key
)

// KnowledgeVersion is one saved version of something an admin edits on
// the console. Versions of a (Kind, Key) count up from 1; the highest is
// current. A rollback saves an older body again as a new version.
type KnowledgeVersion struct {
	ID        int64
	Kind      string
	Key       string
	Version   int
	Body      []byte // JSON
	AgentID   int64  // who saved it; 0 = not an agent (e.g. an import on the command line)
	Note      string // why: "edit", "rollback 3", "import", …
	CreatedAt time.Time
}

// Outcomes of a vendor's question to the bot.
const (
	QuestionAnswered  = "answered"  // an answer matched
	QuestionUnmatched = "unmatched" // nothing matched
	QuestionOfficer   = "officer"   // the vendor ended up asking for an officer
)

// Resolutions of an unanswered question (BotQuestion.Resolution).
const (
	ResolutionAttached  = "attached"  // added to an existing answer as a phrasing
	ResolutionNew       = "new"       // a new answer was written from it
	ResolutionDismissed = "dismissed" // nothing to learn from it
)

// BotQuestion is a question a vendor asked the bot in their own words:
// counted when answered (no text kept), kept with its text (redacted like
// every vendor text) when the bot could not answer, until an admin turns
// it into an answer or dismisses it (/admin/unanswered).
type BotQuestion struct {
	ID         int64
	Channel    Channel
	ContactID  int64
	Lang       Lang
	Text       string
	Outcome    string
	AnswerKey  string // the answer that matched, or that it was attached to
	Resolution string // "" while open
	ResolvedBy int64
	ResolvedAt time.Time
	CreatedAt  time.Time
}
