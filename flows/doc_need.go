package flows

import (
	"strings"

	"loket"
)

// docNeedID is the answer to "is this document needed?" ("apakah harus
// punya NIB?", "akta perubahan perlu dikirim juga?", "do I need a
// business licence?"): whether each document named is one the
// verification waits for or one for the SIKaP data-entry assistance only,
// from the office's requirements. No text of its own: the answer is built
// from them (docNeed). "NIB wajib?" got the guide's step of the form's
// required fields ("kolom wajib"), "apakah harus punya NIB?" nothing.
const docNeedID = "doc_need"

// needWords ask whether something is required.
var needWords = wordSet("wajib", "diwajibkan", "harus", "perlu", "perlukah", "diperlukan", "butuh", "dibutuhkan",
	"need", "needed", "required", "require", "mandatory", "must", "necessary", "compulsory")

// docNeedFiller are the other words such a question may have: what is
// done with the document, its kind ("akta perubahan"), the asking.
var docNeedFiller = wordSet("punya", "memiliki", "kirim", "dikirim", "mengirim", "bawa", "dibawa", "membawa", "upload",
	"diupload", "dilampirkan", "lampirkan", "juga", "gak", "ga", "nggak", "ngga", "engga", "enggak", "tidak", "tdk", "kah",
	"apakah", "masih", "perubahan", "pendirian", "terbaru", "asli", "fotokopi", "dokumen", "berkas", "file", "for",
	"verifikasi", "verification", "send", "bring", "have", "own", "also", "document", "documents", "not", "or", "too",
	"submit", "copy", "original", "ya", "kan", "sih", "dong", "nya", "usaha", "business", "perusahaan", "company",
	"perorangan", "individual", "pt", "cv", "boleh", "bisa", "dapat", "can", "may", "gapapa", "gpp", "okay", "it", "dulu",
	"belakangan", "after", "before", "do", "does", "tax", "only", "cuma", "hanya", "belum", "dont", "don", "t",
	"has", "got", "gimana", "bagaimana", "gmn", "how", "what", "if", "kalau", "kalo", "klo", "we", "i", "our",
	"yet", "a", "an", "any", "the", "sebelum", "sesudah", "setelah", "call", "vc", "come", "follow", "arrive")

// docNeedAsked reports a question that only asks whether documents it
// names are needed, or may come later ("ssp nya nyusul boleh?"): a need
// or later word, a document word of the office's requirements, and
// nothing else but filler and stopwords. "Identitas wajib pajak" is the
// foreign form's tax identification, not a need.
func (c *conv) docNeedAsked(text string) bool { return c.docNeedOf(text).asked }

// docNeedQ is what a docNeedAsked question asks: whether the documents
// may come later, and the document it names that the requirements do
// not list ("SBU wajib ga?"), "" when it names only listed ones.
type docNeedQ struct {
	asked, later bool
	other        string
}

// otherDocWords name documents of a business that no form's requirements
// list: qualification data, kept in SIKaP.
var otherDocWords = wordSet("sbu", "siujk", "skt", "ska", "iso", "skdu", "skdp", "sertifikat", "certificate", "referensi",
	"pengalaman", "kontrak", "neraca", "keuangan", "portfolio", "portofolio")

// docNeedOf reads a question about whether documents are needed.
func (c *conv) docNeedOf(text string) docNeedQ {
	var q docNeedQ
	ws := docNeedTokens(text)
	lacking := lacksDocument(ws)
	if !isQuestion(text) && !lacking {
		return q
	}
	docWords := c.known().docWords
	need, doc := false, false
	for _, w := range ws {
		switch {
		case needWords[w]:
			need = true
		case laterWords[w] && w != "segera": // flows/tried.go
			q.later = true
		case docWords[w]:
			doc = true
		case otherDocWords[w]:
			if q.other == "" {
				q.other = w
			}
		case docNeedFiller[w] || stopwords[w] || questionWords[w] || questionLast[w]:
		default:
			return docNeedQ{}
		}
	}
	if doc {
		q.other = "" // "sertifikat npwp": a listed document after all
	}
	q.asked = (need || q.later || lacking) && (doc || q.other != "")
	return q
}

// lackWords say a document is not at hand: a denial, or "only" (another
// one is); with a word of owning ("belum punya akta", "I don't have the
// deed", "only have the NIB, not the deed") the message asks, in effect,
// whether it is needed (they got no answer, or "no files to swap").
var lackWords = unionSet(noWords, wordSet("only", "cuma", "hanya"))

// lackAnswered are documents whose lack has an answer of its own: no
// NPWP (a NIK may do; npwp_nik), no KTP (id_card), no tax slip (ssp_what),
// only an old licence (licence_kind).
var lackAnswered = wordSet("npwp", "npwpnya", "ktp", "ktpnya", "kitas", "kitap", "nik", "paspor", "passport", "ssp",
	"spp", "setor", "slip", "siup")

// lacksDocument reports words that say a document is lacking: a lack
// word and a have word, and no document whose lack is answered apart.
func lacksDocument(ws []string) bool {
	lack, have := false, false
	for _, w := range ws {
		if lackAnswered[w] {
			return false
		}
		lack = lack || lackWords[w]
		have = have || ownsWords[w]
	}
	return lack && have
}

// docNeed answers docNeedAsked's question for the form it is about (the
// one named or known), else for every form that lists the documents
// named. A form whose list names none of them gets its list.
func (c *conv) docNeed(withButtons bool) error {
	form, err := c.formAskedAbout() // flows/bring.go
	if err != nil {
		return err
	}
	q := c.docNeedOf(c.turn.Inbound.Text)
	later := q.later
	if q.other != "" {
		return c.otherDocNeed(q.other, form, withButtons)
	}
	forms := allForms
	if form.Valid() {
		forms = []loket.BusinessForm{form}
	}
	named := wordsOf(docNeedTokens(c.turn.Inbound.Text))
	var lines []string // under each form's name when there are several
	for _, f := range forms {
		var own []string
		for _, r := range c.requirements(f) {
			if !hasAny(named, r.Words) {
				continue
			}
			key := "docneed.required"
			if r.Assist {
				key = "docneed.assist"
			}
			if later {
				key = strings.Replace(key, "docneed.", "docneed.later.", 1)
			}
			v := c.view()
			v.Value = r.label(c.lang())
			line, err := c.text(key, v)
			if err != nil {
				return err
			}
			own = append(own, "• "+line)
		}
		if len(own) > 0 && len(forms) > 1 {
			own = append([]string{c.formLabel(f) + ":"}, own...)
		}
		lines = append(lines, own...)
	}
	if len(lines) == 0 {
		return c.answer("docs_"+string(form), withButtons) // their form lists none of them: its list
	}
	v := c.view()
	v.Detail = strings.Join(lines, "\n")
	if !withButtons {
		v.Quiet = true
		return c.say("docneed", v)
	}
	return c.say("docneed", v, opt{key: "btn.register", action: actRegister}, opt{key: "btn.menu", action: actMenu})
}

// otherDocNeed answers the need for a document no requirement lists
// ("SBU wajib ga?": it got the guide's verification step): not asked
// for the verification, with what is, for the form when known.
func (c *conv) otherDocNeed(word string, form loket.BusinessForm, withButtons bool) error {
	v := c.view()
	v.Value = strings.ToUpper(word)
	if len(word) > 4 {
		v.Value = capFirst(word)
	}
	key := "docneed.other"
	if form.Valid() {
		key, v.Form, v.Detail = "docneed.other_form", c.formLabel(form), v.DocText[string(form)]
	}
	if !withButtons {
		v.Quiet = true
		return c.say(key, v)
	}
	return c.say(key, v, opt{key: "btn.register", action: actRegister}, opt{key: "btn.menu", action: actMenu})
}

// docNeedTokens are a question's words, "wajib pajak" (the foreign
// form's tax identification) read as no word of need.
func docNeedTokens(text string) []string {
	return tokens(strings.ReplaceAll(strings.ToLower(text), "wajib pajak", "pajak"))
}

// wordsOf is the set of ws.
func wordsOf(ws []string) map[string]bool {
	set := make(map[string]bool, len(ws))
	for _, w := range ws {
		set[w] = true
	}
	return set
}

// hasAny reports whether set holds one of ws.
func hasAny(set map[string]bool, ws []string) bool {
	for _, w := range ws {
		if set[w] {
			return true
		}
	}
	return false
}
