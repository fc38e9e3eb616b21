package loket

import (
	"encoding/json"
	"slices"
	"testing"
)

// Stored webhook settings and scheduled jobs outlive a release: their
// JSON names and keys are a contract with the rows already written.
func TestWebhookEndpointJSON(t *testing.T) {
	stored := `[{"id":"wh_1","url":"https://x.test/h","secret":"s","events":["message.created"],"active":true}]`
	var eps []WebhookEndpoint
	if err := json.Unmarshal([]byte(stored), &eps); err != nil {
		t.Fatal(err)
	}
	e := eps[0]
	if e.ID != "wh_1" || e.URL != "https://x.test/h" || e.Secret != "s" || !slices.Equal(e.Events, []string{EventMessageCreated}) || !e.Active {
		t.Fatalf("decoded %+v from %s", e, stored)
	}
	if b, _ := json.Marshal(eps); string(b) != stored {
		t.Errorf("encoded %s, want %s", b, stored)
	}
	if !e.Wants(EventMessageCreated) || e.Wants(EventTicketCreated) {
		t.Error("Wants ignores the subscribed events")
	}
	all := WebhookEndpoint{ID: "a", Active: true}
	if !all.Wants(EventTicketStatusChanged) || (&WebhookEndpoint{ID: "a"}).Wants(EventMessageCreated) {
		t.Error("no events = every event, and only while active")
	}
}

func TestJobKeysAndPayloads(t *testing.T) {
	if got := CallReminderKeys(7); !slices.Equal(got, []string{"call.remind_vendor:7:day", "call.remind_vendor:7:hour", "call.remind_agent:7"}) {
		t.Errorf("CallReminderKeys(7) = %v", got)
	}
	if got := CallJobKey(JobCallOutcome, 7, ""); got != "call.outcome:7" {
		t.Errorf("CallJobKey = %q", got)
	}
	if got := DocReviewedKey(3); got != "doc.reviewed:3" {
		t.Errorf("DocReviewedKey = %q", got)
	}
	if b, _ := json.Marshal(DocReviewedPayload{Ticket: 1, Document: 2}); string(b) != `{"ticket_id":1,"document_id":2}` {
		t.Errorf("DocReviewedPayload JSON %s", b)
	}
	if b, _ := json.Marshal(CallJobPayload{AppointmentID: 7, Outcome: "no_show"}); string(b) != `{"appointment_id":7,"outcome":"no_show"}` {
		t.Errorf("CallJobPayload JSON %s", b)
	}
}

func TestStatusLabel(t *testing.T) {
	for s, want := range map[TicketStatus]string{StatusWaitingDocuments: "Waiting documents", StatusNew: "New", "": ""} {
		if got := s.Label(); got != want {
			t.Errorf("%q.Label() = %q, want %q", s, got, want)
		}
	}
}
