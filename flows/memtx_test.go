package flows

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"loket"
)

// memStore is a small in-memory store for the flows' tests: the Tx
// methods the flows use, the few the tests use to set the scene, and a
// snapshot/restore so a failed turn leaves nothing behind (like a
// rolled-back transaction). failOn makes one method fail.
type memStore struct {
	vendors    []loket.Vendor
	tickets    []loket.Ticket
	activities []loket.Activity
	documents  []loket.Document
	contacts   map[string]*loket.Contact
	convs      map[string]*loket.Conversation
	ids        map[string]int64 // per table, like autoincrement
	number     int64
	failOn     string
}

func newMemStore() *memStore {
	return &memStore{contacts: map[string]*loket.Contact{}, convs: map[string]*loket.Conversation{},
		ids: map[string]int64{}, number: 1000}
}

type memSnapshot struct {
	vendors    []loket.Vendor
	tickets    []loket.Ticket
	activities []loket.Activity
	documents  []loket.Document
	ids        map[string]int64
	number     int64
}

func (m *memStore) snapshot() memSnapshot {
	return memSnapshot{slices.Clone(m.vendors), slices.Clone(m.tickets), slices.Clone(m.activities),
		slices.Clone(m.documents), maps.Clone(m.ids), m.number}
}

func (m *memStore) restore(s memSnapshot) {
	m.vendors, m.tickets, m.activities, m.documents, m.ids, m.number =
		s.vendors, s.tickets, s.activities, s.documents, s.ids, s.number
}

func (m *memStore) id(table string) int64 { m.ids[table]++; return m.ids[table] }

func (m *memStore) fail(op string) error {
	if m.failOn == op {
		return fmt.Errorf("memstore: %s: injected failure", op)
	}
	return nil
}

func (m *memStore) SaveVendor(_ context.Context, v *loket.Vendor) error {
	if err := m.fail("SaveVendor"); err != nil {
		return err
	}
	if v.ID == 0 {
		if v.NPWP != "" && slices.ContainsFunc(m.vendors, func(o loket.Vendor) bool { return o.NPWP == v.NPWP }) {
			return loket.ErrConflict
		}
		v.ID = m.id("vendors")
		m.vendors = append(m.vendors, *v)
		return nil
	}
	for i := range m.vendors {
		if m.vendors[i].ID == v.ID {
			m.vendors[i] = *v
			return nil
		}
	}
	return loket.ErrNotFound
}

func (m *memStore) VendorByID(_ context.Context, id int64) (*loket.Vendor, error) {
	for _, v := range m.vendors {
		if v.ID == id {
			return &v, nil
		}
	}
	return nil, loket.ErrNotFound
}

func (m *memStore) VendorByNPWP(_ context.Context, npwp string) (*loket.Vendor, error) {
	for _, v := range m.vendors {
		if v.NPWP == npwp && npwp != "" {
			return &v, nil
		}
	}
	return nil, loket.ErrNotFound
}

func (m *memStore) CreateTicket(_ context.Context, t *loket.Ticket) error {
	if err := m.fail("CreateTicket"); err != nil {
		return err
	}
	m.number++
	t.ID, t.Number = m.id("tickets"), m.number
	m.tickets = append(m.tickets, *t)
	return nil
}

func (m *memStore) UpdateTicket(_ context.Context, t *loket.Ticket) error {
	for i := range m.tickets {
		if m.tickets[i].ID == t.ID {
			m.tickets[i] = *t
			return nil
		}
	}
	return loket.ErrNotFound
}

func (m *memStore) TicketByID(_ context.Context, id int64) (*loket.Ticket, error) {
	for _, t := range m.tickets {
		if t.ID == id {
			return &t, nil
		}
	}
	return nil, loket.ErrNotFound
}

func (m *memStore) ListTickets(_ context.Context, f loket.TicketFilter) ([]loket.Ticket, error) {
	var out []loket.Ticket
	for _, t := range slices.Backward(m.tickets) {
		if (f.ContactID == 0 || t.ContactID == f.ContactID) && (f.VendorID == 0 || t.VendorID == f.VendorID) {
			out = append(out, t)
		}
	}
	return out, nil
}

func (m *memStore) AddActivity(_ context.Context, a *loket.Activity) error {
	if err := m.fail("AddActivity"); err != nil {
		return err
	}
	a.ID = m.id("activities")
	m.activities = append(m.activities, *a)
	return nil
}

func (m *memStore) Activities(_ context.Context, ticketID int64) ([]loket.Activity, error) {
	var out []loket.Activity
	for _, a := range m.activities {
		if a.TicketID == ticketID {
			out = append(out, a)
		}
	}
	return out, nil
}

func (m *memStore) AddDocument(_ context.Context, d *loket.Document) error {
	for i := range m.documents {
		if m.documents[i].TicketID == d.TicketID && m.documents[i].Requirement == d.Requirement {
			m.documents[i].Status = loket.DocReplaced
		}
	}
	d.ID = m.id("documents")
	m.documents = append(m.documents, *d)
	return nil
}

func (m *memStore) Documents(_ context.Context, ticketID int64) ([]loket.Document, error) {
	var out []loket.Document
	for _, d := range m.documents {
		if d.TicketID == ticketID {
			out = append(out, d)
		}
	}
	return out, nil
}

// testTx is what the transcript tests need from a transaction: the
// flows' Tx plus the scene-setting and inspection methods. The real
// store's transaction satisfies it too.
type testTx interface {
	Tx
	UpdateTicket(ctx context.Context, t *loket.Ticket) error
	AddDocument(ctx context.Context, d *loket.Document) error
}

// backend runs one engine-like turn: load (or create) the chat's contact
// and conversation, call fn, save both; all or nothing.
type backend interface {
	turn(ctx context.Context, ch loket.Channel, chatID string, now time.Time,
		fn func(tx testTx, ct *loket.Contact, cv *loket.Conversation) error) error
	inTx(ctx context.Context, fn func(tx testTx) error) error
}

type memBackend struct{ m *memStore }

func (b memBackend) inTx(ctx context.Context, fn func(tx testTx) error) error {
	snap := b.m.snapshot()
	if err := fn(b.m); err != nil {
		b.m.restore(snap)
		return err
	}
	return nil
}

func (b memBackend) turn(ctx context.Context, ch loket.Channel, chatID string, now time.Time,
	fn func(tx testTx, ct *loket.Contact, cv *loket.Conversation) error) error {
	key := string(ch) + "/" + chatID
	ct, ok := b.m.contacts[key]
	if !ok {
		ct = &loket.Contact{ID: b.m.id("contacts"), Channel: ch, ChatID: chatID, CreatedAt: now}
		b.m.contacts[key] = ct
		b.m.convs[key] = &loket.Conversation{ID: b.m.id("conversations"), ContactID: ct.ID, Channel: ch, ChatID: chatID}
	}
	ctCopy, cvCopy := *ct, *b.m.convs[key]
	return b.inTx(ctx, func(tx testTx) error {
		if err := fn(tx, &ctCopy, &cvCopy); err != nil {
			return err
		}
		cvCopy.Version++
		*ct, *b.m.convs[key] = ctCopy, cvCopy
		return nil
	})
}

var (
	_ Tx     = (*memStore)(nil)
	_ testTx = (*memStore)(nil)
)
