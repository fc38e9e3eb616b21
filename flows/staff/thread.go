package staff

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"loket"
)

// topicJob is the payload of a JobTopic job.
type topicJob struct {
	Chat   string `json:"chat"`
	Ticket int64  `json:"ticket"`
	Name   string `json:"name"`
}

// Commit is the transaction step of a job (bot.JobFunc over Tx).
type Commit func(ctx context.Context, tx Tx, job *loket.Job, now time.Time) error

// PrepareTopic is the I/O step of a JobTopic job (bot.JobIO): it opens
// the forum topic outside any transaction and returns the step that
// stores it, posts the header and the activities that waited for it.
// When the group has no topics — or Telegram keeps refusing after
// TopicAttempts tries — the ticket gets a header message instead.
// Repeating it after a failed commit may leave one unused empty topic.
func (s *Staff) PrepareTopic(ctx context.Context, job *loket.Job, now time.Time) (Commit, error) {
	var p topicJob
	if err := json.Unmarshal(job.Payload, &p); err != nil || p.Chat == "" || p.Ticket == 0 {
		s.log.ErrorContext(ctx, "staff: bad topic job payload; dropped", "job", job.ID, "err", err)
		return nil, nil
	}
	var topicID int64
	if s.topics != nil {
		id, forum, err := s.topics.CreateForumTopic(ctx, p.Chat, p.Name)
		switch {
		case err != nil && job.Attempts < s.cfg.TopicAttempts:
			return nil, fmt.Errorf("staff: open topic for ticket %d: %w", p.Ticket, err)
		case err != nil:
			s.log.WarnContext(ctx, "staff: cannot open a forum topic; using a header message", "ticket", p.Ticket, "err", err)
		case forum:
			topicID = id
		}
	}
	return func(ctx context.Context, tx Tx, _ *loket.Job, now time.Time) error {
		return s.commitTopic(ctx, tx, p, topicID, now)
	}, nil
}

// commitTopic readies a pending thread and posts what it waited for: the
// activities from FromActivityID up to the cursor (later ones are
// Mirror's). The cursor row is locked so Mirror cannot move it meanwhile.
func (s *Staff) commitTopic(ctx context.Context, tx Tx, p topicJob, topicID int64, now time.Time) error {
	th, err := tx.StaffThread(ctx, p.Chat, p.Ticket)
	if errors.Is(err, loket.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if th.Ready {
		return nil
	}
	upTo, _, err := tx.LockStaffCursor(ctx, p.Chat, true)
	if err != nil {
		return err
	}
	info, err := s.ticketInfo(ctx, tx, p.Ticket)
	if err != nil {
		return err
	}
	if err := s.readyThread(ctx, tx, th, info, topicID, now); err != nil {
		return err
	}
	all, err := tx.Activities(ctx, p.Ticket)
	if err != nil {
		return err
	}
	var acts []loket.Activity
	for _, a := range all {
		if a.Seq != 0 && a.Seq >= th.FromActivityID && a.Seq <= upTo {
			acts = append(acts, a)
		}
	}
	slices.SortFunc(acts, func(a, b loket.Activity) int { return int(a.Seq - b.Seq) })
	_, err = s.postActivities(ctx, tx, th, info, acts, now)
	return err
}

// ticketInfo is what the group shows about a ticket.
type ticketInfo struct {
	t      *loket.Ticket
	name   string // vendor, else contact name
	agents map[int64]string
}

func (s *Staff) ticketInfo(ctx context.Context, tx Tx, ticketID int64) (*ticketInfo, error) {
	t, err := tx.TicketByID(ctx, ticketID)
	if err != nil {
		return nil, fmt.Errorf("load ticket: %w", err)
	}
	info := &ticketInfo{t: t, agents: map[int64]string{}}
	if t.VendorID != 0 {
		if v, err := tx.VendorByID(ctx, t.VendorID); err == nil {
			info.name = v.Name
		}
	}
	if info.name == "" && t.ContactID != 0 {
		if c, err := tx.ContactByID(ctx, t.ContactID); err == nil {
			info.name = c.Name
		}
	}
	return info, nil
}

func (i *ticketInfo) topicName() string {
	if i.name == "" {
		return i.t.Ref()
	}
	return i.t.Ref() + " " + i.name
}

func (i *ticketInfo) view(s *Staff) view {
	return view{Ref: i.t.Ref(), Name: i.name, Title: i.t.Title, Channel: string(i.t.Channel),
		Status: i.t.Status.Label(), Link: s.link(i.t)}
}

// who names the actor of an activity.
func (s *Staff) who(ctx context.Context, tx Tx, info *ticketInfo, a *loket.Activity) (string, error) {
	switch {
	case a.Actor == loket.ActorAgent && a.AgentID != 0:
		if n, ok := info.agents[a.AgentID]; ok {
			return n, nil
		}
		name := fmt.Sprintf("agent %d", a.AgentID)
		if ag, err := tx.AgentByID(ctx, a.AgentID); err == nil && ag.Name != "" {
			name = ag.Name
		}
		info.agents[a.AgentID] = name
		return name, nil
	case a.Actor == loket.ActorVendor && info.name != "":
		return info.name, nil
	case a.Actor == loket.ActorVendor:
		return s.text("who.vendor", view{})
	case a.Actor == loket.ActorBot:
		return s.text("who.bot", view{})
	}
	return s.text("who.system", view{})
}
