package whatsapp

import (
	"errors"
	"fmt"
	"time"

	"go.mau.fi/whatsmeow"

	"loket/bot"
)

// rateOverLimitWait is how long to wait after WhatsApp's rate-overlimit.
const rateOverLimitWait = time.Minute

// classify maps a whatsmeow error onto the channel contract: refusals that
// a retry cannot fix wrap bot.ErrPermanent, rate-overlimit becomes a
// *bot.RetryAfterError, anything else (not connected, timeouts, server
// errors) stays plain and is retried.
func classify(what string, err error) error {
	if err == nil {
		return nil
	}
	switch {
	case errors.Is(err, whatsmeow.ErrIQRateOverLimit):
		return &bot.RetryAfterError{After: rateOverLimitWait, Err: fmt.Errorf("whatsapp: %s: %w", what, err)}
	case errors.Is(err, whatsmeow.ErrUnknownServer), errors.Is(err, whatsmeow.ErrRecipientADJID),
		errors.Is(err, whatsmeow.ErrBroadcastListUnsupported), errors.Is(err, whatsmeow.ErrIQBadRequest),
		errors.Is(err, whatsmeow.ErrIQNotAcceptable), errors.Is(err, whatsmeow.ErrIQForbidden):
		return fmt.Errorf("whatsapp: %s: %w: %w", what, bot.ErrPermanent, err)
	}
	return fmt.Errorf("whatsapp: %s: %w", what, err)
}

// permanent wraps a refusal decided before calling WhatsApp.
func permanent(format string, args ...any) error {
	return fmt.Errorf("whatsapp: %s: %w", fmt.Sprintf(format, args...), bot.ErrPermanent)
}
