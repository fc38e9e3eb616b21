package telegram

import (
	"fmt"
	"sync"
	"testing"

	"loket"
	tt "loket/bot/telegram/telegramtest"
)

// TestSendsReuseConnections: concurrent calls (the senders, callback
// answers, follow-ups) keep their connections to the Bot API for the next
// call. With Go's default of two idle connections per host, every call
// past the second opened a connection of its own (against
// api.telegram.org, a TLS handshake each) and closed it afterwards.
func TestSendsReuseConnections(t *testing.T) {
	srv := tt.New(t, "")
	c := newChannel(t, srv, nil)
	const workers, each = 16, 20
	round := func() {
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < each; i++ {
					if _, err := c.Send(t.Context(), &loket.Outbound{ChatID: fmt.Sprint(100 + w), Text: "halo"}); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
	}
	round() // opens the connections the callers need
	warm := srv.Connections()
	round()
	if n := len(srv.Calls("sendMessage")); n != 2*workers*each {
		t.Fatalf("sent %d, want %d", n, 2*workers*each)
	}
	// The second round finds them open (a few more may be dialled when
	// a caller does not wait for one to come back).
	if more := srv.Connections() - warm; more > 4 {
		t.Errorf("after %d connections were opened, %d more sends by %d concurrent callers opened %d more", warm, workers*each, workers, more)
	}
}
