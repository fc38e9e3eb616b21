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
