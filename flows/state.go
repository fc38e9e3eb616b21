package flows

import (
	"encoding/json"
	"fmt"
	"time"

	"loket"
)

// Step names kept in state.Step.
const (
	stepMenu       = "menu"
	stepLang       = "lang"
	stepGuide      = "guide"
	stepForm       = "in.form"
	stepName       = "in.name"
	stepNPWP       = "in.npwp"
	stepUser       = "in.user"
	stepDirector   = "in.director"
	stepPhone      = "in.phone"
	stepMode       = "in.mode"
	stepEdit       = "in.edit" // which answer to change, from the summary
	stepCancel     = "x.confirm"
	stepReqType    = "req.type"
	stepReqDesc    = "req.desc"
	stepTicket     = "ticket"
	stepResume     = "resume"
	stateVersion   = 1
	maxOfferedBtns = 12
)

// state is the conversation memory (loket.Conversation.State). Field
// names are short: it is stored on every message.
type state struct {
	V      int       `json:"v"`
	Step   string    `json:"s,omitempty"`
	Nonce  int64     `json:"n,omitempty"` // bumped on every turn that replies: older buttons are stale
	Offer  []string  `json:"o,omitempty"` // actions of the buttons last offered, for typed numbers
	Misses int       `json:"m,omitempty"`
	Last   time.Time `json:"t,omitempty"`
	Resume string    `json:"r,omitempty"` // step to go back to after a long pause
	Back   string    `json:"b,omitempty"` // step a side question (language, cancel, which document) returns to
	// LangVote is the other language the last message was clearly (but
	// briefly) written in: one more such message switches (see noteLang).
	LangVote loket.Lang `json:"lv,omitempty"`

	Guide int `json:"g,omitempty"`
	// GuideSeen is the last guide step shown, kept when the vendor
	// leaves the guide: "lanjut" typed at the menu goes on from there.
	GuideSeen int     `json:"gs,omitempty"`
	In        *intake `json:"in,omitempty"`
	// FormHint is the business form the vendor's last question about
	// documents was about ("we are a foreign company, what do we need?"):
	// a registration started afterwards takes it as its first answer
	// (flows/bring.go).
	FormHint loket.BusinessForm `json:"fh,omitempty"`
	Req      loket.TicketType   `json:"rq,omitempty"`
	Ticket   int64              `json:"tk,omitempty"` // ticket that free text goes to
	Acked    bool               `json:"ack,omitempty"`
	Drop     int64              `json:"dr,omitempty"` // ticket the vendor was asked to confirm cancelling (flows/cancel_request.go)
	Book     *bookState         `json:"bk,omitempty"` // verification-call booking in progress (flows/booking.go)
	Docs     *docState          `json:"dc,omitempty"` // documents waiting for the vendor to say what they are (flows/docs_state.go)
	Sv       *surveyState       `json:"sv,omitempty"` // satisfaction survey being answered or offered (flows/survey*.go)
	// Ans is the answer (faq entry or office answer) the last reply
	// gave: "sudah dicoba, tetap gak bisa" right after it asks for more
	// than that answer (flows/tried.go).
	Ans string `json:"ans,omitempty"`
}

// intake holds the registration answers until the ticket is opened.
type intake struct {
	Form     loket.BusinessForm `json:"form,omitempty"`
	Name     string             `json:"name,omitempty"`
	NPWP     string             `json:"npwp,omitempty"`  // digits
	TaxID    string             `json:"taxid,omitempty"` // foreign tax identification, when no NPWP
	User     string             `json:"user,omitempty"`
	Director string             `json:"dir,omitempty"`
	Phone    string             `json:"phone,omitempty"`
	Edit     bool               `json:"edit,omitempty"` // changing one answer from the summary
	// Typo is an address one typo from a provider's, asked again naming
	// the one meant: "ya" takes that one, "sudah benar" the one typed.
	Typo *mailTypoAsk `json:"mt,omitempty"`
}

// mailTypoAsk is an e-mail address typed and the one it was taken to mean.
type mailTypoAsk struct {
	Typed string `json:"t"`
	Meant string `json:"m"`
}

// answers counts the registration answers given so far.
func (in *intake) answers() int {
	if in == nil {
		return 0
	}
	n := 0
	for _, v := range []string{string(in.Form), in.Name, in.NPWP + in.TaxID, in.User, in.Director, in.Phone} {
		if v != "" {
			n++
		}
	}
	return n
}

func decodeState(b []byte) (*state, error) {
	st := &state{V: stateVersion}
	if len(b) == 0 || string(b) == "null" || string(b) == "{}" {
		return st, nil
	}
	if err := json.Unmarshal(b, st); err != nil {
		return &state{V: stateVersion}, fmt.Errorf("flows: decode state: %w", err)
	}
	if st.V != stateVersion {
		return &state{V: stateVersion}, fmt.Errorf("flows: state version %d unknown", st.V)
	}
	return st, nil
}

func (st *state) encode() ([]byte, error) {
	b, err := json.Marshal(st)
	if err != nil {
		return nil, fmt.Errorf("flows: encode state: %w", err)
	}
	return b, nil
}

// reset leaves the current journey for the menu. Registration answers
// are kept (the registration resumes where it stopped); only discard,
// after a confirmed cancel, forgets them.
func (st *state) reset() {
	st.Step, st.Resume, st.Back, st.Guide, st.Req, st.Ticket, st.Acked, st.Misses = stepMenu, "", "", 0, "", 0, false, 0
	st.Book, st.Drop = nil, 0
	st.Sv = nil // a survey left this way waits for "survei" (its answers are kept)
	if st.Docs != nil {
		st.Docs.Ticket = 0 // the question about unknown files comes back with the next file or the ticket
	}
}

// discard is reset that also forgets the registration answers: only a
// confirmed cancel (or a registration that became a ticket) does it.
func (st *state) discard() {
	st.reset()
	st.In = nil
}

// resumable reports whether a step is a journey worth resuming after a pause.
func resumable(step string) bool {
	switch step {
	case "", stepMenu, stepLang, stepResume:
		return false
	}
	if inSurvey(step) {
		return false // a survey is resumed with "survei", never by the idle prompt
	}
	return true
}
