package flows

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"loket"
)

// Documents never wait in a hidden queue: a file that passes the checks
// is on the ticket at once — under its requirement when its name or the
// question the bot asked says which, else as "type unknown"
// (requirement unknown:<sha>), visible to officers. The bot then asks,
// one file at a time and again after any interruption, which document
// each unknown file is; "none of these" leaves it for an officer
// (requirement other:<sha>). Files sent before any registration are
// checked too and kept in the conversation until the registration opens.

const (
	stepDocWhich = "dc.which" // which document is this file?
	// prefixDocReq starts the action of a "which document is this?"
	// button: "dr.<document id>.<requirement key or skip>".
	prefixDocReq = "dr."
	docSkip      = "skip"
	unknownReq   = "unknown:" // + first 12 hex of the sha: type not known yet
	otherReq     = "other:"   // + first 12 hex of the sha: the vendor could not say
	flightTTL    = 15 * time.Minute
	againTTL     = 24 * time.Hour // how long "the NPWP was the wrong file" names the next file sent
	maxHeld      = 8
)

// docState is document intake's part of the conversation state.
type docState struct {
	Ticket int64      `json:"t,omitempty"` // the ticket whose unknown files are asked about
	Flight []flight   `json:"f,omitempty"` // files received, check not finished
	Report []string   `json:"r,omitempty"` // outcomes to tell once the last check of a burst is done
	Held   []heldFile `json:"h,omitempty"` // checked before any registration, kept for it
	// Again is the document the next file sent is, the vendor having said
	// its file before was the wrong one (flows/docs_wrong.go), until
	// AgainUntil (unix seconds).
	Again      string `json:"ag,omitempty"`
	AgainUntil int64  `json:"agu,omitempty"`
}

// flight is a file whose check is running.
type flight struct {
	ID   string    `json:"i"`
	At   time.Time `json:"t"`
	Name string    `json:"f,omitempty"` // the file's name, for "still being checked"
	Req  string    `json:"q,omitempty"` // the requirement it is likely to be filed as, if known
}

// heldFile is a checked file kept for the registration to come.
type heldFile struct {
	SHA   string `json:"h"`
	Name  string `json:"f"`
	Size  int64  `json:"z"`
	Pages int    `json:"g"`
	Req   string `json:"r,omitempty"` // the document the vendor said it is (labelHeld), else ""
}

func (c *conv) docs() *docState {
	if c.st.Docs == nil {
		c.st.Docs = &docState{}
	}
	return c.st.Docs
}

// tidyDocs drops an empty docState and checks that ran away (a job
// dropped or stuck for longer than flightTTL).
func (c *conv) tidyDocs() {
	d := c.st.Docs
	if d == nil {
		return
	}
	d.Flight = slices.DeleteFunc(d.Flight, func(f flight) bool { return c.turn.Now.Sub(f.At) > flightTTL })
	if d.Again != "" && c.turn.Now.Unix() >= d.AgainUntil {
		d.Again, d.AgainUntil = "", 0
	}
	if len(d.Flight) == 0 && len(d.Report) == 0 && len(d.Held) == 0 && d.Ticket == 0 && d.Again == "" {
		c.st.Docs = nil
	}
}

// takeOff records a file whose check starts; it reports whether another
// check was already running (then the vendor has been told already).
func (c *conv) takeOff(f flight) bool {
	c.tidyDocs()
	d := c.docs()
	busy := len(d.Flight) > 0
	f.At = c.turn.Now
	d.Flight = append(d.Flight, f)
	return busy
}

// landed records a finished check; it reports whether others still run.
func (c *conv) landed(id string) bool {
	d := c.docs()
	d.Flight = slices.DeleteFunc(d.Flight, func(f flight) bool { return f.ID == id })
	c.tidyDocs()
	return c.st.Docs != nil && len(c.st.Docs.Flight) > 0
}

func isUnknownReq(key string) bool { return strings.HasPrefix(key, unknownReq) }

// unknown lists the ticket's current files of unknown type, oldest first.
func (cl *checklist) unknown() []loket.Document {
	var out []loket.Document
	for _, d := range cl.docs {
		if isUnknownReq(d.Requirement) {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b loket.Document) int { return int(a.ID - b.ID) })
	return out
}

// docWhichTicket loads the ticket the docs question is about; nil (and
// the question dropped) when it is gone or closed.
func (c *conv) docWhichTicket() (*loket.Ticket, error) {
	id := int64(0)
	if c.st.Docs != nil {
		id = c.st.Docs.Ticket
	}
	t, err := c.tx.TicketByID(c.ctx, id)
	if errors.Is(err, loket.ErrNotFound) || err == nil && !t.Status.Open() {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: docs question ticket: %w", err)
	}
	return t, nil
}

// leaveDocWhich ends the docs question and goes back to where it began.
func (c *conv) leaveDocWhich() {
	back := c.st.Back
	if back == "" || back == stepDocWhich {
		back = stepMenu
	}
	c.st.Step, c.st.Back = back, ""
	if c.st.Docs != nil {
		c.st.Docs.Ticket = 0
	}
	c.tidyDocs()
}

// askWhichOf enters the docs question for a ticket's unknown files.
func (c *conv) askWhichOf(t *loket.Ticket) error {
	if c.st.Step != stepDocWhich {
		c.st.Back = c.st.Step
		if c.st.Back == "" {
			c.st.Back = stepMenu
		}
	}
	c.st.Step, c.docs().Ticket = stepDocWhich, t.ID
	return c.docWhichPrompt()
}

// docWhichPrompt asks which document the oldest unknown file is: what is
// still missing first, then the rest, then "none of these".
func (c *conv) docWhichPrompt() error {
	c.asked = true
	t, err := c.docWhichTicket()
	if err != nil {
		return err
	}
	cl, err := c.checklistOf(t)
	if err != nil {
		return err
	}
	if t == nil || len(cl.unknown()) == 0 {
		c.leaveDocWhich()
		return c.prompt()
	}
	c.turn.TicketID = t.ID
	us := cl.unknown()
	d := us[0]
	var keys []string
	for _, missing := range []bool{true, false} {
		for _, r := range cl.reqs {
			if cl.has(r.Key) != missing {
				keys = append(keys, r.Key)
			}
		}
	}
	id := strconv.FormatInt(d.ID, 10)
	var opts []opt
	for _, k := range keys {
		label := c.labelIn(cl, k)
		opts = append(opts, opt{label: label, action: prefixDocReq + id + "." + k})
	}
	opts = append(opts, opt{key: "docs.btn.skip", action: prefixDocReq + id + "." + docSkip})
	v := c.view()
	v.Value, v.Count, v.Step, v.Steps = d.FileName, d.Pages, 1, len(us)
	return c.say("docs.which", v, opts...)
}

// docWhichInput takes typed text at the docs question (buttons, numbers
// and typed document names arrive as actions, see docChoice).
func (c *conv) docWhichInput(itx IntakeTx, in input) error {
	if in.kind == loket.InText {
		if key := c.typedRequirement(in.text); key != "" {
			t, err := c.docWhichTicket()
			if err != nil || t == nil {
				c.leaveDocWhich()
				return c.prompt()
			}
			cl, err := c.loadChecklist(t)
			if err != nil {
				return err
			}
			if us := cl.unknown(); len(us) > 0 {
				return c.docChoice(itx, prefixDocReq+strconv.FormatInt(us[0].ID, 10)+"."+key)
			}
		}
		if c.namesSeveralDocs(in.text) {
			// "yang pertama ktp, kedua npwp, ketiga akta": which file is
			// "the first" is not known here (files are checked side by
			// side), so each is asked about in turn, said so
			if err := c.say("docs.which_one", nil); err != nil {
				return err
			}
			return c.prompt()
		}
	}
	return c.offStepOr(in, "miss.which")
}

// namesSeveralDocs reports text that names two or more of the documents
// the which-document question offers.
func (c *conv) namesSeveralDocs(text string) bool {
	t, err := c.docWhichTicket()
	if err != nil || t == nil {
		return false
	}
	cl, err := c.checklistOf(t)
	if err != nil || cl == nil {
		return false
	}
	ws := strings.Fields(normal(text))
	var named []string
	for i := 0; i < len(ws); {
		key, n := c.docAt(ws, i, cl.reqs) // flows/docs_relabel.go
		if key != "" {
			named = appendNew(named, key)
		}
		i += max(n, 1)
	}
	return len(named) >= 2
}

// typedRequirement understands a document named in words ("ktp",
// "npwp perusahaan", "akta") among those just offered.
func (c *conv) typedRequirement(text string) string {
	a := c.typedChoice(text)
	if rest, ok := strings.CutPrefix(a, prefixDocReq); ok {
		if _, key, ok := strings.Cut(rest, "."); ok {
			return key
		}
	}
	return ""
}

// docChoice takes the vendor's answer to "which document is this?".
func (c *conv) docChoice(itx IntakeTx, action string) error {
	idText, key, _ := strings.Cut(strings.TrimPrefix(action, prefixDocReq), ".")
	id, _ := strconv.ParseInt(idText, 10, 64)
	t, err := c.docWhichTicket()
	if err != nil {
		return err
	}
	cl, err := c.checklistOf(t)
	if err != nil {
		return err
	}
	var doc *loket.Document // a copy: classify edits cl.docs
	if cl != nil {
		if i := slices.IndexFunc(cl.docs, func(d loket.Document) bool { return d.ID == id }); i >= 0 && isUnknownReq(cl.docs[i].Requirement) {
			d := cl.docs[i]
			doc = &d
		}
	}
	if doc == nil || c.st.Step != stepDocWhich {
		if err := c.say("docs.which_gone", nil); err != nil {
			return err
		}
		return c.prompt()
	}
	c.turn.TicketID = t.ID
	c.st.Misses = 0
	if key == docSkip {
		if err := c.renameDoc(itx, doc, otherReq+doc.SHA256[:12]); err != nil {
			return err
		}
		v := c.view()
		v.Value = doc.FileName
		lead, err := c.text("docs.skipped", v)
		if err != nil {
			return err
		}
		return c.docsFollowUp(itx, t, cl, lead)
	}
	if _, ok := cl.requirement(key); !ok {
		return c.miss("miss.which")
	}
	return c.classify(itx, t, cl, doc, key)
}

// docWhichCancel is "batal" at the docs question: every unknown file
// stays on the ticket for an officer, and the vendor is told so.
func (c *conv) docWhichCancel(itx IntakeTx) error {
	t, err := c.docWhichTicket()
	if err != nil {
		return err
	}
	lead, err := c.text("docs.which_cancelled", nil)
	if err != nil {
		return err
	}
	if t == nil {
		c.leaveDocWhich()
		if err := c.sayText(lead); err != nil {
			return err
		}
		return c.prompt()
	}
	cl, err := c.loadChecklist(t)
	if err != nil {
		return err
	}
	for _, d := range cl.unknown() {
		if err := c.renameDoc(itx, &d, otherReq+d.SHA256[:12]); err != nil {
			return err
		}
	}
	if cl, err = c.loadChecklist(t); err != nil {
		return err
	}
	return c.docsFollowUp(itx, t, cl, lead)
}

// renameDoc changes a document's requirement in place (unknown → other).
func (c *conv) renameDoc(itx IntakeTx, d *loket.Document, req string) error {
	d.Requirement = req
	if err := itx.UpdateDocument(c.ctx, d); err != nil {
		return fmt.Errorf("flows: rename document: %w", err)
	}
	return nil
}

// classify files an unknown file under a requirement: a new row for the
// requirement (an earlier one of it becomes replaced) and the unknown
// row replaced, so the timeline keeps both.
func (c *conv) classify(itx IntakeTx, t *loket.Ticket, cl *checklist, d *loket.Document, key string) error {
	d.Status = loket.DocReplaced
	if err := itx.UpdateDocument(c.ctx, d); err != nil {
		return fmt.Errorf("flows: classify document: %w", err)
	}
	cl.docs = slices.DeleteFunc(cl.docs, func(x loket.Document) bool { return x.ID == d.ID })
	lead, err := c.fileAs(itx, t, cl, heldFile{SHA: d.SHA256, Name: d.FileName, Size: d.Size, Pages: d.Pages}, key)
	if err != nil {
		return err
	}
	return c.docsFollowUp(itx, t, cl, lead)
}
