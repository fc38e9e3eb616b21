package flows

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"loket/internal/testkit"

	"loket"
	"loket/store/sqlite"
	"loket/store/storetest"
)

// pgStore opens PostgreSQL in a fresh schema, or skips.
func pgStore(t *testing.T) storetest.Store {
	t.Helper()
	return testkit.OpenPostgres(t, "booking", "pool_max_conns=12")
}

// TestLastSeatBookedOnce has 10 vendors type the same time at once:
// one gets the call, nine are told it was just taken.
func TestLastSeatBookedOnce(t *testing.T) {
	stores := map[string]func(t *testing.T) storetest.Store{
		"sqlite": func(t *testing.T) storetest.Store {
			s, err := sqlite.Open(context.Background(), migratedCopy(t), nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
		"postgres": pgStore,
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			st := open(t)
			f := newFlows(t)
			ctx := context.Background()
			now := mondayMorning
			const vendors = 10
			for i := 0; i < vendors; i++ {
				err := st.InTx(ctx, func(tx storetest.Tx) error {
					chat := fmt.Sprintf("62812000%02d", i)
					cv, err := tx.ConversationForUpdate(ctx, loket.ChannelWhatsApp, chat, now)
					if err != nil {
						return err
					}
					tk := &loket.Ticket{ContactID: cv.ContactID, Channel: loket.ChannelWhatsApp, Title: "reg", Type: loket.TypeRegistration,
						Status: loket.StatusInReview, CreatedAt: now, UpdatedAt: now}
					if err := tx.CreateTicket(ctx, tk); err != nil {
						return err
					}
					st := &state{V: stateVersion, Step: stepBookTime, Last: now, Book: &bookState{Ticket: tk.ID, Day: "20260106"}}
					if cv.State, err = st.encode(); err != nil {
						return err
					}
					return tx.SaveConversation(ctx, cv)
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			var mu sync.Mutex
			replies := map[string]int{}
			var wg sync.WaitGroup
			for i := 0; i < vendors; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					chat := fmt.Sprintf("62812000%02d", i)
					err := st.InTx(ctx, func(tx storetest.Tx) error {
						cv, err := tx.ConversationForUpdate(ctx, loket.ChannelWhatsApp, chat, now)
						if err != nil {
							return err
						}
						ct, err := tx.ContactByID(ctx, cv.ContactID)
						if err != nil {
							return err
						}
						turn := &loket.Turn{Inbound: &loket.Inbound{Channel: loket.ChannelWhatsApp, ChatID: chat, Kind: loket.InText, Text: "10.00"},
							Contact: ct, Conversation: cv, Now: now}
						if err := f.Handle(ctx, tx, turn); err != nil {
							return err
						}
						mu.Lock()
						switch {
						case strings.Contains(turn.Replies[0].Text, "terjadwal"):
							replies["booked"]++
						case strings.Contains(turn.Replies[0].Text, "baru saja diambil"):
							replies["taken"]++
						}
						mu.Unlock()
						return tx.SaveConversation(ctx, cv)
					})
					if err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			if replies["booked"] != 1 || replies["taken"] != vendors-1 {
				t.Errorf("replies %v, want 1 booked and %d taken", replies, vendors-1)
			}
			day := time.Date(2026, 1, 6, 0, 0, 0, 0, wib)
			err := st.InTx(ctx, func(tx storetest.Tx) error {
				as, err := tx.Appointments(ctx, day, day.AddDate(0, 0, 1))
				if err == nil && len(as) != 1 {
					t.Errorf("%d appointments, want 1", len(as))
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
