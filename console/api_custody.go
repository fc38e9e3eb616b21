package console

import (
	"fmt"
	"io"
	"net/http"
	"strconv"

	"loket"
	"loket/flows/custody"
	"loket/store"
)

// apiCustodyStore is what finding the subject of a personal-data request uses.
type apiCustodyStore interface {
	custody.SubjectTx
}

func asAPICustody(tx store.Tx) apiCustodyStore { return tx }

// A vendor's request for their data: admins export everything
// Loket holds about the vendor of a ticket (or the contact who opened it)
// as a ZIP, or erase it. Both are audited by flows/custody.
func (c *Console) apiCustodyRoutes() {
	c.api("GET /api/v1/tickets/{number}/personal-data", loket.RoleAdmin, c.apiExportOfTicket)
	c.api("POST /api/v1/tickets/{number}/personal-data/erase", loket.RoleAdmin, c.apiEraseOfTicket)
	c.api("GET /api/v1/vendors/{id}/personal-data", loket.RoleAdmin, c.apiExportOfVendor)
	c.api("POST /api/v1/vendors/{id}/personal-data/erase", loket.RoleAdmin, c.apiEraseOfVendor)
}

// ticketSubject is the subject of ticket {number}.
func (c *Console) ticketSubject(r *http.Request) (custody.Subject, error) {
	n, err := pathInt(r, "number")
	if err != nil {
		return custody.Subject{}, err
	}
	var s custody.Subject
	err = inTx(r.Context(), c.store, asAPICustody, func(tx apiCustodyStore) error {
		s, err = custody.SubjectOfTicket(r.Context(), tx, n)
		return err
	})
	if err != nil {
		return custody.Subject{}, fmt.Errorf("console: subject of ticket #%d: %w", n, err)
	}
	return s, nil
}

func vendorSubject(r *http.Request) (custody.Subject, error) {
	id, err := pathInt(r, "id")
	return custody.Subject{VendorID: id}, err
}

func (c *Console) apiExportOfTicket(w http.ResponseWriter, r *http.Request, a *auth) error {
	s, err := c.ticketSubject(r)
	if err != nil {
		return err
	}
	return c.exportSubject(w, r, a, s)
}

func (c *Console) apiExportOfVendor(w http.ResponseWriter, r *http.Request, a *auth) error {
	s, err := vendorSubject(r)
	if err != nil {
		return err
	}
	return c.exportSubject(w, r, a, s)
}

func (c *Console) apiEraseOfTicket(w http.ResponseWriter, r *http.Request, a *auth) error {
	if err := decodeConfirm(r); err != nil {
		return err
	}
	s, err := c.ticketSubject(r)
	if err != nil {
		return err
	}
	return c.eraseSubject(w, r, a, s)
}

func (c *Console) apiEraseOfVendor(w http.ResponseWriter, r *http.Request, a *auth) error {
	if err := decodeConfirm(r); err != nil {
		return err
	}
	s, err := vendorSubject(r)
	if err != nil {
		return err
	}
	return c.eraseSubject(w, r, a, s)
}

// decodeConfirm requires {"confirm": true}: an erasure cannot be undone.
func decodeConfirm(r *http.Request) error {
	var in struct {
		Confirm bool `json:"confirm"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if !in.Confirm {
		return userErr(loket.EInvalid, "api.err_erase_confirm")
	}
	return nil
}

// exportSubject streams the subject's ZIP. Its headers are set at the
// first byte, so an export that fails before (a file that cannot be
// read) still answers with the API's error.
func (c *Console) exportSubject(w http.ResponseWriter, r *http.Request, a *auth, s custody.Subject) error {
	if c.cust == nil {
		return userErr(loket.EUnavailable, "api.err_custody_off")
	}
	name := "loket-" + subjectFileName(s) + ".zip"
	zw := &lazyHeaders{w: w, set: func(h http.Header) {
		h.Set("Content-Type", "application/zip")
		h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
		h.Set("Cache-Control", "private, no-store")
	}}
	if err := c.cust.Export(r.Context(), s, zw, a.Agent.ID, c.clock.Now()); err != nil {
		if zw.started {
			c.log.ErrorContext(r.Context(), "console: export cut short", "err", err, "subject", s.Object())
			return nil
		}
		return fmt.Errorf("console: export %s: %w", s.Object(), err)
	}
	return nil
}

func subjectFileName(s custody.Subject) string {
	if s.VendorID != 0 {
		return "vendor-" + strconv.FormatInt(s.VendorID, 10)
	}
	return "contact-" + strconv.FormatInt(s.ContactID, 10)
}

func (c *Console) eraseSubject(w http.ResponseWriter, r *http.Request, a *auth, s custody.Subject) error {
	if c.cust == nil {
		return userErr(loket.EUnavailable, "api.err_custody_off")
	}
	res, err := c.cust.Erase(r.Context(), s, a.Agent.ID, c.clock.Now())
	if err != nil {
		return fmt.Errorf("console: erase %s: %w", s.Object(), err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"erased": map[string]int{
		"contacts": res.Contacts, "tickets": res.Tickets, "documents": res.Documents, "files": res.Files}})
	return nil
}

// lazyHeaders sets response headers when the first byte is written.
type lazyHeaders struct {
	w       http.ResponseWriter
	set     func(http.Header)
	started bool
}

func (l *lazyHeaders) Write(p []byte) (int, error) {
	if !l.started {
		l.started = true
		l.set(l.w.Header())
	}
	return l.w.Write(p)
}

var _ io.Writer = (*lazyHeaders)(nil)
