package flows

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"sync/atomic"
	"time"

	"loket"
	"loket/knowledge"
	"loket/templates"
)

// Config configures the flows. Zero fields take the defaults.
type Config struct {
	Location  *time.Location       // office time zone; default Asia/Jakarta
	Windows   []loket.OfficeWindow // office hours; default Mon–Fri 10:00–14:00
	IdleAfter time.Duration        // a pause this long offers to resume; default 24h
	Texts     fs.FS                // the text catalogue; default templates.Bot
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
	// kcache and known hold the knowledge in force (flows/knowledge.go):
	// read per turn by stamp, derived once per saved version.
	kcache knowledge.Cache
	known  atomic.Pointer[known]
	// choices are the normalised phrases that pick an offered action
	// (flows/choice.go).
	choices map[string][]string
	// menuLabels are the main menu's button labels, normalised, in every
	// language → their action: an old menu button typed as text.
	menuLabels map[string]string
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
	defaults, err := knowledge.Defaults()
	if err != nil {
		return nil, err
	}
	if err := texts.checkAll(sampleView(officeOf(defaults.Office))); err != nil {
		return nil, err
	}
	f := &Flows{cfg: cfg, log: log, texts: texts}
	k, err := f.buildKnown(defaults)
	if err != nil {
		return nil, err
	}
	f.known.Store(k)
	f.choices = f.choicePhrases()
	f.menuLabels = f.menuLabelPhrases()
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
	if turn.Contact.Phone == "" {
		turn.Contact.Phone = chatPhone(turn.Contact.Channel, turn.Contact.ChatID)
	}
	k, err := f.refresh(ctx, tx)
	if err != nil {
		return err
	}
	c := &conv{f: f, ctx: ctx, tx: k.settledOf(tx), turn: turn, st: st, k: k}
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
