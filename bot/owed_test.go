package bot

import (
	"testing"

	"loket"
)

// owed says a chat's end in hand calls for a look only while a message
// queued unleased for it is not claimed (or a wake named no message, for
// two polls), and forgets what two polls have looked for since.
func TestOwed(t *testing.T) {
	o := newOwed()
	if o.ended([]string{"a"}) {
		t.Fatal("a chat that owes nothing looked")
	}
	o.owe("a", 10)
	o.owe("a", 12)
	o.owe("b", 11)
	if o.ended([]string{"c"}) {
		t.Fatal("another chat's end looked for a and b")
	}
	if !o.ended([]string{"c", "a"}) {
		t.Fatal("a's end did not look for the reply queued for it")
	}
	if !o.ended([]string{"a"}) {
		t.Fatal("a's second end did not look; nothing claimed its reply yet")
	}
	o.claimed([]loket.Outbound{{ID: 10, ChatID: "a"}, {ID: 11, ChatID: "b"}})
	if !o.ended([]string{"a"}) {
		t.Fatal("a's end did not look; its last owed reply (12) is not claimed")
	}
	if o.ended([]string{"b"}) {
		t.Fatal("b's end looked; its owed reply was claimed")
	}
	o.claimed([]loket.Outbound{{ID: 12, ChatID: "a"}})
	if o.ended([]string{"a"}) {
		t.Fatal("a's end looked; its owed replies were claimed")
	}
	o.owe("d", 20)
	o.polled()
	if !o.ended([]string{"d"}) {
		t.Fatal("d was forgotten after one poll; the poll may have run while d was in hand")
	}
	o.polled()
	if o.ended([]string{"d"}) {
		t.Fatal("d still looked two polls later")
	}
	o.oweAny()
	for _, chat := range []string{"x", "y"} {
		if !o.ended([]string{chat}) {
			t.Fatalf("after a wake that named no message, %s's end did not look", chat)
		}
	}
	o.polled()
	if !o.ended([]string{"z"}) {
		t.Fatal("a wake that named no message stopped calling for looks after one poll")
	}
	o.polled()
	if o.ended([]string{"z"}) {
		t.Fatal("a wake that named no message still called for looks two polls later")
	}
}
