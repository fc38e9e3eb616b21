package whatsappcloud

import (
	"context"
	"time"
)

// The channel's states, for /readyz, /metrics and the channels page.
const (
	StateStarting     = "starting"      // Run not started yet
	StateReady        = "ready"         // receiving webhooks; sends work or have not been tried
	StateTokenExpired = "token_expired" // Meta refused the access token (error 190): a person must renew it
)

// State is the channel's state and when it last changed.
type State struct {
	State    string
	Detail   string // the last error that set it, if any
	Since    time.Time
	LastSent time.Time // the last message Meta accepted
}

// State reports the channel's current state.
func (c *Channel) State() State {
	if s := c.state.Load(); s != nil {
		return *s
	}
	return State{State: StateStarting}
}

func (c *Channel) setState(state, detail string) {
	old := c.State()
	if old.State == state && old.Detail == detail && !old.Since.IsZero() {
		return
	}
	c.state.Store(&State{State: state, Detail: detail, Since: c.now(), LastSent: old.LastSent})
}

// sentOK records a successful call: an expired token was renewed.
func (c *Channel) sentOK() {
	old := c.State()
	s := old
	s.LastSent = c.now()
	if old.State == StateTokenExpired {
		s.State, s.Detail, s.Since = StateReady, "", s.LastSent
	}
	c.state.Store(&s)
}

// tokenRejected moves to StateTokenExpired and alerts once per change.
func (c *Channel) tokenRejected(detail string) {
	if c.State().State == StateTokenExpired {
		return
	}
	c.setState(StateTokenExpired, detail)
	c.log.Error("whatsapp cloud: access token rejected; renew LOKET_WHATSAPP_CLOUD_TOKEN", "detail", detail)
	if c.cfg.OnAlert != nil {
		go c.cfg.OnAlert(context.WithoutCancel(context.Background()),
			"WhatsApp Cloud API: Meta refused the access token ("+detail+"). Renew LOKET_WHATSAPP_CLOUD_TOKEN and restart; messages wait in the queue meanwhile.")
	}
}
