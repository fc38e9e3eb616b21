package flows

import "testing"

// TestIntentUsesNameIntents: every intent answered on a ticket or beside
// a form's question is an intent the matcher has (faqEntries), with its
// action; a renamed or dropped intent would silently lose its ticket or
// form answers.
func TestIntentUsesNameIntents(t *testing.T) {
	for id := range ticketIntents {
		if !isIntent(id) || intentActions[id] == "" {
			t.Errorf("ticketIntents names %q, which is no intent with an action in faqEntries", id)
		}
	}
	for id := range sayings {
		if !isIntent(id) || intentActions[id] == "" || sayingActions[intentActions[id]] == nil {
			t.Errorf("sayings names %q, which is no intent with an action in faqEntries", id)
		}
	}
}

// TestPersonalRepliesNameAnswers: every answer personalReplies gives a
// reply of its own is a built-in answer; a renamed one would silently
// lose it.
func TestPersonalRepliesNameAnswers(t *testing.T) {
	ids := map[string]bool{}
	for _, e := range faqEntries() {
		ids[e.id] = e.action == ""
	}
	for id := range personalReplies {
		if !ids[id] {
			t.Errorf("personalReplies names %q, which is no answer in faqEntries", id)
		}
	}
}
