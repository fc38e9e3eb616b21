package flows

import "loket"

// view is the data every text template receives. One struct for all
// texts keeps the templates checkable at start-up: a misspelt field is a
// render error in checkAll.
type view struct {
	Office *Office
	Hours  string // office hours in words, e.g. "Senin–Jumat 10.00–14.00 WIB"
	When   string // when an officer will next read messages, in words
	Open   bool   // office is open now

	Name   string // the contact's name, may be empty
	Salam  string // the greeting returned to the vendor's own ("Waalaikumsalam"), "" for a plain hello
	Ref    string // ticket reference, "#1001"
	Step   int
	Steps  int
	Form   string // business form in words
	Count  int    // a number to show (digits counted, position of a bad character…)
	Value  string // a value to echo back
	Other  string // a second value (the other file of a swap)
	Type   string // request type in words
	Where  string // where the vendor was, in words
	Detail string // a pre-rendered block (checklist, office note…)
	Tail   string // a pre-rendered end of a sentence (how far the documents are, docs.got)
	Quiet  bool   // the text goes out without its buttons (an answer inside a form step): say what to type instead

	In      intakeView
	Tickets []ticketView
	Docs    map[string]docList // the documents of each form, named in the text's language
	// DocText is each form's document list as the answers give it
	// (opt.doclist), or the answer's {docs_<form>} placeholder.
	DocText map[string]string
}

// docList names the documents of one business form: those the
// verification checks (numbered in lists) and those only for the SIKaP
// data-entry assistance.
type docList struct {
	Verify, Assist []string
}

// docLists names the documents of every form in l.
func (k *known) docLists(l loket.Lang) map[string]docList {
	out := map[string]docList{}
	for f, rs := range k.reqs {
		var d docList
		for _, r := range rs {
			if r.Verification {
				d.Verify = append(d.Verify, r.label(l))
			} else {
				d.Assist = append(d.Assist, r.Name.In(l))
			}
		}
		out[string(f)] = d
	}
	return out
}

// intakeView is the registration answers as shown to people.
type intakeView struct {
	Form, Name, NPWP, User, Director, Phone, Mode string
}

// ticketView is one ticket in the status list, in words.
type ticketView struct {
	Ref, Type, Status, Next string
	Open                    bool
	Pending                 int      // files sent in chat, not reviewed yet
	Checking                []string // names of the files whose automatic check is still running
	Missing                 []string
	Rejected                []string
	Note                    string // the officer's note with the ticket's needs-fix status
}

func sampleView(o *Office) *view {
	return &view{
		Office: o, Hours: "Mon–Fri 10.00–14.00 WIB", When: "Monday 10.00 WIB", Open: true,
		Name: "Budi", Ref: "#1001", Step: 1, Steps: guideSteps, Form: "PT/CV", Count: 14,
		Value: "x", Type: "other", Where: "step 1", Detail: "detail",
		In: intakeView{"PT/CV", "PT Maju", "01.234.567.8-901.000", "MAJU", "Budi", "+628123456789", "online"},
		Tickets: []ticketView{{Ref: "#1001", Type: "t", Status: "s", Next: "n", Open: true, Pending: 1,
			Checking: []string{"ktp.pdf"}, Missing: []string{"KTP"}, Rejected: []string{"NPWP: blur"},
			Note: "NPWP tidak terbaca"}},
	}
}
