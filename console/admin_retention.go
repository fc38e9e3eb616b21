package console

import (
	"net/http"
	"strconv"
	"strings"

	"loket"
	"loket/flows/custody"
)

// Personal data in the console (issue 17): /admin/retention shows and
// edits the retention periods and schedule with a preview of the next
// run; the ticket page lets admins export or erase the vendor's data.

func (c *Console) retentionPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	return c.renderRetention(w, r, a, http.StatusOK, nil, "", "")
}

// renderRetention shows the page; entered (when not nil) replaces the
// saved settings in the form, after a refused edit.
func (c *Console) renderRetention(w http.ResponseWriter, r *http.Request, a *auth, status int, entered *custody.Settings, errMsg, saved string) error {
	if c.cust == nil {
		return loket.Errorf(loket.EUnavailable, "retention is not available")
	}
	v, err := c.cust.RetentionView(r.Context(), c.clock.Now())
	if err != nil {
		return err
	}
	form := v.Settings
	if entered != nil {
		form = *entered
	}
	c.render(w, r, status, "retention", a, map[string]any{"V": v, "Form": form, "Error": errMsg, "Saved": saved})
	return nil
}

func (c *Console) retentionSave(w http.ResponseWriter, r *http.Request, a *auth) error {
	if c.cust == nil {
		return loket.Errorf(loket.EUnavailable, "retention is not available")
	}
	s := custody.Settings{Schedule: strings.TrimSpace(r.PostFormValue("schedule"))}
	bad := false
	for _, f := range []struct {
		name string
		dst  *int
	}{{"documents_days", &s.DocumentsDays}, {"messages_days", &s.MessagesDays}, {"webchat_days", &s.WebChatDays}} {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(f.name)))
		*f.dst, bad = n, bad || err != nil
	}
	var err error = loket.Errorf(loket.EInvalid, "every period needs a whole number of days (0 keeps that data)")
	if !bad {
		err = c.cust.UpdateSettings(r.Context(), s, a.Agent.ID, c.clock.Now())
	}
	if loket.ErrorCode(err) == loket.EInvalid {
		return c.renderRetention(w, r, a, http.StatusBadRequest, &s, loket.ErrorMessage(err), "")
	}
	if err != nil {
		return err
	}
	return c.renderRetention(w, r, a, http.StatusOK, nil, "", "Retention settings saved; the next run is rescheduled.")
}

// exportOfTicket downloads the ZIP of the ticket's vendor (or contact).
func (c *Console) exportOfTicket(w http.ResponseWriter, r *http.Request, a *auth) error {
	if c.cust == nil {
		return loket.Errorf(loket.EUnavailable, "personal data requests are not available")
	}
	s, err := c.ticketSubject(r)
	if err != nil {
		return err
	}
	return c.exportSubject(w, r, a, s)
}

// eraseOfTicket erases the ticket's vendor (or contact) once the admin
// has typed the ticket number to confirm.
func (c *Console) eraseOfTicket(w http.ResponseWriter, r *http.Request, a *auth) error {
	n, err := pathInt(r, "number")
	if err != nil {
		return err
	}
	if strings.TrimPrefix(strings.TrimSpace(r.PostFormValue("confirm")), "#") != strconv.FormatInt(n, 10) {
		return loket.Errorf(loket.EInvalid, "type the ticket number %d to confirm the erasure; nothing was erased", n)
	}
	s, err := c.ticketSubject(r)
	if err != nil {
		return err
	}
	if c.cust == nil {
		return loket.Errorf(loket.EUnavailable, "personal data requests are not available")
	}
	if _, err := c.cust.Erase(r.Context(), s, a.Agent.ID, c.clock.Now()); err != nil {
		return err
	}
	backToTicket(w, r, n, "personal data erased")
	return nil
}
