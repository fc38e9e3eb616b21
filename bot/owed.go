package bot

import (
	"sync"

	"loket"
)

// owed tells a channel's sender, when a chat has nothing left in hand,
// whether to look at the outbox for more. A look sees every due queued
// message except those behind an earlier one of their chat still leased
// (in hand): a reply queued unleased while its chat had messages in hand
// is found only by a look after they are all sent. Most replies are
// written leased and handed to the sender (see preLease), so most chats
// owe nothing when their messages in hand are sent, and a look then (a
// statement on the reader, each time) would find nothing.
//
// A commit names the messages it queued unleased (owe); a chat owes until
// a claim of this sender takes its last owed message (claimed), however
// many looks missed it meanwhile (its chat had another message leased, in
// hand or being written). A wake from outside the engine (a console
// reply, an alert) names none (oweAny): every chat's end in hand looks
// until two polls have passed. Whatever a skipped look would have found
// is found by a poll (Config.PollEvery), so a chat owed for two polls is
// forgotten: another replica may have taken its message.
type owed struct {
	mu    sync.Mutex
	chats map[string]owedMsg
	polls int // polls seen
	all   int // polls before which every chat's end looks
}

// owedMsg is a chat's last message owed, and the poll count when owed.
type owedMsg struct {
	id int64
	at int
}

func newOwed() *owed { return &owed{chats: map[string]owedMsg{}} }

// owe records a message queued unleased for chat.
func (o *owed) owe(chat string, id int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.chats[chat] = owedMsg{id: max(id, o.chats[chat].id), at: o.polls}
}

// oweAny records a wake that named no message.
func (o *owed) oweAny() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.all = o.polls + 2
}

// claimed settles the chats whose last owed message a claim took (a
// chat's messages are claimed in order: the earlier ones went before).
func (o *owed) claimed(msgs []loket.Outbound) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, m := range msgs {
		if w, ok := o.chats[m.ChatID]; ok && m.ID >= w.id {
			delete(o.chats, m.ChatID)
		}
	}
}

// ended reports whether the chats that have nothing left in hand call
// for a look.
func (o *owed) ended(chats []string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.polls < o.all {
		return true
	}
	for _, c := range chats {
		if _, ok := o.chats[c]; ok {
			return true
		}
	}
	return false
}

// polled counts a poll (a look at the whole outbox) and forgets the
// chats owed two polls ago or earlier.
func (o *owed) polled() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.polls++
	for c, w := range o.chats {
		if o.polls-w.at >= 2 {
			delete(o.chats, c)
		}
	}
}
