package staff

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"loket"
	"loket/store"
)

// Handle is the turn handler for a message from the staff group (the
// engine routes Telegram inbound whose ChatID is ChatID() here). In a
// ticket's thread an agent's text goes to the vendor as that agent, and
// /note, /claim, /status and /close act on the ticket. Only Telegram
// users linked to an active agent may act; others are refused and
// nothing changes. Outside a thread only commands get an answer (help).
// Answers are enqueued here, into the thread, not with turn.Say.
func (s *Staff) Handle(ctx context.Context, tx Tx, turn *loket.Turn) error {
	in := turn.Inbound
	if in.ChatID != s.cfg.ChatID || in.Kind == loket.InBlocked || in.Kind == loket.InButton {
		return nil
	}
	cmd, arg := command(in.Text)
	if strings.Contains(cmd, "@") {
		return nil // a command for another bot
	}
	th, err := s.findThread(ctx, tx, in.ReplyTo)
	if err != nil {
		return err
	}
	r := &staffTurn{ctx: ctx, s: s, tx: tx, turn: turn, th: th, where: in.ChatID}
	if th == nil {
		if cmd == "" {
			return nil // staff talking among themselves
		}
		if topic, _, _ := parseReplyTo(in.ReplyTo); topic > 0 {
			r.where = in.ChatID + "/" + strconv.Itoa(topic)
		}
		return r.say("help", view{})
	}
	r.where = dest(th)
	if r.info, err = s.ticketInfo(ctx, tx, th.TicketID); err != nil {
		return err
	}
	if r.agent, err = s.agentOf(ctx, tx, in.SenderID); err != nil {
		return err
	}
	if r.agent == nil {
		s.log.InfoContext(ctx, "staff: refused a message from an unlinked Telegram user", "user", in.SenderID, "ticket", r.info.t.Number)
		return r.say("refused", r.info.view(s))
	}
	return r.act(ctx, cmd, arg)
}

// findThread maps what a message answers to a ticket thread: its forum
// topic, or (in a group without topics) the ticket post it replies to.
// nil when the message belongs to no ticket.
func (s *Staff) findThread(ctx context.Context, tx Tx, replyTo string) (*store.StaffThread, error) {
	topic, msgID, err := parseReplyTo(replyTo)
	if err != nil {
		return nil, nil
	}
	var th *store.StaffThread
	switch {
	case topic > 0:
		th, err = tx.StaffThreadByTopic(ctx, s.cfg.ChatID, int64(topic))
	case msgID > 0:
		var ticketID int64
		ticketID, err = tx.StaffPostTicket(ctx, s.cfg.ChatID, strconv.Itoa(msgID))
		if err == nil {
			th, err = tx.StaffThread(ctx, s.cfg.ChatID, ticketID)
		}
	default:
		return nil, nil
	}
	if errors.Is(err, loket.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("staff: find thread: %w", err)
	}
	return th, nil
}

// agentOf returns the active agent linked to a Telegram user, or nil.
func (s *Staff) agentOf(ctx context.Context, tx Tx, senderID string) (*loket.Agent, error) {
	uid, err := strconv.ParseInt(senderID, 10, 64)
	if err != nil || uid <= 0 {
		return nil, nil // anonymous admins and channels post as the chat
	}
	a, err := tx.AgentByTelegramUser(ctx, uid)
	if errors.Is(err, loket.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("staff: load agent of telegram user %d: %w", uid, err)
	}
	if !a.Active {
		return nil, nil
	}
	return a, nil
}

// command splits "/status in_review" into "status" and "in_review"; a
// text that is not a command gives "" and the whole text.
func command(text string) (cmd, arg string) {
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, "/") {
		return "", text
	}
	head, rest, _ := strings.Cut(text, " ")
	if i := strings.IndexAny(head, "\n\t"); i >= 0 {
		head, rest = head[:i], head[i+1:]+" "+rest
	}
	return strings.ToLower(strings.TrimPrefix(head, "/")), strings.TrimSpace(rest)
}

// parseReplyTo reads Inbound.ReplyTo of a Telegram staff-group message:
// "123" (a reply to message 123), "t45" (in forum topic 45) or "t45:123".
// It mirrors bot/telegram.ParseReplyTo, which flows may not import.
func parseReplyTo(s string) (topic, messageID int, err error) {
	if s == "" {
		return 0, 0, nil
	}
	bad := fmt.Errorf("staff: malformed reply reference %q", s)
	rest, isTopic := strings.CutPrefix(s, "t")
	if !isTopic {
		if messageID, err = strconv.Atoi(s); err != nil || messageID <= 0 {
			return 0, 0, bad
		}
		return 0, messageID, nil
	}
	t, m, hasMsg := strings.Cut(rest, ":")
	if topic, err = strconv.Atoi(t); err != nil || topic <= 0 {
		return 0, 0, bad
	}
	if hasMsg {
		if messageID, err = strconv.Atoi(m); err != nil || messageID <= 0 {
			return 0, 0, bad
		}
	}
	return topic, messageID, nil
}
