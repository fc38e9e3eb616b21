package flows

// Questions whether something is needed that the matcher's words cannot
// tell apart from their topic: "harus pt/cv ya?" (a company's documents
// share its words), "harus datang ke kantor?" (the counter's address
// shares them). Read here by their shape, answered in rankAnswers.

// companyFormWords name a company as a business form; formNeedFiller may
// stand around them in a question whether one is needed.
var (
	companyFormWords = wordSet("pt", "cv", "perusahaan", "company", "badan", "firma", "corporation")
	formNeedFiller   = wordSet("ya", "kah", "atau", "or", "a", "an", "be", "it", "have", "punya", "memiliki", "sih",
		"dong", "gak", "ga", "nggak", "tidak", "apa", "apakah", "berbadan", "usaha", "hukum", "daftar", "mendaftar",
		"register", "to", "i", "we", "do", "does", "is", "must", "kami", "saya", "sy", "untuk", "utk", "jadi", "penyedia",
		"vendor", "kak", "min", "pak", "bu", "the", "our", "my", "ini", "itu", "yg", "yang")
)

// asksFormNeeded reports a question whether a company (PT/CV) is needed
// to register: a word of need and one of a company, nothing else but
// filler.
func asksFormNeeded(text string) bool {
	return isQuestion(text) && wordsOnly(tokens(text), formNeedFiller, needWords, companyFormWords)
}

// comeWords name coming to the office; mustComeOther turn such a
// question into another: when, with what, who, where.
var (
	comeWords     = wordSet("datang", "dateng", "dtg", "dtang", "hadir", "kesana", "kesitu", "come", "visit")
	mustComeOther = wordSet("jam", "pukul", "kapan", "when", "time", "bawa", "dibawa", "bring", "siapa", "who", "mana",
		"dimana", "where", "alamat", "address", "lokasi", "location", "parkir", "appointment", "janji", "antri", "antre",
		"queue", "booking")
)

// asksMustCome reports a question whether the vendor must come to the
// office: a word of need (flows/doc_need.go) and one of coming, and none
// that asks when, what to bring, who or where.
func asksMustCome(text string) bool {
	if !isQuestion(text) {
		return false
	}
	need, come := false, false
	for _, w := range tokens(text) {
		switch {
		case mustComeOther[w]:
			return false
		case needWords[w] || w == "have":
			need = true
		case comeWords[w]:
			come = true
		}
	}
	return need && come
}
