package flows

import (
	"slices"
	"strings"
	"time"
)

// "maaf tadi file npwp nya salah, saya kirim ulang ya", "sorry, I sent
// the wrong file": a file sent by mistake, said before the right one
// comes. The vendor with a registration is told to send the right one
// here and that it replaces the one before: the document named, else the
// last one filed, is what the next file sent within a day is
// (docState.Again), however it is named.
// They got the file-format rules or the answer about changing vendor
// data. Inside a ticket's conversation such a message is for the
// officers, who may reject the wrong file, and goes there.

// wrongWords say something was a mistake; typedWords that the mistake
// was typed data, not a file ("npwp nya salah ketik"); sentWords, with
// sendWords (flows/tried.go), that a file was sent or comes again.
var (
	wrongWords = wordSet("salah", "keliru", "wrong", "mistake", "mistaken", "incorrect")
	typedWords = wordSet("ketik", "tulis", "isi", "diisi", "input", "typo", "typed", "spelling", "eja")
	sentWords  = wordSet("terkirim", "sent", "uploaded", "attach", "attached", "ulang", "again")
)

// wrongFile reports a short statement that a file sent was the wrong one.
func wrongFile(text string) bool {
	if isQuestion(text) {
		return false
	}
	ws := tokens(strings.ReplaceAll(text, "'", ""))
	if len(ws) > 16 || slices.ContainsFunc(ws, func(w string) bool { return typedWords[w] }) {
		return false
	}
	return slices.ContainsFunc(ws, func(w string) bool { return wrongWords[w] }) &&
		slices.ContainsFunc(ws, func(w string) bool { return fileWords[w] || sendWords[w] || sentWords[w] }) // fileWords: flows/docs_swap.go
}

// wrongFileAnswer answers wrongFile's message when the vendor has a
// registration the right file goes to, naming the document when the
// message names one of its checklist.
func (c *conv) wrongFileAnswer(text string) (bool, error) {
	if c.textIsData() || c.st.Step == stepTicket || !wrongFile(text) {
		return false, nil
	}
	t, err := c.bookingTicket()
	if err != nil || t == nil {
		return false, err
	}
	cl, err := c.loadChecklist(t)
	if err != nil {
		return false, err
	}
	named := wordsOf(tokens(text)) // flows/doc_need.go
	var docs []Requirement
	for _, r := range cl.reqs {
		if hasAny(named, r.Words) { // flows/doc_need.go
			docs = append(docs, r)
		}
	}
	if len(docs) == 0 { // "sorry, wrong file": the last one filed
		if r, ok := cl.requirement(cl.lastFiled()); ok {
			docs = append(docs, r)
		}
	}
	c.noteLang(text)
	v := c.view()
	v.Ref = t.Ref()
	key := "docs.wrong_file"
	if len(docs) == 1 {
		key, v.Value, v.Count = "docs.wrong_file_named", docs[0].phrase(c.lang()), int(againTTL/time.Hour)
		c.docs().Again, c.docs().AgainUntil = docs[0].Key, c.turn.Now.Add(againTTL).Unix()
	}
	return true, c.detour(func() error { return c.say(key, v) })
}
