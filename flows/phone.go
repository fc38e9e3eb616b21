package flows

import (
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// ParsePhone reads a WhatsApp number as vendors type it (0812…, 62812…,
// +62 812-…, with spaces, dots, dashes or brackets) and returns it in
// E.164 (+62812…). Numbers without a country code are Indonesian. It
// reports false for anything that is not a valid phone number.
func ParsePhone(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 32 {
		return "", false
	}
	if strings.HasPrefix(s, "00") {
		s = "+" + s[2:] // international prefix
	} else if strings.HasPrefix(s, "62") {
		s = "+" + s // 62812… typed without the plus
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' || r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return "", false
		}
	}
	if digits < 9 || digits > 15 {
		return "", false
	}
	n, err := phonenumbers.Parse(s, "ID")
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", false
	}
	return phonenumbers.Format(n, phonenumbers.E164), true
}
