package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"loket"
	"loket/console"
	"loket/store"
)

// cmdMigrate applies pending migrations (opening the store does) and exits.
func cmdMigrate(ctx context.Context, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	back, err := openBackends(ctx, cfg, newLogger(stderr, cfg.LogLevel), false)
	if err != nil {
		return err
	}
	defer back.Close()
	fmt.Fprintf(stdout, "migrations applied (%s)\n", back.dialect)
	return nil
}

// cmdAgent handles `loket agent add NAME [--role R] [--name "Full Name"]`.
func cmdAgent(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return &configError{"agent", usageLine("agent")}
	}
	username, rest := "", args[1:]
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		username, rest = rest[0], rest[1:]
	}
	fs, role, name := agentAddFlags()
	fs.SetOutput(stderr)
	if err := fs.Parse(rest); err != nil {
		return &configError{"agent add", err.Error()}
	}
	if username == "" && fs.NArg() > 0 {
		username = fs.Arg(0)
	}
	if !validUsername(username) {
		return &configError{"agent add", fmt.Sprintf("username %q: use 2-32 lower-case letters, digits, dot, dash or underscore", username)}
	}
	if !loket.Role(*role).Valid() {
		return &configError{"--role", fmt.Sprintf("%q: use admin, supervisor or agent", *role)}
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	back, err := openBackends(ctx, cfg, newLogger(stderr, cfg.LogLevel), false)
	if err != nil {
		return err
	}
	defer back.Close()
	password, generated := getenv("LOKET_AGENT_PASSWORD"), false
	if password == "" {
		password, generated = console.GeneratePassword(), true
	}
	hash, err := console.HashPassword(password)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	if *name == "" {
		*name = username
	}
	a := &loket.Agent{Username: username, Name: *name, Role: loket.Role(*role), PasswordHash: hash,
		Active: true, CreatedAt: loket.SystemClock{}.Now()}
	err = back.store.InTx(ctx, func(tx store.Tx) error { return tx.SaveAgent(ctx, a) })
	if errors.Is(err, loket.ErrConflict) {
		return fmt.Errorf("an agent named %q already exists", username)
	}
	if err != nil {
		return fmt.Errorf("create agent: %w", err)
	}
	fmt.Fprintf(stdout, "created %s %q", a.Role, username)
	if generated {
		fmt.Fprintf(stdout, " with password %s (shown once)", password)
	}
	fmt.Fprintln(stdout)
	return nil
}

func validUsername(s string) bool {
	if len(s) < 2 || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
