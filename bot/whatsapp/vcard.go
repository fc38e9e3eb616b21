package whatsapp

import (
	"strings"
)

// vcardPhone extracts the phone number of a contact card: the waid
// parameter of the first TEL line when present (WhatsApp's own id, digits
// with country code), else the TEL value, keeping a leading "+" and the
// digits. Empty when the card has no usable number. Folded lines
// (RFC 6350 §3.2) are unfolded first.
func vcardPhone(card string) string {
	card = strings.ReplaceAll(card, "\r\n", "\n")
	card = strings.ReplaceAll(card, "\n ", "")
	card = strings.ReplaceAll(card, "\n\t", "")
	for line := range strings.SplitSeq(card, "\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		params := strings.Split(name, ";")
		prop := params[0]
		if i := strings.LastIndexByte(prop, '.'); i >= 0 { // "item1.TEL"
			prop = prop[i+1:]
		}
		if !strings.EqualFold(strings.TrimSpace(prop), "TEL") {
			continue
		}
		for _, p := range params[1:] {
			if k, v, ok := strings.Cut(p, "="); ok && strings.EqualFold(strings.TrimSpace(k), "waid") {
				if d := digits(v); d != "" {
					return d
				}
			}
		}
		value = strings.TrimPrefix(strings.TrimSpace(value), "tel:")
		if d := digits(value); d != "" {
			if strings.HasPrefix(value, "+") {
				return "+" + d
			}
			return d
		}
	}
	return ""
}

// digits keeps the ASCII digits of s; empty when there are fewer than 3
// or more than 20 of them.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() < 3 || b.Len() > 20 {
		return ""
	}
	return b.String()
}
