package flows

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"loket"
)

// prefixDocReq starts the action of a "which document is this?" button:
// "dr.<first 8 hex of the file's sha>.<requirement key or skip>".
const (
	prefixDocReq = "dr."
	docSkip      = "skip"
	maxPending   = 6
)

// docState is the documents a vendor sent that are checked and stored
// but not yet filed: the vendor is asked which requirement each is.
type docState struct {
	Pending []pendingDoc `json:"p,omitempty"`
}

// pendingDoc is one checked file waiting for its requirement.
type pendingDoc struct {
	Ticket int64  `json:"t"`
	SHA    string `json:"h"`
	Name   string `json:"f"`
	Size   int64  `json:"z"`
	Pages  int    `json:"g"`
	Guess  string `json:"q,omitempty"` // from the file name
}

func (c *conv) pending() []pendingDoc {
	if c.st.Docs == nil {
		return nil
	}
	return c.st.Docs.Pending
}

func (c *conv) pendingSHA(sha string) *pendingDoc {
	for i, p := range c.pending() {
		if p.SHA == sha {
			return &c.st.Docs.Pending[i]
		}
	}
	return nil
}

// dropPending forgets a waiting file.
func (c *conv) dropPending(sha string) {
	if c.st.Docs == nil {
		return
	}
	c.st.Docs.Pending = slices.DeleteFunc(c.st.Docs.Pending, func(p pendingDoc) bool { return p.SHA == sha })
	if len(c.st.Docs.Pending) == 0 {
		c.st.Docs = nil
	}
}

// holdForChoice keeps a checked file until the vendor says what it is.
// Only the first waiting file is asked about; the others follow in turn.
func (c *conv) holdForChoice(t *loket.Ticket, pd pendingDoc) error {
	if len(c.pending()) >= maxPending {
		v := c.view()
		v.Value = pd.Name
		return c.say("docs.busy", v)
	}
	if c.st.Docs == nil {
		c.st.Docs = &docState{}
	}
	c.st.Docs.Pending = append(c.st.Docs.Pending, pd)
	if err := c.docActivity(t.ID, "docs.act.pending", pd.Name, "", map[string]any{
		"sha256": pd.SHA, "pages": pd.Pages, "size": pd.Size, "file_name": pd.Name}); err != nil {
		return err
	}
	if len(c.st.Docs.Pending) > 1 {
		return nil // the question about the first one is still open
	}
	cl, err := c.loadChecklist(t)
	if err != nil {
		return err
	}
	return c.askWhich(cl, pd)
}

// askWhich asks which requirement a file is: the guess from its name
// first, then what is still missing, then the rest, and "none of these".
func (c *conv) askWhich(cl *checklist, pd pendingDoc) error {
	var keys []string
	if pd.Guess != "" {
		keys = append(keys, pd.Guess)
	}
	for _, missing := range []bool{true, false} {
		for _, r := range cl.reqs {
			if cl.has(r.Key) != missing && !slices.Contains(keys, r.Key) {
				keys = append(keys, r.Key)
			}
		}
	}
	short := pd.SHA[:8]
	var opts []opt
	for _, k := range keys {
		v := c.view()
		v.Detail, _ = c.text("req."+k, nil)
		label := v.Detail
		if k == pd.Guess {
			label, _ = c.text("docs.btn.guess", v)
		}
		opts = append(opts, opt{label: label, action: prefixDocReq + short + "." + k})
	}
	opts = append(opts, opt{key: "docs.btn.skip", action: prefixDocReq + short + "." + docSkip})
	v := c.view()
	v.Value, v.Count = pd.Name, pd.Pages
	return c.say("docs.which", v, opts...)
}

// docChoice takes the vendor's answer to "which document is this?".
func (c *conv) docChoice(itx IntakeTx, action string) error {
	short, key, _ := strings.Cut(strings.TrimPrefix(action, prefixDocReq), ".")
	var pd *pendingDoc
	for i, p := range c.pending() {
		if strings.HasPrefix(p.SHA, short) && len(short) == 8 {
			pd = &c.st.Docs.Pending[i]
			break
		}
	}
	if pd == nil {
		if err := c.say("docs.which_gone", nil); err != nil {
			return err
		}
		return c.prompt()
	}
	t, err := c.tx.TicketByID(c.ctx, pd.Ticket)
	if errors.Is(err, loket.ErrNotFound) || err == nil && !t.Status.Open() {
		c.dropPending(pd.SHA)
		return c.say("docs.which_gone", nil)
	}
	if err != nil {
		return fmt.Errorf("flows: doc choice ticket: %w", err)
	}
	c.turn.TicketID = t.ID
	if c.st.Step != stepTicket || c.st.Ticket != t.ID {
		c.enterTicket(t, true)
	}
	cl, err := c.loadChecklist(t)
	if err != nil {
		return err
	}
	chosen := *pd
	if key == docSkip {
		c.dropPending(chosen.SHA)
		v := c.view()
		v.Value = chosen.Name
		lead, err := c.text("docs.skipped", v)
		if err != nil {
			return err
		}
		return c.docsFollowUp(t, cl, lead)
	}
	if _, ok := cl.requirement(key); !ok {
		return c.miss("miss.choose")
	}
	c.dropPending(chosen.SHA)
	if dup := cl.withSHA(chosen.SHA); dup != nil {
		v := c.view()
		v.Value, v.Detail = chosen.Name, c.fileLabel(dup)
		return c.say("docs.refused.identical", v)
	}
	return c.fileAs(itx, t, cl, chosen, key)
}
