package flows

import (
	"net/mail"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ParseEmail checks an e-mail address the way a helpdesk officer would:
// one address, no display name, a local part and a domain with a dot.
// It returns the address with the domain in lower case.
func ParseEmail(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 6 || len(s) > 254 || strings.ContainsAny(s, " <>,;\"") {
		return "", false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", false
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], strings.ToLower(s[at+1:])
	if local == "" || len(local) > 64 || !strings.Contains(domain, ".") ||
		strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") ||
		strings.Contains(domain, "..") || strings.HasPrefix(domain, "-") {
		return "", false
	}
	for _, r := range domain {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return "", false
		}
	}
	tld := domain[strings.LastIndexByte(domain, '.')+1:]
	if len(tld) < 2 {
		return "", false
	}
	return local + "@" + domain, true
}

// LooksLikePassword reports whether a message is probably a password: a
// single word of 8 or more characters with upper and lower case letters,
// digits and symbols together (what SPSE requires of a password), and
// not an e-mail address or a link; or a sentence that gives one after a
// keyword ("password saya Rahasia123!", see passwordInSentence). The
// engine uses it to redact stored inbound text; the flows never store
// such a message.
func LooksLikePassword(s string) bool {
	s = strings.TrimSpace(s)
	if passwordInSentence(s) {
		return true
	}
	if len([]rune(s)) < 8 || len(s) > 128 || strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	if _, ok := ParseEmail(s); ok {
		return false
	}
	low := strings.ToLower(s)
	if strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "https://") || strings.HasPrefix(low, "www.") {
		return false
	}
	var up, lo, dig, sym bool
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			up = true
		case r >= 'a' && r <= 'z':
			lo = true
		case r >= '0' && r <= '9':
			dig = true
		default:
			sym = true
		}
	}
	return up && lo && dig && sym
}

// ValidName reports whether s is a sensible company or person name:
// 3 to 120 characters with at least two letters, and no link or address.
func ValidName(s string) bool {
	s = strings.TrimSpace(s)
	n := len([]rune(s))
	if n < 3 || n > 120 || strings.Contains(s, "@") || strings.Contains(strings.ToLower(s), "http") {
		return false
	}
	letters := 0
	for _, r := range s {
		if r == '\n' {
			return false
		}
		if isLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// selfWords are pronouns: a name slot answered with them ("direkturnya
// sy sendiri", "it's me") says who, not the name.
var selfWords = wordSet("saya", "sy", "aku", "gue", "gw", "sendiri", "kami", "i", "im", "me", "my", "myself", "its",
	// and words of talk no name has ("yg daring aja", "nanti sy kirim")
	"yg", "aja", "saja", "dong", "deh", "gak", "gk", "ga", "nggak", "tidak", "belum", "blm", "sudah", "udah", "udh",
	"nanti", "mau", "daring", "online", "offline",
	// and in English ("don't have a name yet" was stored as the company's)
	"dont", "doesnt", "havent", "hasnt", "didnt")

// chatFiller are words of chat no name is made of alone ("btw", "nih").
var chatFiller = wordSet("btw", "nih", "ni", "tu", "gan", "sis", "bro", "ok", "oke", "okey", "okay", "iya", "yaa", "yup",
	"nah", "loh", "lho", "kan", "sih")

// talkOnly reports a "name" made only of everyday words of either
// language ("ini", "itu aja", "the one"): talk, never a name.
func talkOnly(s string) bool {
	ws := tokens(s)
	for _, w := range ws {
		if !idWords[w] && !enWords[w] && !chatFiller[w] && !selfWords[w] && !greetWords[w] && !thankWords[w] {
			return false
		}
	}
	return len(ws) > 0
}

// honorifics may stand before a person's name ("pak Budi", "Mr Budi").
var honorifics = wordSet("pak", "bapak", "bpk", "bp", "bu", "ibu", "sdr", "saudara", "saudari", "mr", "mrs", "ms", "sir")

// withoutHonorific is a person's name without the "pak" or "Mr." before it.
func withoutHonorific(name string) string {
	ws := strings.Fields(name)
	for len(ws) > 1 && honorifics[strings.Trim(strings.ToLower(ws[0]), ".")] {
		ws = ws[1:]
	}
	return strings.Join(ws, " ")
}

// nameBesideSelf finds the one name in a message that also says the
// writer is that person ("pak Budi Santoso, sy sendiri direkturnya",
// "Mr Budi Santoso, I'm the director myself"): the part that is a name
// and no talk, without its honorific.
func nameBesideSelf(text string) (string, bool) {
	found := ""
	for _, part := range clauses(text) {
		name := withoutHonorific(withoutOwnNameLabel(part))
		if !ValidName(name) || aboutSelf(name) || talkOnly(name) || roleOnly(name) || isQuestion(name) || strings.ContainsAny(name, "0123456789") ||
			smallTalk(part) != talkNone { // "maaf mengganggu, mau tanya …": an apology is no name
			continue
		}
		if found != "" {
			return "", false // two names: not sure which
		}
		found = name
	}
	return found, found != ""
}

// ownNameLead are the words of "nama saya", "nama sy adalah", "my name
// is", and of "saya …", "I'm …", "this is …" before a name.
var ownNameLead = wordSet("nama", "namanya", "name", "saya", "sy", "aku", "gue", "gw", "my", "is", "adalah", "yaitu",
	"i", "i'm", "im", "am", "this")

// ownNameStart are the first words a leading "nama saya" may have.
var ownNameStart = wordSet("nama", "namanya", "my", "saya", "sy", "aku", "i", "i'm", "im", "this")

// occupationWords, with roleWords and roleFiller (flows/intake.go), say
// what someone is, not who ("I'm a freelancer", "saya sendiri,
// freelancer" stored "a freelancer", "freelancer" as the name).
var occupationWords = wordSet("a", "an", "freelancer", "freelance", "pengusaha", "wiraswasta", "wirausaha", "pedagang",
	"kontraktor", "konsultan", "consultant", "contractor", "vendor", "penyedia", "supplier", "employee", "staff",
	"staf", "karyawan", "pegawai", "admin", "business", "perorangan", "individual", "individu", "pribadi", "sole",
	"self", "employed", "selfemployed")

// roleOnly reports a "name" that starts with an article ("a freelancer")
// or is made only of words of what someone is.
func roleOnly(name string) bool {
	ws := tokens(name)
	if len(ws) == 0 {
		return false
	}
	if ws[0] == "a" || ws[0] == "an" {
		return true
	}
	for _, w := range ws {
		if !roleWords[w] && !roleFiller[w] && !occupationWords[w] {
			return false
		}
	}
	return true
}

// withoutOwnNameLabel is part without a leading "nama saya" / "my name
// is" ("sy sendiri direkturnya, nama sy Ahmad Fauzi" gives Ahmad Fauzi);
// part itself when it starts otherwise or nothing else is left.
func withoutOwnNameLabel(part string) string {
	ws := strings.Fields(part)
	if len(ws) == 0 {
		return part
	}
	if !ownNameStart[strings.Trim(strings.ToLower(ws[0]), ":.-,")] {
		return part
	}
	i, named := 0, false
	for i < len(ws) && ownNameLead[strings.Trim(strings.ToLower(ws[i]), ":.-")] {
		w := strings.Trim(strings.ToLower(ws[i]), ":.-")
		named = named || w == "nama" || w == "namanya" || w == "name"
		i++
	}
	if i == len(ws) {
		return part
	}
	if r, _ := utf8.DecodeRuneInString(ws[i]); !named && !unicode.IsUpper(r) {
		// "saya …", "I'm …" without "nama"/"name": a name only when
		// written as one ("I'm Budi Santoso"); "I am not sure", "I'm a
		// freelancer" say something else
		return part
	}
	return strings.Join(ws[i:], " ")
}

// aboutSelf reports whether a name as typed speaks of the writer, or is talk, instead.
func aboutSelf(s string) bool {
	for _, w := range tokens(strings.ReplaceAll(s, "'", "")) {
		if selfWords[w] {
			return true
		}
	}
	return false
}

// mailProviders are the mail domains vendors use most; a domain one typo
// from one of them ("gmail.con", "gmial.com", "yahoo.co.di") is taken for
// a slip of the thumb.
var mailProviders = []string{"gmail.com", "yahoo.com", "yahoo.co.id", "ymail.com", "hotmail.com", "outlook.com",
	"live.com", "icloud.com", "rocketmail.com"}

// mailTypo is the address meant when addr's domain is one typo from a
// common provider's ("budi@gmail.con" is budi@gmail.com); false for a
// provider's own domain or any other.
func mailTypo(addr string) (string, bool) {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return "", false
	}
	local, domain := addr[:at], strings.ToLower(addr[at+1:])
	if slices.Contains(mailProviders, domain) {
		return "", false
	}
	for _, p := range mailProviders {
		if editDistance(domain, p, 1) <= 1 {
			return local + "@" + p, true
		}
	}
	return "", false
}

// joinAt closes the spaces a phone keyboard leaves around "@" ("budi
// @gmail.com", "budi@ gmail.com").
func joinAt(s string) string {
	for _, sp := range []string{" @", "@ "} {
		for strings.Contains(s, sp) {
			s = strings.ReplaceAll(s, sp, "@")
		}
	}
	return s
}
