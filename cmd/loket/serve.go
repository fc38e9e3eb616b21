package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"loket"
	"loket/bot"
	"loket/bot/telegram"
	"loket/bot/webchat"
	"loket/bot/webhook"
	"loket/bot/whatsapp"
	"loket/bot/whatsappcloud"
	"loket/console"
	"loket/flows"
	"loket/flows/hooks"
	"loket/flows/staff"
	"loket/internal/clientaddr"
	"loket/internal/netguard"
	"loket/messages"
	"loket/ops"
	"loket/store"
)

// server is everything `loket serve` runs.
type server struct {
	cfg      *Config
	log      *slog.Logger
	back     *backends
	engine   *bot.Engine[store.Tx]
	telegram *telegram.Channel
	whatsapp *whatsapp.Channel
	cloud    *whatsappcloud.Channel // the WhatsApp Cloud API, instead of whatsmeow
	web      *webchat.Channel
	http     *http.Server
}

func cmdServe(ctx context.Context, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg.LogLevel)
	ln, err := listen(cfg.HTTPAddr)
	if err != nil {
		return err
	}
	defer ln.Close()
	s, err := newServer(ctx, cfg, log, stdout)
	if err != nil {
		return err
	}
	defer s.back.Close()
	fmt.Fprintf(stdout, "Loket %s is running.\n  Web chat: http://%s/chat\n  Console:  http://%s/\n", version, ln.Addr(), ln.Addr())
	return s.run(ctx, ln)
}

// newServer opens the backends and wires the channels, the engine, the
// flows and the console.
func newServer(ctx context.Context, cfg *Config, log *slog.Logger, stdout io.Writer) (*server, error) {
	back, err := openBackends(ctx, cfg, log, true)
	if err != nil {
		return nil, err
	}
	s := &server{cfg: cfg, log: log, back: back}
	if err := s.wire(ctx, stdout); err != nil {
		back.Close()
		return nil, err
	}
	return s, nil
}

func (s *server) wire(ctx context.Context, stdout io.Writer) error {
	clock := loket.SystemClock{}
	reg := newRegistry()
	fl, err := flows.New(flows.Config{Location: s.cfg.Location}, s.log)
	if err != nil {
		return fmt.Errorf("flows: %w", err)
	}
	handler := &router{flows: fl} // its staff group is set below when LOKET_TELEGRAM_STAFF_CHAT is configured
	s.engine = bot.New(bot.Config{Location: s.cfg.Location, Redact: flows.LooksLikePassword},
		s.back.store, handler, s.back.eph, clock, bot.NewMetrics(reg), s.log)

	web, err := s.wireWebChat(ctx, clock)
	if err != nil {
		return err
	}
	if err := s.wireDocs(fl, web); err != nil {
		return err
	}
	if err := s.wireBooking(ctx, fl, clock); err != nil {
		return err
	}
	if err := s.wireWebhooks(clock); err != nil {
		return err
	}
	cust, err := s.wireCustody(ctx, clock)
	if err != nil {
		return fmt.Errorf("custody: %w", err)
	}
	// One ticket-operations service: an agent's action from the console,
	// the REST API or the staff group runs the same code.
	texts, err := messages.Load()
	if err != nil {
		return fmt.Errorf("ticket operations: %w", err)
	}
	tops := ops.New(texts, s.cfg.Location)

	mux := http.NewServeMux()
	if s.cfg.TelegramToken != "" {
		tg, err := telegram.New(ctx, telegram.Config{
			Token: s.cfg.TelegramToken, APIURL: s.cfg.TelegramAPIURL,
			WebhookURL: s.cfg.WebhookURL, WebhookSecret: s.cfg.WebhookSecret, StaffChatID: s.cfg.StaffChat,
			Locker: s.back.eph, // one poller across replicas; ignored in webhook mode
		}, s.back.files, s.log)
		if err != nil {
			return &configError{"LOKET_TELEGRAM_TOKEN", fmt.Sprintf("cannot start the Telegram channel: %v", err)}
		}
		s.telegram = tg
		s.engine.AddSender(tg)
		mux.Handle("POST /telegram/webhook", tg.WebhookHandler())
		if s.cfg.StaffChat != 0 {
			if handler.staff, err = s.wireStaff(tg, tops, clock); err != nil {
				return err
			}
		}
	}

	if s.cfg.WhatsApp {
		wa, err := openWhatsApp(ctx, s.back, s.alertStaff, s.log)
		if err != nil {
			return err
		}
		s.whatsapp = wa
		s.engine.AddSender(wa)
	}
	if err := s.wireCloud(mux); err != nil {
		return err
	}

	if err := ensureAdmin(ctx, s.back.store, s.cfg.AdminPassword, clock, stdout); err != nil {
		return err
	}
	cons, err := console.New(console.Config{Location: s.cfg.Location, Clients: clientaddr.New(s.cfg.TrustedProxies, s.cfg.PublicURL)}, console.Deps{
		Store: s.back.store, Events: s.back.eph, Limiter: s.back.limiter, Wake: s.engine.Wake, Clock: clock, Log: s.log,
		Files:    s.back.files,
		Channels: consoleChannels{cfg: s.cfg, tg: s.telegram, wa: s.whatsapp, wc: s.cloud},
		Custody:  cust,
		Targets:  netguard.New(s.cfg.WebhookAllow),
		Answers:  fl.BuiltInAnswers,
		Ops:      tops,
	})
	if err != nil {
		return fmt.Errorf("console: %w", err)
	}

	s.registerChannelMetrics(reg)
	s.registerStorageMetrics(reg)
	healthz, readyz := healthHandler(s.back, s.channelHealth, s.log)
	mux.HandleFunc("GET /healthz", healthz)
	mux.HandleFunc("GET /readyz", readyz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.Handle("/chat", web.Handler())
	mux.Handle("/chat/", web.Handler())
	mux.Handle("/", cons.Handler())
	s.http = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	return nil
}

// run serves until ctx is cancelled, then stops taking new work (HTTP
// shutdown, receivers stop), lets the engine finish what is in hand and
// flush, and returns.
func (s *server) run(ctx context.Context, ln net.Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	engineDone := make(chan error, 1)
	go func() { engineDone <- s.engine.Run(ctx) }()
	housekept := make(chan struct{})
	go func() { defer close(housekept); s.housekeeping(ctx) }()
	var receivers sync.WaitGroup
	if s.whatsapp != nil {
		receivers.Add(1)
		go func() {
			defer receivers.Done()
			if err := s.whatsapp.Run(ctx, s.engine); err != nil && ctx.Err() == nil {
				s.log.Error("whatsapp receiver stopped", "err", err)
			}
		}()
	}
	if s.cloud != nil {
		receivers.Add(1)
		go func() { defer receivers.Done(); _ = s.cloud.Run(ctx, s.engine) }()
	}
	if s.telegram != nil {
		receivers.Add(1)
		go func() {
			defer receivers.Done()
			if err := s.telegram.Run(ctx, s.engine); err != nil && ctx.Err() == nil {
				s.log.Error("telegram receiver stopped", "err", err)
			}
		}()
	}
	err := serveHTTP(ctx, s.http, ln)
	cancel()
	receivers.Wait()
	<-housekept
	if eerr := <-engineDone; err == nil {
		err = eerr
	}
	return err
}

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

// alertStaff posts a channel alert (WhatsApp logged out, banned…) to the
// Telegram staff group through the outbox; the console shows its own banner.
func (s *server) alertStaff(ctx context.Context, text string) {
	if s.cfg.StaffChat == 0 || s.telegram == nil {
		return
	}
	now := time.Now()
	err := s.back.store.InTx(ctx, func(tx store.Tx) error {
		return tx.EnqueueOutbound(ctx, &loket.Outbound{Channel: loket.ChannelTelegram,
			ChatID: strconv.FormatInt(s.cfg.StaffChat, 10), Text: "⚠️ " + text,
			Status: loket.OutQueued, NextAttemptAt: now, CreatedAt: now})
	})
	if err != nil {
		s.log.Error("whatsapp alert to the staff group", "err", err)
		return
	}
	s.engine.Wake(loket.ChannelTelegram)
}

// registerChannelMetrics exposes the channels' state: whether WhatsApp is
// connected and this replica holds its session, whether this replica polls
// Telegram.
func (s *server) registerChannelMetrics(reg *prometheus.Registry) {
	gauge := func(name, help string, fn func() bool) {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 {
			if fn() {
				return 1
			}
			return 0
		}))
	}
	if s.whatsapp != nil {
		gauge("loket_whatsapp_connected", "1 when the WhatsApp session is connected.", func() bool {
			return s.whatsapp.Status().State == whatsapp.StateConnected
		})
		gauge("loket_whatsapp_needs_attention", "1 when the WhatsApp session is logged out or banned (pair again / wait).", func() bool {
			st := s.whatsapp.Status().State
			return st == whatsapp.StateLoggedOut || st == whatsapp.StateBanned
		})
		gauge("loket_whatsapp_session_holder", "1 when this replica holds the WhatsApp session.", s.whatsapp.Active)
	}
	s.registerCloudMetrics(gauge)
	if s.telegram != nil {
		gauge("loket_telegram_polling", "1 when this replica polls Telegram for updates.", s.telegram.Polling)
	}
}

// channelHealth reports the messaging channels for /readyz.
func (s *server) channelHealth() map[string]string {
	out := map[string]string{}
	if s.telegram != nil {
		out["telegram"] = "standby" // another replica polls
		if s.cfg.WebhookURL != "" {
			out["telegram"] = "webhook"
		} else if s.telegram.Polling() {
			out["telegram"] = "polling"
		}
	}
	if s.whatsapp != nil {
		st := s.whatsapp.Status()
		out["whatsapp"] = string(st.State)
	}
	if s.cloud != nil {
		out["whatsapp"] = "cloud_api:" + s.cloud.State().State
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
