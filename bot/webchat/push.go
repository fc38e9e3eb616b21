package webchat

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"

	"loket"
	"loket/bot"
)

var (
	_ bot.Observer = (*Channel)(nil)
	_ bot.Direct   = (*Channel)(nil)
)

// A line travels on the chat's topic as "L <in> <out>\n<json>": the ids
// in front, so a stream skips a line it has without decoding it, and the
// JSON the page reads after them, encoded once by the publisher however
// many streams carry it. Any other payload is a wake-up: the stream reads
// the transcript after its cursors.
const linePrefix = "L "

// encodeLine is a line's payload on the bus.
func encodeLine(l loket.ChatLine) []byte {
	b, _ := json.Marshal(lineJSON{In: l.InboundID, Out: l.OutboundID, Text: l.Text, Buttons: l.Buttons,
		Doc: l.Document, Status: string(l.Status), At: l.At}) // plain data: never fails
	p := make([]byte, 0, len(b)+48)
	p = append(p, linePrefix...)
	p = strconv.AppendInt(p, l.InboundID, 10)
	p = append(p, ' ')
	p = strconv.AppendInt(p, l.OutboundID, 10)
	p = append(p, '\n')
	return append(p, b...)
}

// decodeLine splits a line payload into its ids and JSON; ok is false
// for anything else (a wake-up).
func decodeLine(p []byte) (in, out int64, data []byte, ok bool) {
	rest, found := bytes.CutPrefix(p, []byte(linePrefix))
	if !found {
		return 0, 0, nil, false
	}
	head, data, found := bytes.Cut(rest, []byte{'\n'})
	if !found {
		return 0, 0, nil, false
	}
	a, b, found := bytes.Cut(head, []byte{' '})
	if !found {
		return 0, 0, nil, false
	}
	in, err1 := strconv.ParseInt(string(a), 10, 64)
	out, err2 := strconv.ParseInt(string(b), 10, 64)
	if err1 != nil || err2 != nil || in < 0 || out < 0 || (in == 0) == (out == 0) {
		return 0, 0, nil, false
	}
	return in, out, data, true
}

// outboundLine is a reply as the transcript shows it once sent.
func outboundLine(m *loket.Outbound) loket.ChatLine {
	l := m.Line()
	l.Status = loket.OutSent
	return l
}

// Recorded shows the visitors' freshly recorded messages on their open
// streams (bot.Observer): the engine calls it after the commit and before
// it hands their replies on, so a message is on the stream ahead of its
// reply. A lost announcement costs nothing but latency: a stream that
// misses a payload is told so by the bus and reads the transcript.
func (c *Channel) Recorded(ctx context.Context, msgs []loket.Inbound) {
	publish := func(m loket.Inbound) {
		if err := c.bus.Publish(ctx, topic(m.ChatID), encodeLine(m.Line())); err != nil {
			c.log.Warn("webchat: publish message", "err", err, "inbound", m.ID)
		}
	}
	if len(msgs) == 1 {
		publish(msgs[0])
		return
	}
	// Messages of one chat keep their order; chats go in parallel, so a
	// batch costs about one round trip to the bus.
	var chats []string
	by := map[string][]loket.Inbound{}
	for _, m := range msgs {
		if _, ok := by[m.ChatID]; !ok {
			chats = append(chats, m.ChatID)
		}
		by[m.ChatID] = append(by[m.ChatID], m)
	}
	var wg sync.WaitGroup
	for _, chat := range chats {
		wg.Go(func() {
			for _, m := range by[chat] {
				publish(m)
			}
		})
	}
	wg.Wait()
}

// Direct says the engine may deliver the web chat's replies itself right
// after their commit (bot.Direct): Send only publishes, a stream writes a
// line once however often it is published, and a stream that starts reads
// the transcript, which holds every committed reply.
func (c *Channel) Direct() bool { return true }

var _ bot.Direct = (*Channel)(nil)

// Send delivers a reply: it is already in the transcript (the outbox
// row), so delivery is publishing the line to the visitor's open streams.
func (c *Channel) Send(ctx context.Context, m *loket.Outbound) (string, error) {
	if err := c.bus.Publish(ctx, topic(m.ChatID), encodeLine(outboundLine(m))); err != nil {
		return "", fmt.Errorf("webchat: publish reply %d: %w", m.ID, err)
	}
	return "web-" + strconv.FormatInt(m.ID, 10), nil
}
