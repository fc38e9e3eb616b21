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
	if pendingQuestion(c.st.Step) {
		return c.say("time.zone", v)
	}
	return c.say("time.zone", v, opt{key: "btn.call", action: actCall}, opt{key: "btn.menu", action: actMenu})
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
