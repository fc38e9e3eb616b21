package flows

import (
	"fmt"
	"strings"
)

// actTimeZone answers which clock the times are in ("jamnya WIB atau
// WITA?", "what time zone are the calls in? we are in Singapore"): every
// time the bot names is the office's local time; said with its UTC offset
// and, for Indonesia's other zones, the office's opening time in each. A
// vendor in Makassar or Jayapura registering with an office on Java picks
// a call an hour or two off otherwise. It went to the officers unanswered.
const actTimeZone = "i.time_zone"

// indonesianZones are Indonesia's time zones by their UTC offset in hours.
var indonesianZones = []struct {
	label string
	hours int
}{{"WIB", 7}, {"WITA", 8}, {"WIT", 9}}

// timeZone says the office's zone and its opening time in the others.
func (c *conv) timeZone() error {
	_, off := c.turn.Now.In(c.f.cfg.Location).Zone()
	start := -1
	for _, w := range c.office().windows {
		if start < 0 || w.StartMinute < start {
			start = w.StartMinute
		}
	}
	if start < 0 {
		start = 10 * 60
	}
	v := c.view()
	v.Value, v.Detail = utcOffset(off), clock(start)
	var others []string
	for _, z := range indonesianZones {
		if z.hours*3600 != off {
			others = append(others, clock(start+z.hours*60-off/60)+" "+z.label)
		}
	}
	if len(others) < len(indonesianZones) { // the office is in one of them
		v.Other = strings.Join(others, " = ")
	}
	opts := []opt{{key: "btn.call", action: actCall}, {key: "btn.menu", action: actMenu}}
	if in := c.turn.Inbound; in != nil && hasWordsOf(in.Text, comeWords) {
		// "what time should we come? we fly in from Singapore": the
		// hours to come in, then their clock (it said to pick a call)
		if a, edited := c.storedAnswer("hours"); edited {
			if err := c.sayAnswerQuiet(a); err != nil {
				return err
			}
		} else {
			hv := c.view()
			hv.Quiet = true
			if err := c.say("faq.hours", hv); err != nil {
				return err
			}
		}
		v.Type, opts = "come", opts[1:]
	}
	if pendingQuestion(c.st.Step) {
		return c.say("time.zone", v)
	}
	return c.say("time.zone", v, opts...)
}

// utcOffset writes an offset in seconds as "UTC+7" or "UTC+5:30".
func utcOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	if m := sec % 3600 / 60; m != 0 {
		return fmt.Sprintf("UTC%s%d:%02d", sign, sec/3600, m)
	}
	return fmt.Sprintf("UTC%s%d", sign, sec/3600)
}

// zoneNamed is the Indonesian time zone a message names other than the
// office's ("selasa jam 12 wita"), the minutes to add to a time in it to
// have the office's, and the message without the zone's name.
func (c *conv) zoneNamed(text string) (string, int, string, bool) {
	_, off := c.turn.Now.In(c.f.cfg.Location).Zone()
	ws := strings.Fields(text)
	for i, w := range ws {
		for _, z := range indonesianZones {
			if bareWord(w) == strings.ToLower(z.label) && z.hours*3600 != off {
				return z.label, off/60 - z.hours*60, withoutWords(ws, i, 1), true
			}
		}
	}
	return "", 0, text, false
}

// inOfficeZone reads a time of day with read (clockIn, or a whole-message
// reader) in the office's zone: a time written in another Indonesian zone
// ("jam 12 WITA" booked 12.00 WIB, an hour late for the vendor) is
// converted, and the conversion kept to be said (sayZone).
func (c *conv) inOfficeZone(text string, read func(string) (int, string, bool)) (int, string, bool) {
	label, shift, rest, named := c.zoneNamed(text)
	m, left, ok := read(rest)
	if !ok || !named {
		return m, left, ok
	}
	c.zoneSaid = clock(m) + " " + label + " = " + clock(m+shift) + " " + c.profile().ZoneLabel
	return m + shift, left, true
}

// sayZone says a conversion inOfficeZone made, once.
func (c *conv) sayZone() error {
	if c.zoneSaid == "" {
		return nil
	}
	v := c.view()
	v.Value, c.zoneSaid = c.zoneSaid, ""
	return c.say("bk.zone", v)
}
