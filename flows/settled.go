package flows

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"loket"
)

// settled keeps in memory, for one configuration stamp (store.Tx
// ConfigStamp), what admins change rarely and turns read: the office
// windows, the closed days of a span and the settings. A turn reads the
// stamp once (the store reads it once per transaction); any save of these
// moves it, so a change applies from the next message on every replica.
// It lives in the known of its stamp (flows/knowledge.go): a new stamp
// starts empty.
type settled struct {
	mu       sync.Mutex
	windows  []loket.OfficeWindow
	readWins bool
	holidays map[[2]int64][]loket.Holiday // by the span's bounds (unix seconds)
	settings map[string][]byte            // nil value: not saved (ErrNotFound)
	texts    map[string]string            // texts derived from these alone (see text)
}

// text returns the text under key built from this configuration alone
// (the office hours in words, per language), building it once.
func (s *settled) text(key string, build func() string) string {
	s.mu.Lock()
	t, ok := s.texts[key]
	s.mu.Unlock()
	if ok {
		return t
	}
	t = build()
	s.mu.Lock()
	if s.texts == nil {
		s.texts = map[string]string{}
	}
	s.texts[key] = t
	s.mu.Unlock()
	return t
}

// settledTx is a conversation's Tx whose reads of the office hours,
// closed days and settings come from settled while the stamp holds.
type settledTx struct {
	Tx
	s *settled
}

// settledOf returns tx reading through k's settled configuration.
func (k *known) settledOf(tx Tx) Tx { return settledTx{Tx: tx, s: k.cfg} }

func (t settledTx) OfficeWindows(ctx context.Context) ([]loket.OfficeWindow, error) {
	t.s.mu.Lock()
	ws, ok := t.s.windows, t.s.readWins
	t.s.mu.Unlock()
	if ok {
		return slices.Clone(ws), nil
	}
	ws, err := t.Tx.OfficeWindows(ctx)
	if err != nil {
		return nil, err
	}
	t.s.mu.Lock()
	t.s.windows, t.s.readWins = slices.Clone(ws), true
	t.s.mu.Unlock()
	return ws, nil
}

// maxSpans bounds the closed-day spans kept per stamp (the spans move
// with the date).
const maxSpans = 16

func (t settledTx) Holidays(ctx context.Context, from, to time.Time) ([]loket.Holiday, error) {
	key := [2]int64{from.Unix(), to.Unix()}
	t.s.mu.Lock()
	hs, ok := t.s.holidays[key]
	t.s.mu.Unlock()
	if ok {
		return slices.Clone(hs), nil
	}
	hs, err := t.Tx.Holidays(ctx, from, to)
	if err != nil {
		return nil, err
	}
	t.s.mu.Lock()
	if t.s.holidays == nil || len(t.s.holidays) >= maxSpans {
		t.s.holidays = map[[2]int64][]loket.Holiday{}
	}
	t.s.holidays[key] = slices.Clone(hs)
	t.s.mu.Unlock()
	return hs, nil
}

func (t settledTx) Setting(ctx context.Context, key string) ([]byte, error) {
	t.s.mu.Lock()
	b, ok := t.s.settings[key]
	t.s.mu.Unlock()
	if ok {
		if b == nil {
			return nil, loket.Errorf(loket.ENotFound, "setting %s: not found", key)
		}
		return slices.Clone(b), nil
	}
	b, err := t.Tx.Setting(ctx, key)
	if err != nil && !errors.Is(err, loket.ErrNotFound) {
		return nil, err
	}
	t.s.mu.Lock()
	if t.s.settings == nil {
		t.s.settings = map[string][]byte{}
	}
	t.s.settings[key] = slices.Clone(b)
	t.s.mu.Unlock()
	return b, err
}
