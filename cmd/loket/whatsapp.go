package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"loket/bot/whatsapp"
)

// openWhatsApp opens the WhatsApp channel with its device store in
// Loket's database and the session lock in the ephemeral store.
// onAlert (may be nil) is told when the session needs a person.
func openWhatsApp(ctx context.Context, b *backends, onAlert func(context.Context, string), log *slog.Logger) (*whatsapp.Channel, error) {
	db, err := b.rawDB()
	if err != nil {
		return nil, fmt.Errorf("whatsapp: open device store database: %w", err)
	}
	ch, err := whatsapp.New(ctx, whatsapp.Config{Locker: b.eph, OnAlert: onAlert}, db, b.dialect, b.files, log)
	if err != nil {
		db.Close()
		return nil, &configError{"LOKET_WHATSAPP", fmt.Sprintf("cannot start the WhatsApp channel: %v", err)}
	}
	return ch, nil
}

// cmdWhatsApp handles `loket whatsapp pair [--phone 62812…]`.
func cmdWhatsApp(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "pair" {
		return &configError{"whatsapp", usageLine("whatsapp")}
	}
	fs, phone := whatsappPairFlags()
	fs.SetOutput(stderr)
	if err := fs.Parse(args[1:]); err != nil {
		return &configError{"whatsapp pair", err.Error()}
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg.LogLevel)
	// Holding the data-dir lock keeps a running embedded server and the
	// pairing from using one session at once.
	b, err := openBackends(ctx, cfg, log, cfg.DatabaseURL == "")
	if err != nil {
		return err
	}
	defer b.Close()
	ch, err := openWhatsApp(ctx, b, nil, log)
	if err != nil {
		return err
	}
	return whatsapp.Pair(ctx, ch, stdout, *phone)
}
