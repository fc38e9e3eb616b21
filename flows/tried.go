package flows

import (
	"slices"
	"strconv"
	"strings"
)

// A vendor told to check the spam folder who answers "sudah cek spam
// juga" or "terus gimana dong?" has tried the advice and is asking what
// now. Giving the same advice again (or, since "terus" is a word of
// "loading terus", the application-problem answer) leaves them going round:
// such a message right after an answer, or on a guide step, gets the way
// to a person instead — "Saya macet di sini" on the guide (a ticket with
// the step), the answer's own request or an officer elsewhere.

// triedVerbs are what was done, after "sudah"/"already" ("sudah dicek",
// "udah coba", "already tried").
var triedVerbs = wordSet("cek", "dicek", "ngecek", "check", "checked", "coba", "dicoba", "nyoba", "mencoba", "cobain",
	"tried", "try", "lakukan", "dilakukan", "ikuti", "diikuti", "ikutin", "followed", "did", "done", "klik", "diklik",
	"clicked", "tunggu", "ditunggu", "nunggu", "waited", "ulang", "diulang", "ulangi", "lihat", "dilihat", "liat",
	"looked", "periksa", "diperiksa")

var alreadyWords = wordSet("sudah", "udah", "sdh", "udh", "dah", "telah", "already", "have", "ive")

// pastDone are English verbs in the past said by the vendor ("we checked
// spam", "I tried that"): done, without "already".
var (
	subjectWords = wordSet("i", "we", "ive", "weve")
	pastDone     = wordSet("checked", "tried", "did", "looked", "waited", "clicked", "followed", "searched", "reset")
)

// stayWords, with a "no" after them, say nothing changed ("tetap gak
// ada", "masih belum masuk", "still nothing").
var (
	stayWords = wordSet("tetap", "tetep", "ttp", "masih", "msh", "still")
	stayNot   = wordSet("gak", "ga", "gk", "tidak", "tdk", "nggak", "ngga", "enggak", "belum", "blm", "not", "no",
		"nothing", "gagal", "error", "sama", "kosong", "failed")
	// didNotWork: "gak berhasil", "didn't work", "not working".
	notWords  = wordSet("gak", "ga", "gk", "tidak", "tdk", "nggak", "ngga", "enggak", "belum", "blm", "didnt", "doesnt", "not", "isnt")
	workWords = wordSet("berhasil", "work", "works", "working", "help", "helped", "ngaruh", "membantu", "bisa2", "jalan")
)

// whatNowWords ask what comes next: one of them and a question word, with
// nothing but filler besides ("terus gimana dong?", "lalu saya harus
// apa?", "then what?", "what now?").
var (
	nextWords     = wordSet("terus", "trus", "trs", "lalu", "kemudian", "selanjutnya", "jadi", "jd", "then", "now", "next")
	whatWords     = wordSet("gimana", "bagaimana", "gmn", "gmana", "bgmn", "apa", "ngapain", "what", "how")
	whatNowFiller = wordSet("dong", "ya", "min", "kak", "pak", "bu", "sih", "nih", "deh", "saya", "sy", "aku", "harus",
		"musti", "mesti", "bikin", "caranya", "nya", "hmm", "do", "i", "we", "should", "so", "step", "langkah", "can",
		// "lalu apa lagi?", "what else then?" (no answer)
		"lagi", "else")
)

// triedIt reports a short message that says the advice was followed
// and did not help, or asks what now.
func triedIt(text string) bool {
	ws := tokens(strings.ReplaceAll(text, "'", ""))
	if len(ws) == 0 || len(ws) > 9 {
		return false
	}
	for i, w := range ws {
		after := ws[i+1 : min(len(ws), i+4)]
		switch {
		case alreadyWords[w] && slices.ContainsFunc(after, func(a string) bool { return triedVerbs[a] }):
			return true
		case stayWords[w] && slices.ContainsFunc(after[:min(len(after), 2)], func(a string) bool { return stayNot[a] }):
			return true
		case notWords[w] && i+1 < len(ws) && workWords[ws[i+1]]:
			return true
		case subjectWords[w] && i+1 < len(ws) && pastDone[ws[i+1]]:
			return true
		}
	}
	return whatNow(ws)
}

func whatNow(ws []string) bool { return wordsOnly(ws, whatNowFiller, nextWords, whatWords) }

// triedWords answers such a message on a guide step or right after an
// answer; elsewhere (a form, a ticket the officers read) it is left to
// the step.
func (c *conv) triedWords(text string) (bool, error) {
	st := c.st
	if c.textIsData() || st.Step == stepTicket || st.Step != stepGuide && st.Ans == "" || !triedIt(text) {
		return false, nil
	}
	c.noteLang(text)
	if st.Step == stepGuide {
		if m, ok := c.bestAnswer(text); ok {
			// "sudah cek spam juga": stuck at the step that says to check
			// it, one the vendor has been shown
			if n, ok := strings.CutPrefix(m.ID, guideMatchPrefix); ok {
				if step, _ := strconv.Atoi(n); step >= 1 && step <= max(st.Guide, st.GuideSeen) {
					st.Guide, st.GuideSeen = step, step
				}
			}
		}
		return true, c.guideAgain("guide.tried")
	}
	ask := opt{key: "btn.officer", action: actOfficer}
	if typ, ok := answerRequest(st.Ans); ok { // flows/request.go
		ask = opt{key: "btn.req_" + string(typ), action: prefixReq + string(typ)} // "lupa password" → a reset request
	}
	return true, c.say("answer.tried", nil, ask, opt{key: "btn.menu", action: actMenu})
}

// "Ok I will send the business licence later", "akta nya nyusul ya": a
// file promised for later is noted with where and how to send it, not
// answered with the document list its words match. Inside a ticket such
// a message is for the officers and goes there.
var (
	laterWords = wordSet("nanti", "nyusul", "menyusul", "susulan", "later", "besok", "tomorrow", "soon", "segera")
	sendWords  = wordSet("kirim", "dikirim", "kirimkan", "kirimin", "send", "sending", "upload", "diupload", "unggah",
		"diunggah", "nyusul", "menyusul", "susulan")
)

// mayWords ask leave: "can I send the documents tomorrow?", "boleh
// kirim berkasnya besok?" promise the files as much as a statement does.
// A question counts only with them and a word for the files as a whole.
var mayWords = wordSet("can", "could", "may", "boleh", "bisa", "bs", "ok", "okay", "oke", "gpp", "gapapa")

// allDocsWords name the files as a whole: a question that names one of
// them ("can I send the deed later?") is answered for that document
// (whether it may come later: flows/doc_need.go).
var allDocsWords = wordSet("dokumen", "dokumennya", "berkas", "berkasnya", "document", "documents", "file", "files",
	"filenya", "pdf", "pdfs", "pdfnya", "semua", "all")

// askOtherWords ask something else than leave ("when can I send it?").
var askOtherWords = wordSet("kapan", "when", "how", "gimana", "bagaimana", "gmn", "what", "apa", "which", "mana")

// promisesLater reports a short statement that a file comes later, or a
// question that asks leave to send it later.
func promisesLater(text string) bool { return promisesLaterOf(text, false) }

// promisesLaterOf is promisesLater where the files may go unnamed
// (filesMeant): "bisa kirim besok?" on a ticket waiting for documents.
func promisesLaterOf(text string, filesMeant bool) bool {
	if isQuestion(text) && (!hasWordsOf(text, mayWords, allDocsWords) && !(filesMeant && hasWordsOf(text, mayWords)) ||
		hasWordsOf(text, askOtherWords)) {
		return false
	}
	ws := tokens(strings.ReplaceAll(text, "'", ""))
	if len(ws) > 14 {
		return false
	}
	later, send := false, false
	for _, w := range ws {
		later = later || laterWords[w]
		send = send || sendWords[w]
	}
	return later && send
}

// laterForAll reports a file promised for later (promisesLater, or
// stillInProcess), unless the message asks it for one document it names
// ("can I send the npwp document later?"): that question is whether
// this one may come later, and docNeed answers it (flows/doc_need.go).
func (c *conv) laterForAll(text string) bool { return c.laterForAllOf(text, false) }

// laterForAllOf is laterForAll where the files may go unnamed (filesMeant:
// "bisa kirim besok?" on a ticket waiting for documents).
func (c *conv) laterForAllOf(text string, filesMeant bool) bool {
	if c.stillInProcess(text) {
		return true
	}
	if !promisesLaterOf(text, filesMeant) {
		return false
	}
	if isQuestion(text) {
		for _, w := range tokens(text) {
			if c.known().docWords[w] {
				return false
			}
		}
	}
	return true
}

// stillInProcess reports a short statement that a document is still
// being made, naming it: the file comes later.
func (c *conv) stillInProcess(text string) bool {
	ws := tokens(strings.ReplaceAll(text, "'", ""))
	if isQuestion(text) || len(ws) > 14 {
		return false
	}
	arranged, processed, still, named, files := false, false, false, false, false
	for _, w := range ws {
		arranged = arranged || arrangedWords[w]
		processed = processed || processedWords[w]
		still = still || notDoneWords[w]
		named = named || c.known().docWords[w] // the requirements' own words: "npwp", "akta"
		files = files || fileWords[w]          // flows/docs_swap.go
	}
	// "berkas saya masih diproses" is the office's review, not a document
	// being made: "processed" counts only with a document named
	return still && (named && (arranged || processed) || files && arranged)
}

// arrangedWords, processedWords and notDoneWords say a document is still being made: "npwp
// perusahaan kami masih diurus, kira2 seminggu lagi", "our NPWP is still
// being processed" (it went to the officers with only "your message is
// on the ticket"): the file comes later.
var (
	arrangedWords  = wordSet("diurus", "urus", "ngurus", "mengurus", "dibuat", "dibikin")
	processedWords = wordSet("diproses", "proses", "process", "processed", "processing")
	notDoneWords   = wordSet("masih", "sedang", "lagi", "still", "being", "belum", "not", "yet")
)

// laterWordsAnswer notes a file promised for later when the vendor has
// a registration to send it to.
func (c *conv) laterWordsAnswer(text string) (bool, error) {
	if c.textIsData() || c.st.Step == stepTicket || !c.laterForAll(text) {
		return false, nil
	}
	t, err := c.bookingTicket()
	if err != nil || t == nil {
		return false, err
	}
	c.noteLang(text)
	v := c.view()
	v.Ref = t.Ref()
	return true, c.detour(func() error { return c.say("docs.later", v) })
}
