package webchat

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"loket"
)

// Limits bound what one visitor and one client address may do. Rates
// are sustained per second; bursts are what may come at once. Zero
// fields take the defaults below.
type Limits struct {
	VisitorRate  float64 // new visitors (chat ids handed out) per address; default 0.1/s
	VisitorBurst int     // default 20
	SendRate     float64 // messages per address (each visitor: 1/s, 10 at once); default 5/s
	SendBurst    int     // default 60
	UploadRate   float64 // files per address (each visitor: 0.2/s, 6 at once); default 0.1/s
	UploadBurst  int     // default 12
	// StreamsPerAddress caps the open event streams of one address
	// (default 10); Streams caps them all on this replica (default 1000).
	StreamsPerAddress int
	Streams           int
	// StreamIdle closes a stream that carried no line for this long (the
	// page reconnects by itself); default 10 minutes.
	StreamIdle time.Duration
	// UploadTTL is how long an upload waits in the upload area for the
	// document pipeline before it is swept as abandoned; default 1 hour.
	UploadTTL time.Duration
}

func (l *Limits) defaults() {
	f := func(v *float64, d float64) {
		if *v <= 0 {
			*v = d
		}
	}
	i := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	f(&l.VisitorRate, 0.1)
	i(&l.VisitorBurst, 20)
	f(&l.SendRate, 5)
	i(&l.SendBurst, 60)
	f(&l.UploadRate, 0.1)
	i(&l.UploadBurst, 12)
	i(&l.StreamsPerAddress, 10)
	i(&l.Streams, 1000)
	if l.StreamIdle <= 0 {
		l.StreamIdle = 10 * time.Minute
	}
	if l.UploadTTL <= 0 {
		l.UploadTTL = time.Hour
	}
}

// Per-visitor limits (the address limits are in Limits).
const (
	sendRate    = 1.0 // messages per second, sustained
	sendBurst   = 10
	uploadRate  = 0.2 // uploads per second, sustained
	uploadBurst = 6
)

// limitKind names a limited action.
type limitKind string

const (
	limitVisitor limitKind = "visitor"
	limitSend    limitKind = "send"
	limitUpload  limitKind = "upload"
)

func (c *Channel) addrBucket(k limitKind) (float64, int) {
	l := c.cfg.Limits
	switch k {
	case limitVisitor:
		return l.VisitorRate, l.VisitorBurst
	case limitSend:
		return l.SendRate, l.SendBurst
	}
	return l.UploadRate, l.UploadBurst
}

// allow takes a token from the visitor's bucket and then one from the
// client address's, in one call to the limiter; false means refused (429
// with Retry-After is written). A refused visitor takes nothing from the
// address. A limiter that fails lets the request through: the store
// behind it keeps an in-process fallback (cmd/loket).
func (c *Channel) allow(w http.ResponseWriter, r *http.Request, k limitKind, chat string) bool {
	rate, burst := sendRate, sendBurst
	if k == limitUpload {
		rate, burst = uploadRate, uploadBurst
	}
	return c.take(w, r, k, chat, loket.RateLimit{Key: "webchat:" + string(k) + ":chat:" + chat, Rate: rate, Burst: burst}, c.addrLimit(r, k))
}

// allowAddr takes a token from the client address's bucket for k.
func (c *Channel) allowAddr(w http.ResponseWriter, r *http.Request, k limitKind) bool {
	return c.take(w, r, k, "", c.addrLimit(r, k))
}

// addrLimit is the client address's bucket for k.
func (c *Channel) addrLimit(r *http.Request, k limitKind) loket.RateLimit {
	rate, burst := c.addrBucket(k)
	return loket.RateLimit{Key: "webchat:" + string(k) + ":addr:" + c.cfg.Clients.Key(r), Rate: rate, Burst: burst}
}

// take refuses in the chat's conversation language when chat is known.
func (c *Channel) take(w http.ResponseWriter, r *http.Request, k limitKind, chat string, limits ...loket.RateLimit) bool {
	ok, wait, err := c.limiter.AllowEach(r.Context(), limits...)
	if err != nil {
		c.log.Warn("webchat: rate limiter unavailable; allowing", "err", err)
		return true
	}
	if ok {
		return true
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
	if k == limitVisitor { // the page itself was asked for
		writeRefusedPage(w, http.StatusTooManyRequests, lang(r), c.texts.text(lang(r), "rate.visitor"))
		return false
	}
	if chat != "" && k == limitUpload { // the page shows this one to the vendor
		c.failIn(w, r, chat, http.StatusTooManyRequests, loket.ERateLimited, "rate."+string(k))
		return false
	}
	c.fail(w, r, http.StatusTooManyRequests, loket.ERateLimited, "rate."+string(k))
	return false
}

// streamGate counts open event streams per address and in all.
type streamGate struct {
	mu      sync.Mutex
	per     map[string]int
	total   int
	maxPer  int
	maxOpen int
}

func newStreamGate(maxPer, maxOpen int) *streamGate {
	return &streamGate{per: map[string]int{}, maxPer: maxPer, maxOpen: maxOpen}
}

// enter admits one more stream for addr: "" when admitted, else which
// cap refused it ("address" or "server").
func (g *streamGate) enter(addr string) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case g.per[addr] >= g.maxPer:
		return "address"
	case g.total >= g.maxOpen:
		return "server"
	}
	g.per[addr]++
	g.total++
	return ""
}

func (g *streamGate) leave(addr string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.per[addr]--; g.per[addr] <= 0 {
		delete(g.per, addr)
	}
	g.total--
}

// Open reports the event streams open on this replica.
func (c *Channel) Open() int {
	c.streams.mu.Lock()
	defer c.streams.mu.Unlock()
	return c.streams.total
}

// alertFull tells the operator, at most once an hour, that the storage
// refused an upload.
func (c *Channel) alertFull(ctx context.Context, err error) {
	c.log.Error("webchat: upload refused: document storage full", "err", err)
	if c.cfg.OnFull == nil {
		return
	}
	if ok, _, lerr := c.limiter.AllowEach(ctx, loket.RateLimit{Key: "webchat:alert:full", Rate: 1.0 / 3600, Burst: 1}); lerr == nil && !ok {
		return
	}
	c.cfg.OnFull(ctx, c.texts.text(loket.LangID, "alert.storage_full", "detail", err.Error()))
}
