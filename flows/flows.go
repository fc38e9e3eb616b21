package flows

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"loket"
	"loket/templates"
)

// Office holds the facts of the helpdesk that texts quote. Defaults come
// from the source process (LPSE Kota Bogor).
type Office struct {
	ZoneLabel     string   // "WIB"
	PortalURL     string   // SPSE portal
	ContactURL    string   // LPSE contact page for verification questions
	HelpdeskURL   string   // web helpdesk ticketing
	Phone         string   // direct line
	WhatsApp      string   // helpdesk phone / WhatsApp
	CallCenter    string   // LKPP call centre
	Emails        []string // helpdesk e-mail addresses
	Place         string   // verification counter
	Address       string
	MaxUploadMB   int
	LKPPDirectory string // who runs the call centre
}

// Config configures the flows. Zero fields take the defaults.
type Config struct {
	Location  *time.Location       // office time zone; default Asia/Jakarta
	Windows   []loket.OfficeWindow // office hours; default Mon–Fri 10:00–14:00
	IdleAfter time.Duration        // a pause this long offers to resume; default 24h
	Office    Office
	Texts     fs.FS // the text catalogue; default templates.Bot
}

// DefaultOffice returns the office facts of the source process.
func DefaultOffice() Office {
	return Office{
		ZoneLabel:   "WIB",
		PortalURL:   "https://eproc.kotabogor.go.id/eproc4/",
		ContactURL:  "https://eproc.kotabogor.go.id/eproc4/komask",
		HelpdeskURL: "http://helpdesklpse.kotabogor.go.id/",
		Phone:       "0251-8325943",
		WhatsApp:    "08151667956",
		CallCenter:  "(021) 2993 5777 / 144",
		Emails: []string{"lpse@kotabogor.go.id", "lpsekotabogor@gmail.com",
			"lpsekotabogor@yahoo.co.id", "helpdesk@lpse.kotabogor.go.id"},
		Place:         "Mall Pelayanan Publik (MPP) Graha Tiyasa",
		Address:       "Lippo Plaza Keboen Raya, Jalan Pajajaran, Kota Bogor",
		MaxUploadMB:   loket.MaxDocumentBytes >> 20,
		LKPPDirectory: "Direktorat Pengembangan Sistem Pengadaan Secara Elektronik (LKPP)",
	}
}

// DefaultWindows is Monday to Friday, 10:00–14:00.
func DefaultWindows() []loket.OfficeWindow {
	var ws []loket.OfficeWindow
	for d := time.Monday; d <= time.Friday; d++ {
		ws = append(ws, loket.OfficeWindow{Weekday: d, StartMinute: 10 * 60, EndMinute: 14 * 60})
	}
	return ws
}

func (c *Config) applyDefaults() {
	if c.Location == nil {
		loc, err := time.LoadLocation("Asia/Jakarta")
		if err != nil {
			loc = time.FixedZone("WIB", 7*3600)
		}
		c.Location = loc
	}
	if len(c.Windows) == 0 {
		c.Windows = DefaultWindows()
	}
	if c.IdleAfter <= 0 {
		c.IdleAfter = 24 * time.Hour
	}
	d := DefaultOffice()
	o := &c.Office
	for _, p := range []struct {
		dst *string
		def string
	}{
		{&o.ZoneLabel, d.ZoneLabel}, {&o.PortalURL, d.PortalURL}, {&o.ContactURL, d.ContactURL},
		{&o.HelpdeskURL, d.HelpdeskURL}, {&o.Phone, d.Phone}, {&o.WhatsApp, d.WhatsApp},
		{&o.CallCenter, d.CallCenter}, {&o.Place, d.Place}, {&o.Address, d.Address},
		{&o.LKPPDirectory, d.LKPPDirectory},
	} {
		if *p.dst == "" {
			*p.dst = p.def
		}
	}
	if len(o.Emails) == 0 {
		o.Emails = d.Emails
	}
	if o.MaxUploadMB == 0 {
		o.MaxUploadMB = d.MaxUploadMB
	}
	if c.Texts == nil {
		c.Texts = templates.Bot
	}
}

// Flows runs the vendor conversations. It is safe for concurrent use:
// all per-conversation memory is in the Turn.
type Flows struct {
	cfg   Config
	log   *slog.Logger
	texts *catalogue
	match *Matcher
	// choices are the normalised phrases that pick an offered action
	// (flows/choice.go).
	choices map[string][]string
}

// New checks the configuration, parses and renders every text in every
// language, and builds the question matcher. It fails fast on any
// missing or broken text.
func New(cfg Config, log *slog.Logger) (*Flows, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg.applyDefaults()
	for _, w := range cfg.Windows {
		if w.StartMinute < 0 || w.EndMinute > 24*60 || w.StartMinute >= w.EndMinute {
			return nil, fmt.Errorf("flows: office window %v %d–%d is invalid", w.Weekday, w.StartMinute, w.EndMinute)
		}
	}
	texts, err := parseCatalogue(cfg.Texts)
	if err != nil {
		return nil, err
	}
	for _, k := range requiredKeys() {
		if !texts.has(k) {
			return nil, fmt.Errorf("flows: text %q is missing", k)
		}
	}
	if err := texts.checkAll(sampleView(&cfg.Office)); err != nil {
		return nil, err
	}
	f := &Flows{cfg: cfg, log: log, texts: texts}
	if f.match, err = f.buildMatcher(); err != nil {
		return nil, err
	}
	f.choices = f.choicePhrases()
	return f, nil
}

// Handle decides what one inbound message means: it updates the
// conversation state, the contact, tickets and vendors through tx, and
// appends replies to turn. An error means nothing should be kept.
func (f *Flows) Handle(ctx context.Context, tx Tx, turn *loket.Turn) error {
	if turn == nil || turn.Inbound == nil || turn.Contact == nil || turn.Conversation == nil {
		return fmt.Errorf("flows: handle: incomplete turn")
	}
	st, err := decodeState(turn.Conversation.State)
	if err != nil {
		f.log.WarnContext(ctx, "conversation state reset", "conversation", turn.Conversation.ID, "err", err)
	}
	if turn.Inbound.Kind == loket.InBlocked {
		turn.Contact.Unreachable = true
		return nil
	}
	turn.Contact.Unreachable = false
	if turn.Contact.Lang == "" {
		turn.Contact.Lang = loket.ParseLang(turn.Inbound.LangHint)
	}
	if turn.Contact.Name == "" && turn.Inbound.SenderName != "" {
		turn.Contact.Name = turn.Inbound.SenderName
	}
	c := &conv{f: f, ctx: ctx, tx: tx, turn: turn, st: st}
	if err := c.run(); err != nil {
		return err
	}
	c.finish()
	b, err := st.encode()
	if err != nil {
		return err
	}
	turn.Conversation.State = b
	return nil
}
