package flows

import (
	"strings"
	"unicode"
)

// passwordWords name a password in Indonesian and English. "kata sandi"
// is matched through "sandi"; "pass" and "pwd" only as whole words.
var passwordWords = map[string]bool{
	"password": true, "passwd": true, "pwd": true, "pass": true, "pasword": true, "passw": true,
	"sandi": true, "katasandi": true, "kata-sandi": true, "passcode": true,
}

// notSecretAfter are words after which a token names something other than
// the password ("password untuk user budi123"): an account, not a secret.
var notSecretAfter = map[string]bool{
	"user": true, "username": true, "userid": true, "id": true, "email": true, "e-mail": true,
	"akun": true, "account": true, "npwp": true, "nomor": true, "no": true,
}

// passwordLookahead is how many words after the keyword may hold the
// password ("password saya yang baru adalah Rahasia123!").
const passwordLookahead = 5

// passwordInSentence reports whether s names a password and then gives
// one: a keyword from passwordWords followed, within a few words, by a
// token shaped like a secret (see secretShaped). "password saya lupa" or
// "kata sandi minimal 8 karakter" are not; "password saya Rahasia123!",
// "sandi: abc12345" and "my password is Secret-2024" are.
func passwordInSentence(s string) bool {
	if len(s) > 4096 {
		s = s[:4096]
	}
	words := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == ';' })
	for i, w := range words {
		key := strings.ToLower(strings.Trim(w, `:=."'()[]!?*`))
		if !passwordWords[key] {
			continue
		}
		if tok := strings.Index(w, ":"); tok >= 0 && tok < len(w)-1 && secretShaped(w[tok+1:]) {
			return true // "password:Rahasia123"
		}
		for j := i + 1; j < len(words) && j <= i+passwordLookahead; j++ {
			prev := strings.ToLower(strings.Trim(words[j-1], `:=."'`))
			if notSecretAfter[prev] {
				continue
			}
			if secretShaped(strings.Trim(words[j], `"'`)) {
				return true
			}
		}
	}
	return false
}

// secretShaped reports whether a token looks like a secret: 6 to 64
// characters, not a link or an e-mail address, with at least two of
// upper case, lower case, digits and symbols (hyphens, dots and
// apostrophes do not count), one of them a digit or a symbol
// ("Rahasia123!", "abc12345", "rahasia!!"). Ordinary words ("lupa",
// "SPSE", "e-mail", "Senin,") and numbers ("12345678") are not.
func secretShaped(t string) bool {
	t = strings.TrimRight(t, ".,")
	if w := strings.TrimRight(t, "?"); w != t && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) < 0 {
		return false // a word that ends a question ("lupa password gimana?"), not a secret
	}
	if n := len([]rune(t)); n < 6 || n > 64 {
		return false
	}
	low := strings.ToLower(t)
	if strings.Contains(low, "://") || strings.HasPrefix(low, "www.") {
		return false
	}
	if _, ok := ParseEmail(t); ok {
		return false
	}
	var up, lo, dig, sym bool
	for _, r := range t {
		switch {
		case unicode.IsUpper(r):
			up = true
		case unicode.IsLower(r):
			lo = true
		case unicode.IsDigit(r):
			dig = true
		case r != '-' && r != '.' && r != '\'':
			sym = true // "e-mail" or "PT.Maju" are words, not secrets
		}
	}
	classes := 0
	for _, b := range []bool{up, lo, dig, sym} {
		if b {
			classes++
		}
	}
	return classes >= 2 && (dig || sym) && (up || lo)
}
