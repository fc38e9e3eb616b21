package custody

import (
	"context"
	"errors"
	"fmt"
	"io"

	"loket"
)

// Subject is the person a request is about: a vendor, or a contact who
// never became one (a web chat visitor who only asked something).
type Subject struct {
	VendorID  int64
	ContactID int64
}

// Object names the subject in the audit log.
func (s Subject) Object() string {
	if s.VendorID != 0 {
		return "vendor:" + itoa(s.VendorID)
	}
	return "contact:" + itoa(s.ContactID)
}

// SubjectTx is what finding a subject's data reads.
type SubjectTx interface {
	VendorByID(ctx context.Context, id int64) (*loket.Vendor, error)
	ContactByID(ctx context.Context, id int64) (*loket.Contact, error)
	TicketByNumber(ctx context.Context, number int64) (*loket.Ticket, error)
	VendorContacts(ctx context.Context, vendorID int64) ([]loket.Contact, error)
	SubjectTickets(ctx context.Context, vendorID int64, contactIDs []int64) ([]loket.Ticket, error)
}

// ExportBlobs opens document files for an export (store/files.Dir).
type ExportBlobs interface {
	Open(ctx context.Context, sha string) (io.ReadCloser, int64, error)
}

// SubjectOfTicket is the subject of a ticket: its vendor, else the
// contact who opened it.
func SubjectOfTicket(ctx context.Context, tx SubjectTx, number int64) (Subject, error) {
	t, err := tx.TicketByNumber(ctx, number)
	if err != nil {
		return Subject{}, err
	}
	if t.VendorID != 0 {
		return Subject{VendorID: t.VendorID}, nil
	}
	if t.ContactID == 0 {
		return Subject{}, loket.Errorf(loket.EInvalid, "ticket #%d has neither a vendor nor a contact", number)
	}
	return Subject{ContactID: t.ContactID}, nil
}

// holdings is everything Loket holds about a subject.
type holdings struct {
	Subject  Subject
	Vendor   *loket.Vendor
	Contacts []loket.Contact
	Tickets  []loket.Ticket
}

// collect finds the subject's vendor, contacts and tickets: the vendor's
// contacts and tickets, and the contacts that opened those tickets with
// their other tickets. A contact linked to a vendor is that vendor.
func collect(ctx context.Context, tx SubjectTx, s Subject) (*holdings, error) {
	h := &holdings{Subject: s}
	if s.VendorID == 0 {
		c, err := tx.ContactByID(ctx, s.ContactID)
		if err != nil {
			return nil, fmt.Errorf("custody: contact %d: %w", s.ContactID, err)
		}
		if c.VendorID != 0 {
			return collect(ctx, tx, Subject{VendorID: c.VendorID})
		}
		h.Contacts = []loket.Contact{*c}
	} else {
		v, err := tx.VendorByID(ctx, s.VendorID)
		if err != nil {
			return nil, fmt.Errorf("custody: vendor %d: %w", s.VendorID, err)
		}
		h.Vendor = v
		if h.Contacts, err = tx.VendorContacts(ctx, s.VendorID); err != nil {
			return nil, fmt.Errorf("custody: %w", err)
		}
	}
	for range 2 { // the tickets' contacts may bring more tickets once
		var err error
		if h.Tickets, err = tx.SubjectTickets(ctx, s.VendorID, contactIDs(h.Contacts)); err != nil {
			return nil, fmt.Errorf("custody: %w", err)
		}
		if err := h.addTicketContacts(ctx, tx); err != nil {
			return nil, err
		}
	}
	return h, nil
}

func contactIDs(cs []loket.Contact) []int64 {
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}

// addTicketContacts adds the contacts that opened the subject's tickets.
func (h *holdings) addTicketContacts(ctx context.Context, tx SubjectTx) error {
	have := map[int64]bool{}
	for _, c := range h.Contacts {
		have[c.ID] = true
	}
	for _, t := range h.Tickets {
		if t.ContactID == 0 || have[t.ContactID] {
			continue
		}
		c, err := tx.ContactByID(ctx, t.ContactID)
		if errors.Is(err, loket.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("custody: contact %d: %w", t.ContactID, err)
		}
		have[c.ID] = true
		h.Contacts = append(h.Contacts, *c)
	}
	return nil
}

// counts summarises holdings for the audit.
func (h *holdings) summary(docs, messages int) string {
	return fmt.Sprintf("%d contacts, %d tickets, %d documents, %d chat messages", len(h.Contacts), len(h.Tickets), docs, messages)
}
