package staff

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"loket"
	"loket/store"
)

// maxPasses bounds the mirror transactions of one tick (a backlog after
// downtime drains over several ticks).
const maxPasses = 5

// Tick is Mirror for engine.OnTick: errors are logged.
func (s *Staff) Tick(ctx context.Context) {
	if err := s.Mirror(ctx); err != nil {
		s.log.ErrorContext(ctx, "staff: mirror to the staff group", "err", err)
	}
}

// Mirror posts new ticket activity to the staff group. Each pass is one
// transaction holding the cursor row: a concurrent Mirror (another
// replica) skips the pass instead of posting twice.
func (s *Staff) Mirror(ctx context.Context) error {
	for range maxPasses {
		n, posted, err := s.mirrorPass(ctx)
		if err != nil {
			return err
		}
		if posted {
			s.wake(loket.ChannelTelegram)
		}
		if n < s.cfg.Batch {
			return nil
		}
	}
	return nil
}

// mirrorPass returns how many activities it read and whether it posted.
func (s *Staff) mirrorPass(ctx context.Context) (read int, posted bool, err error) {
	now := s.clock.Now()
	err = s.inTx(ctx, func(tx Tx) error {
		posted = false
		after, ok, err := tx.LockStaffCursor(ctx, s.cfg.ChatID, false)
		if err != nil || !ok {
			return err
		}
		acts, err := tx.ActivitiesSince(ctx, after, s.cfg.Batch)
		if err != nil {
			return err
		}
		read = len(acts)
		// Activities too young may have neighbours with lower ids still
		// uncommitted (PostgreSQL): they wait for the next pass, in order.
		cutoff := now.Add(-s.cfg.Settle)
		var order []int64
		byTicket := map[int64][]loket.Activity{}
		last := after
		for _, a := range acts {
			if a.CreatedAt.After(cutoff) {
				read = 0 // not a full batch: stop this tick
				break
			}
			if _, seen := byTicket[a.TicketID]; !seen {
				order = append(order, a.TicketID)
			}
			byTicket[a.TicketID] = append(byTicket[a.TicketID], a)
			last = a.Seq
		}
		for _, id := range order {
			p, err := s.mirrorTicket(ctx, tx, id, byTicket[id], now)
			if err != nil {
				return fmt.Errorf("staff: mirror ticket %d: %w", id, err)
			}
			posted = posted || p
		}
		if last == after {
			return nil
		}
		return tx.SaveStaffCursor(ctx, s.cfg.ChatID, last, now)
	})
	return read, posted, err
}

// mirrorTicket posts one ticket's new activities, opening its thread
// first when it has none.
func (s *Staff) mirrorTicket(ctx context.Context, tx Tx, ticketID int64, acts []loket.Activity, now time.Time) (bool, error) {
	th, err := tx.StaffThread(ctx, s.cfg.ChatID, ticketID)
	if errors.Is(err, loket.ErrNotFound) {
		return s.openThread(ctx, tx, ticketID, acts, now)
	}
	if err != nil {
		return false, err
	}
	if !th.Ready {
		return false, nil // its topic job posts these (FromActivityID … cursor)
	}
	info, err := s.ticketInfo(ctx, tx, ticketID)
	if err != nil {
		return false, err
	}
	return s.postActivities(ctx, tx, th, info, acts, now)
}

// openThread creates a ticket's thread. With forum topics possible it is
// pending until the topic job has called Telegram; otherwise the header
// goes out now, followed by the activities.
func (s *Staff) openThread(ctx context.Context, tx Tx, ticketID int64, acts []loket.Activity, now time.Time) (bool, error) {
	th := &store.StaffThread{ChatID: s.cfg.ChatID, TicketID: ticketID, FromActivityID: acts[0].Seq, CreatedAt: now}
	if err := tx.CreateStaffThread(ctx, th); err != nil {
		return false, err
	}
	info, err := s.ticketInfo(ctx, tx, ticketID)
	if err != nil {
		return false, err
	}
	if s.topics != nil {
		payload, _ := json.Marshal(topicJob{Chat: s.cfg.ChatID, Ticket: ticketID, Name: info.topicName()})
		return false, tx.ScheduleJob(ctx, &loket.Job{Kind: JobTopic, Key: fmt.Sprintf("%s:%s:%d", JobTopic, s.cfg.ChatID, ticketID),
			Payload: payload, DueAt: now, CreatedAt: now})
	}
	if err := s.readyThread(ctx, tx, th, info, 0, now); err != nil {
		return false, err
	}
	return s.postActivities(ctx, tx, th, info, acts, now)
}

// readyThread posts the header (into the topic, or into the group where
// replies attach to it) and marks the thread ready.
func (s *Staff) readyThread(ctx context.Context, tx Tx, th *store.StaffThread, info *ticketInfo, topicID int64, now time.Time) error {
	th.TopicID = topicID
	header, err := s.text("header", info.view(s))
	if err != nil {
		return err
	}
	out, err := s.post(ctx, tx, dest(th), th.TicketID, 0, header, now)
	if err != nil {
		return err
	}
	if topicID == 0 {
		th.HeaderOutboundID = out.ID
	}
	th.Ready = true
	return tx.UpdateStaffThread(ctx, th)
}

// postActivities sends one message with a line per activity.
func (s *Staff) postActivities(ctx context.Context, tx Tx, th *store.StaffThread, info *ticketInfo, acts []loket.Activity, now time.Time) (bool, error) {
	var lines []string
	if th.TopicID == 0 {
		p, err := s.text("prefix", info.view(s))
		if err != nil {
			return false, err
		}
		lines = append(lines, p)
	}
	n := len(lines)
	for i := range acts {
		line, err := s.activityLine(ctx, tx, info, &acts[i])
		if err != nil {
			return false, err
		}
		if line != "" {
			lines = append(lines, line)
		}
	}
	if len(lines) == n {
		return false, nil
	}
	_, err := s.post(ctx, tx, dest(th), th.TicketID, 0, strings.Join(lines, "\n"), now)
	return err == nil, err
}

// activityLine renders one activity for the group ("" to leave it out).
func (s *Staff) activityLine(ctx context.Context, tx Tx, info *ticketInfo, a *loket.Activity) (string, error) {
	v := info.view(s)
	who, err := s.who(ctx, tx, info, a)
	if err != nil {
		return "", err
	}
	v.Who = who
	key, limit := "act.other", 300
	switch a.Kind {
	case loket.ActMessageIn:
		key, limit = "act.in", 1500
	case loket.ActMessageOut:
		key, limit = "act.out", 160
	case loket.ActDocument:
		key, limit = "act.review", 300
		if a.Actor == loket.ActorVendor {
			key, v.Body = "act.doc", docName(a)
		}
	case loket.ActStatus:
		key, v.Body = "act.status", statusChange(a)
	case loket.ActNote:
		key, limit = "act.note", 1000
	case loket.ActAssignment:
		key = "act.assign"
	}
	if v.Body == "" {
		v.Body = clip(strings.TrimSpace(a.Body), limit)
	}
	if v.Body == "" {
		return "", nil
	}
	return s.text(key, v)
}

// statusChange is a status activity as "New → In review", from its Meta
// (whoever changed it and whatever its Body's language); "" when the Meta
// does not say.
func statusChange(a *loket.Activity) string {
	var m struct{ From, To loket.TicketStatus }
	if json.Unmarshal(a.Meta, &m) != nil || m.To == "" {
		return ""
	}
	return m.From.Label() + " → " + m.To.Label()
}

// docName is the file name of a document activity (never the file).
func docName(a *loket.Activity) string {
	var m struct {
		FileName string `json:"file_name"`
	}
	if json.Unmarshal(a.Meta, &m) == nil && m.FileName != "" {
		return clip(m.FileName, 200)
	}
	return clip(a.Body, 200)
}

// clip shortens s to at most n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
