package telegram

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	tg "github.com/go-telegram/bot"

	"loket/bot"
)

// classify maps a Bot API error onto the channel contract:
// 429 → *bot.RetryAfterError, 403 → bot.ErrUnreachable, 400 (chat not
// found, bad request, group migrated) → bot.ErrPermanent; network errors,
// 5xx and anything else stay plain (the engine retries them).
func classify(what string, err error) error {
	if err == nil {
		return nil
	}
	var tooMany *tg.TooManyRequestsError
	if errors.As(err, &tooMany) {
		after := time.Duration(tooMany.RetryAfter) * time.Second
		if after <= 0 {
			after = time.Second
		}
		return &bot.RetryAfterError{After: after, Err: fmt.Errorf("telegram: %s: %w", what, err)}
	}
	var migrate *tg.MigrateError
	switch {
	case errors.Is(err, tg.ErrorForbidden):
		return fmt.Errorf("telegram: %s: %w: %w", what, bot.ErrUnreachable, err)
	case errors.As(err, &migrate):
		return fmt.Errorf("telegram: %s: group moved to chat %d: %w: %w", what, migrate.MigrateToChatID, bot.ErrPermanent, err)
	case errors.Is(err, tg.ErrorBadRequest), errors.Is(err, tg.ErrorNotFound):
		return fmt.Errorf("telegram: %s: %w: %w", what, bot.ErrPermanent, err)
	}
	return fmt.Errorf("telegram: %s: %w", what, err)
}

// permanent wraps a refusal decided before calling Telegram.
func permanent(format string, args ...any) error {
	return fmt.Errorf("telegram: %s: %w", fmt.Sprintf(format, args...), bot.ErrPermanent)
}

// redact removes the bot token from a URL error (the token is part of
// every Bot API and file URL).
func redact(err error, token string) error {
	var ue *url.Error
	if errors.As(err, &ue) && token != "" {
		ue.URL = strings.ReplaceAll(ue.URL, token, "***")
	}
	return err
}
