package whatsapp

import (
	"context"
	"fmt"
	"time"

	"go.mau.fi/whatsmeow/types/events"
)

// State is the session's connection state.
type State string

// Session states, as Status reports them.
const (
	StateConnected    State = "connected"    // online, sending and receiving
	StateLoggedOut    State = "logged_out"   // not paired (or unlinked from the phone): pair again
	StateReconnecting State = "reconnecting" // connection lost, reconnecting by itself
	StatePairing      State = "pairing"      // showing a QR code / waiting for a pairing code
	StateDisconnected State = "disconnected" // not connected: not started, another replica holds it, replaced or outdated
	StateBanned       State = "banned"       // temporarily banned by WhatsApp
)

// Status is the live state of the session, for the console and /readyz.
type Status struct {
	State  State
	JID    string    // own phone JID once paired, e.g. "6281…@s.whatsapp.net"
	QRCode string    // the latest QR code content while pairing
	Since  time.Time // when State last changed
	Detail string    // why, for a person (ban reason and expiry, …)
	Active bool      // this replica holds the connection
}

// Status returns the session's current state.
func (c *Channel) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.status
	st.Active = c.active.Load()
	return st
}

// setState changes State (and JID when jid is not empty); Since moves only
// when State changes. Leaving pairing clears the QR code.
func (c *Channel) setState(s State, jid string) {
	c.setStateDetail(s, jid, "")
}

func (c *Channel) setStateDetail(s State, jid, detail string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.status.State != s {
		c.status.Since = c.now()
		c.log.Info("whatsapp: session state", "from", c.status.State, "to", s, "detail", detail)
	}
	c.status.State = s
	c.status.Detail = detail
	if jid != "" {
		c.status.JID = jid
	}
	if s == StateLoggedOut {
		c.status.JID = ""
	}
	if s != StatePairing {
		c.status.QRCode = ""
	}
}

func (c *Channel) setQR(code string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.status.State != StatePairing {
		c.status.Since = c.now()
	}
	c.status.State = StatePairing
	c.status.QRCode = code
}

// handleEvent is whatsmeow's event handler. It runs on the library's one
// event goroutine: anything slow goes to a queue. Its result is the
// handler's success status: false leaves a message un-acked.
func (c *Channel) handleEvent(evt any) bool {
	switch e := evt.(type) {
	case *events.Message:
		return c.onMessage(e)
	case *events.Connected:
		jid := ""
		if id := c.client().DeviceID(); id != nil {
			jid = id.ToNonAD().String()
		}
		c.setState(StateConnected, jid)
	case *events.Disconnected:
		if c.Status().State == StateConnected {
			c.setState(StateReconnecting, "")
		}
	case *events.PairSuccess:
		c.log.Info("whatsapp: paired", "jid", e.ID.ToNonAD().String(), "platform", e.Platform)
	case *events.LoggedOut:
		c.setStateDetail(StateLoggedOut, "", "reason "+e.Reason.String())
		c.alert("WhatsApp: the session was logged out (" + e.Reason.String() + "); pair again with `loket whatsapp pair` or the console.")
		c.notify(e)
	case *events.TemporaryBan:
		c.setStateDetail(StateBanned, "", e.String())
		c.alert("WhatsApp: the number is temporarily banned: " + e.String())
		c.notify(e)
	case *events.StreamReplaced:
		c.setStateDetail(StateDisconnected, "", "another process connected with this session")
		c.alert("WhatsApp: another process connected with the same session and replaced this one; check that only one Loket holds it.")
		c.notify(e)
	case *events.ClientOutdated:
		c.setStateDetail(StateDisconnected, "", "client outdated")
		c.alert("WhatsApp: the server rejected the client as outdated; upgrade Loket (whatsmeow).")
		c.notify(e)
	case *events.ConnectFailure:
		c.log.Warn("whatsapp: connect failure", "reason", int(e.Reason), "message", e.Message)
	case *events.KeepAliveTimeout:
		c.log.Debug("whatsapp: keepalive timeout", "errors", e.ErrorCount)
	case *events.UndecryptableMessage:
		c.log.Info("whatsapp: undecryptable message (re-requested from the phone)", "id", e.Info.ID)
	}
	return true
}

// notify hands a permanent disconnect to the session loop without blocking.
func (c *Channel) notify(evt any) {
	select {
	case c.events <- evt:
	default:
		c.log.Warn("whatsapp: session event dropped", "event", fmt.Sprintf("%T", evt))
	}
}

// alert calls Config.OnAlert on its own goroutine.
func (c *Channel) alert(text string) {
	c.log.Warn(text)
	if c.cfg.OnAlert == nil {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c.cfg.OnAlert(ctx, text)
	}()
}
