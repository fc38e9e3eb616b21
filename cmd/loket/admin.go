package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"loket"
	"loket/console"
	"loket/store"
)

// ensureAdmin creates the first admin on a fresh database: with
// LOKET_ADMIN_PASSWORD, or with a random password printed once.
func ensureAdmin(ctx context.Context, st store.Store, password string, clock loket.Clock, out io.Writer) error {
	return st.InTx(ctx, func(tx store.Tx) error {
		agents, err := tx.ListAgents(ctx)
		if err != nil {
			return fmt.Errorf("list agents: %w", err)
		}
		if len(agents) > 0 {
			return nil
		}
		printed := false
		if password == "" {
			password, printed = console.GeneratePassword(), true
		}
		hash, err := console.HashPassword(password)
		if errors.Is(err, loket.ErrInvalid) {
			return &configError{"LOKET_ADMIN_PASSWORD", loket.ErrorMessage(err)}
		}
		if err != nil {
			return fmt.Errorf("hash admin password: %w", err)
		}
		a := &loket.Agent{Username: "admin", Name: "Administrator", Role: loket.RoleAdmin,
			PasswordHash: hash, Active: true, CreatedAt: clock.Now()}
		if err := tx.SaveAgent(ctx, a); err != nil {
			return fmt.Errorf("create admin: %w", err)
		}
		if printed {
			fmt.Fprintf(out, "First start: created console user \"admin\" with password %s (shown once; change it in the console)\n", password)
		} else {
			fmt.Fprintln(out, "First start: created console user \"admin\" with the password from LOKET_ADMIN_PASSWORD")
		}
		return nil
	})
}
