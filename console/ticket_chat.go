package console

import (
	"context"
	"fmt"
	"time"

	"loket"
)

// The timeline holds what reached the ticket; the vendor's questions the
// bot answered itself, and what they wrote before the ticket was opened,
// live only in the chat. The ticket page shows the chat's last lines in
// a card, so an agent reads what the vendor was told (and a search that
// found the ticket by such a message shows where).

// chatShown is how many of the chat's last lines the ticket page shows.
const chatShown = 60

// chatLine is one line of the chat as the ticket page shows it.
type chatLine struct {
	Vendor bool // written by the vendor (else by the bot or an agent)
	Text   string
	File   string // a document's file name
	At     time.Time
}

// chatLines reads the last lines of the contact's chat; a pressed button
// reads as its label.
func (c *Console) chatLines(ctx context.Context, ct *loket.Contact) ([]chatLine, error) {
	if ct == nil || ct.ChatID == "" {
		return nil, nil
	}
	lines, err := c.store.Transcript(ctx, ct.Channel, ct.ChatID, 0, 0, chatShown)
	if err != nil {
		return nil, fmt.Errorf("console: chat of contact %d: %w", ct.ID, err)
	}
	labels := map[string]string{} // button data → label, from the messages so far
	out := make([]chatLine, 0, len(lines))
	for _, l := range lines {
		if l.InboundID == 0 {
			for _, row := range l.Buttons {
				for _, b := range row {
					labels[b.Data] = b.Label
				}
			}
			out = append(out, chatLine{Text: l.Text, File: l.Document, At: l.At})
			continue
		}
		text := l.Text
		if label, ok := labels[text]; ok {
			text = label
		}
		out = append(out, chatLine{Vendor: true, Text: text, File: l.Document, At: l.At})
	}
	return out, nil
}
