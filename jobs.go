package loket

import "strconv"

// Job kinds, keys and payloads that one package schedules or cancels and
// another runs: the console and the staff group (through the ticket
// operations) schedule them, flows runs them. Kinds only one package
// uses stay with it (flows.JobDocCheck, flows.JobSurveyStart, …).
const (
	// JobCallOutcome tells the vendor how a call ended (verified, new
	// slots after a no-show, follow-up); payload CallJobPayload with
	// AppointmentID and Outcome.
	JobCallOutcome = "call.outcome"
	// JobRemindVendor reminds the vendor of a call the day before (16:00)
	// and an hour before; keys CallJobKey(JobRemindVendor, id, "day"|"hour").
	JobRemindVendor = "call.remind_vendor"
	// JobRemindAgent reminds the officer an hour before, on Telegram; key
	// CallJobKey(JobRemindAgent, id, "").
	JobRemindAgent = "call.remind_agent"
	// JobDocReviewed applies an agent's document review to the ticket
	// (needs_fix after a rejection; in_review and "book the call" once every
	// document is accepted); payload DocReviewedPayload, key DocReviewedKey.
	JobDocReviewed = "doc.reviewed"
)

// CallJobPayload is the payload of the call jobs. Outcome (for
// call.outcome) is "done", "no_show" or "follow_up".
type CallJobPayload struct {
	AppointmentID int64  `json:"appointment_id,omitempty"`
	StartsAt      int64  `json:"starts_at,omitempty"` // unix seconds the reminder was planned for
	TicketID      int64  `json:"ticket_id,omitempty"`
	Which         string `json:"which,omitempty"` // "day" or "hour" for vendor reminders
	Outcome       string `json:"outcome,omitempty"`
}

// CallJobKey is the key of a call job: "<kind>:<appointment>[:<which>]".
func CallJobKey(kind string, apptID int64, which string) string {
	k := kind + ":" + strconv.FormatInt(apptID, 10)
	if which != "" {
		k += ":" + which
	}
	return k
}

// CallReminderKeys are the keys of every reminder of a call, to cancel
// them when the call is moved, cancelled or marked.
func CallReminderKeys(apptID int64) []string {
	return []string{
		CallJobKey(JobRemindVendor, apptID, "day"),
		CallJobKey(JobRemindVendor, apptID, "hour"),
		CallJobKey(JobRemindAgent, apptID, ""),
	}
}

// DocReviewedPayload is the payload of a JobDocReviewed job.
type DocReviewedPayload struct {
	Ticket   int64 `json:"ticket_id"`
	Document int64 `json:"document_id"`
}

// DocReviewedKey is the key of a ticket's JobDocReviewed job: several
// reviews in a row share one job.
func DocReviewedKey(ticketID int64) string {
	return JobDocReviewed + ":" + strconv.FormatInt(ticketID, 10)
}
