package flows

import (
	"strings"

	"github.com/nyaruka/phonenumbers"

	"loket"
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

// PhoneProblem is why a number cannot be used for the video call.
type PhoneProblem string

// Phone problems.
const (
	PhoneOK        PhoneProblem = ""
	PhoneInvalid   PhoneProblem = "invalid"
	PhoneNotMobile PhoneProblem = "not_mobile" // a landline: no WhatsApp video call
)

// ParseMobile is ParsePhone for the verification video call, which needs
// a mobile number: a valid number that libphonenumber knows to be a
// fixed line (e.g. 0251-8325943) is refused with PhoneNotMobile. Numbers
// whose type cannot be told apart (FIXED_LINE_OR_MOBILE, some countries)
// are accepted.
func ParseMobile(s string) (string, PhoneProblem) {
	p, ok := ParsePhone(s)
	if !ok {
		return "", PhoneInvalid
	}
	n, err := phonenumbers.Parse(p, "ID")
	if err != nil {
		return "", PhoneInvalid
	}
	switch phonenumbers.GetNumberType(n) {
	case phonenumbers.FIXED_LINE, phonenumbers.TOLL_FREE, phonenumbers.PREMIUM_RATE, phonenumbers.SHARED_COST,
		phonenumbers.PAGER, phonenumbers.UAN, phonenumbers.VOICEMAIL:
		return "", PhoneNotMobile
	}
	return p, PhoneOK
}

// chatPhone is the number a WhatsApp chat is addressed by, in E.164, or ""
// when the address does not show it. Both WhatsApp adapters address a chat
// by the vendor's number: the WhatsApp Web session as its phone JID
// ("6281234567890@s.whatsapp.net"; a chat known only by its LID, "…@lid",
// hides the number), the Cloud API as the bare wa_id ("6281234567890").
func chatPhone(ch loket.Channel, chatID string) string {
	if ch != loket.ChannelWhatsApp {
		return ""
	}
	user, server, _ := strings.Cut(chatID, "@")
	if server != "" && server != "s.whatsapp.net" {
		return ""
	}
	if user == "" || strings.Trim(user, "0123456789") != "" {
		return ""
	}
	p, ok := ParsePhone("+" + user)
	if !ok {
		return ""
	}
	return p
}

// PhoneInSentence finds the one phone number in a sentence ("ini no wa
// nya 0812 3456 7890") and returns it as typed; false when the sentence
// holds no number or more than one.
func PhoneInSentence(s string) (string, bool) {
	runs := numberRuns(s, "+(", " -.()", " -.(")
	if len(runs) != 1 {
		return "", false
	}
	return runs[0], true
}
