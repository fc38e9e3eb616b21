package flows

import "testing"

// TestIntentUsesNameIntents: every intent intentUses says where to answer
// is an intent the matcher has (faqEntries), with its action; a renamed
// or dropped intent would silently lose its ticket or form answers.
func TestIntentUsesNameIntents(t *testing.T) {
	for id := range intentUses {
		if !isIntent(id) || intentActions[id] == "" {
			t.Errorf("intentUses names %q, which is no intent with an action in faqEntries", id)
		}
		if sayingIntent(id) != (sayings[id] != nil) {
			t.Errorf("intent %q: answered at a question %v, has a handler in sayings %v", id, sayingIntent(id), sayings[id] != nil)
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
