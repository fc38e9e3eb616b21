package flows

import "testing"

// TestMendMisspelled: misspelled words reach the answers their right
// spelling does ("how do i regster as a vender" got the tender answer,
// "i forgt my pasword" the password rules, "whre is ur ofice" nothing);
// words the answers know, and real words near a chat spelling, stay.
func TestMendMisspelled(t *testing.T) {
	m := newFlows(t).latest().match
	for w, want := range map[string]string{
		"regster": "register", "docments": "documents", "forgt": "forget", "ofice": "office", "vender": "vendor",
		"verfication": "verification", "adress": "address", "confrm": "confirm",
		"kontrak": "kontrak", "masak": "masak", "bekas": "bekas", "tender": "tender", "hotel": "hotel",
	} {
		if got := m.mend(w); got != want {
			t.Errorf("mend(%q) = %q, want %q", w, got, want)
		}
	}
}
