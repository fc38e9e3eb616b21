package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"loket"
	"loket/bot"
	"loket/bot/telegram"
	"loket/bot/webchat"
	"loket/bot/webhook"
	"loket/flows"
	"loket/flows/hooks"
	"loket/flows/staff"
	"loket/internal/netguard"
	"loket/ops"
	"loket/store"
)

// The flows' wiring for `loket serve`: the document pipeline, the booking
// and survey jobs, outgoing webhooks and the Telegram staff group, each
// registered on the engine (jobs, tick observers, senders).

// wireDocs registers the document pipeline: a "doc.check" job downloads
// a vendor's file through its channel and checks it outside any
// transaction; "doc.reviewed" applies an agent's review.
func (s *server) wireDocs(fl *flows.Flows, web *webchat.Channel) error {
	docs, err := flows.NewDocs(fl, flows.DocsDeps{
		Fetch: func(ctx context.Context, ch loket.Channel, ref loket.DocumentRef, limit int64) (io.ReadCloser, error) {
			f, ok := s.engine.Fetcher(ch)
			if !ok {
				return nil, fmt.Errorf("no document fetcher for %s: %w", ch, bot.ErrPermanent)
			}
			return f.Fetch(ctx, ref, limit)
		},
		Files:     s.back.files,
		Permanent: func(err error) bool { return errors.Is(err, bot.ErrPermanent) || errors.Is(err, loket.ErrNotFound) },
		Log:       s.log,
	})
	if err != nil {
		return fmt.Errorf("documents: %w", err)
	}
	s.engine.HandleJobIO(flows.JobDocCheck, func(ctx context.Context, job *loket.Job, now time.Time) (bot.JobFunc[store.Tx], error) {
		commit, err := docs.Check(ctx, job, now)
		if err != nil {
			return nil, err
		}
		releaseUpload(ctx, web, job, s.log) // judged: kept in the document store, or refused
		return func(ctx context.Context, tx store.Tx, j *loket.Job, n time.Time) error {
			return commit(ctx, tx, j, n)
		}, nil
	})
	s.engine.HandleJob(loket.JobDocReviewed, func(ctx context.Context, tx store.Tx, job *loket.Job, now time.Time) error {
		return docs.Reviewed(ctx, tx, job, now)
	})
	return nil
}

// wireBooking registers the verification-call jobs (reminders, digest,
// offers, the sweep of idle tickets) and the survey jobs, and makes sure
// the recurring ones are scheduled; their keys come from due times, so every start and
// replica may do it.
func (s *server) wireBooking(ctx context.Context, fl *flows.Flows, clock loket.Clock) error {
	for _, kind := range flows.BookingJobKinds {
		s.engine.HandleJob(kind, func(ctx context.Context, tx store.Tx, j *loket.Job, now time.Time) error {
			return fl.RunBookingJob(ctx, tx, j, now)
		})
	}
	s.engine.HandleJob(flows.JobSurveyStart, func(ctx context.Context, tx store.Tx, j *loket.Job, now time.Time) error {
		return fl.StartSurvey(ctx, tx, j, now)
	})
	s.engine.HandleJob(flows.JobSurveyRemind, func(ctx context.Context, tx store.Tx, j *loket.Job, now time.Time) error {
		return fl.RemindSurvey(ctx, tx, j, now)
	})
	// Every close, whichever path made it, is seen on the timeline and
	// schedules the survey.
	s.engine.OnTick(func(ctx context.Context) {
		for more := true; more; {
			err := s.back.store.InTx(ctx, func(tx store.Tx) error {
				var err error
				more, err = fl.ObserveClosures(ctx, tx, clock.Now())
				return err
			})
			if err != nil {
				s.log.Error("observe closed tickets for the survey", "err", err)
				return
			}
		}
	})
	err := s.back.store.InTx(ctx, func(tx store.Tx) error { return fl.EnsureBookingJobs(ctx, tx, clock.Now()) })
	if err != nil {
		return fmt.Errorf("schedule booking jobs: %w", err)
	}
	return nil
}

// wireWebhooks delivers timeline events (ticket.created,
// ticket.status_changed, message.created) to the integrations admins
// configure at /admin/webhooks, signed and retried from the outbox.
func (s *server) wireWebhooks(clock loket.Clock) error {
	hk, err := hooks.New(hooks.Config{}, func(ctx context.Context, fn func(hooks.Tx) error) error {
		return s.back.store.InTx(ctx, func(tx store.Tx) error { return fn(tx) })
	}, s.engine.Wake, clock, s.log)
	if err != nil {
		return fmt.Errorf("webhooks: %w", err)
	}
	wh, err := webhook.New(webhook.Config{Guard: netguard.New(s.cfg.WebhookAllow)}, hk, nil, s.log)
	if err != nil {
		return fmt.Errorf("webhooks: %w", err)
	}
	s.engine.AddSender(wh)
	s.engine.OnTick(hk.Tick)
	return nil
}

// wireStaff connects the Telegram staff group: ticket threads mirrored on
// every tick, topics opened by a job, agents' messages handled as staff.
func (s *server) wireStaff(tg *telegram.Channel, tops *ops.Service, clock loket.Clock) (*staff.Staff, error) {
	inTx := func(ctx context.Context, fn func(staff.Tx) error) error {
		return s.back.store.InTx(ctx, func(tx store.Tx) error { return fn(tx) })
	}
	sg, err := staff.New(staff.Config{ChatID: strconv.FormatInt(s.cfg.StaffChat, 10), ConsoleURL: s.cfg.PublicURL},
		inTx, tops, tg, s.engine.Wake, clock, s.log)
	if err != nil {
		return nil, &configError{"LOKET_TELEGRAM_STAFF_CHAT", err.Error()}
	}
	s.engine.OnTick(sg.Tick)
	s.engine.HandleJobIO(staff.JobTopic, func(ctx context.Context, job *loket.Job, now time.Time) (bot.JobFunc[store.Tx], error) {
		commit, err := sg.PrepareTopic(ctx, job, now)
		if err != nil || commit == nil {
			return nil, err
		}
		return func(ctx context.Context, tx store.Tx, j *loket.Job, n time.Time) error {
			return commit(ctx, tx, j, n)
		}, nil
	})
	return sg, nil
}
