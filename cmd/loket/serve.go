package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"loket"
	"loket/bot"
	"loket/bot/telegram"
	"loket/bot/webchat"
	"loket/bot/whatsapp"
	"loket/bot/whatsappcloud"
	"loket/console"
	"loket/flows"
	"loket/internal/clientaddr"
	"loket/internal/netguard"
	"loket/messages"
	"loket/ops"
	"loket/store"
)

// server is everything `loket serve` runs.
type server struct {
	cfg      *Config
	clock    loket.Clock
	log      *slog.Logger
	back     *backends
	engine   *bot.Engine[store.Tx]
	telegram *telegram.Channel
	whatsapp *whatsapp.Channel
	cloud    *whatsappcloud.Channel // the WhatsApp Cloud API, instead of whatsmeow
	web      *webchat.Channel
	http     *http.Server
}

func cmdServe(ctx context.Context, clock loket.Clock, getenv func(string) string, stdout, stderr io.Writer) error {
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
	s, err := newServer(ctx, cfg, clock, log, stdout)
	if err != nil {
		return err
	}
	defer s.back.Close()
	// What the start built and threw away (migrations, the knowledge
	// read and indexed) goes back to the system now, not over minutes.
	debug.FreeOSMemory()
	fmt.Fprintf(stdout, "Loket %s is running.\n  Web chat: http://%s/chat\n  Console:  http://%s/\n", version, ln.Addr(), ln.Addr())
	return s.run(ctx, ln)
}

// newServer opens the backends and wires the channels, the engine, the
// flows and the console.
func newServer(ctx context.Context, cfg *Config, clock loket.Clock, log *slog.Logger, stdout io.Writer) (*server, error) {
	back, err := openBackends(ctx, cfg, log, true)
	if err != nil {
		return nil, err
	}
	s := &server{cfg: cfg, clock: clock, log: log, back: back}
	if err := s.wire(ctx, stdout); err != nil {
		back.Close()
		return nil, err
	}
	return s, nil
}

func (s *server) wire(ctx context.Context, stdout io.Writer) error {
	clock := s.clock
	reg := newRegistry()
	fl, err := flows.New(flows.Config{Location: s.cfg.Location}, s.log)
	if err != nil {
		return fmt.Errorf("flows: %w", err)
	}
	handler := &router{flows: fl} // its staff group is set below when LOKET_TELEGRAM_STAFF_CHAT is configured
	// SQLite has one writer: a batch writes its replies leased to the
	// senders rather than have them wait for the writer again to claim
	// them.
	s.engine = bot.New(bot.Config{Location: s.cfg.Location, Redact: flows.LooksLikePassword,
		OneWriter: s.back.dialect == "sqlite", JobTxs: s.back.jobTxs},
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
	// Built before the first turn needs it; a knowledge that cannot be
	// built fails that turn as it would have, and is said here first.
	if err := s.back.store.InTx(ctx, func(tx store.Tx) error { return fl.Warm(ctx, tx) }); err != nil {
		s.log.Warn("the office's knowledge could not be prepared at start; turns will try again", "err", err)
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
			WebhookURL: s.cfg.WebhookURL, WebhookSecret: s.cfg.WebhookSecret, StaffChatID: s.cfg.StaffChat, SendRate: s.cfg.TelegramRate,
			Locker:    s.back.eph, // one poller across replicas; ignored in webhook mode
			StartWait: telegramStartWait(s.cfg.StartWait),
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
	if s.cfg.PprofAddr != "" {
		go servePprof(ctx, s.cfg.PprofAddr, s.log)
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

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
