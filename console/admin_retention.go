package console

import (
	"net/http"
	"strconv"
	"strings"

	"loket"
	"loket/flows/custody"
)

// Personal data in the console: /admin/retention shows and
// edits the retention periods and schedule with a preview of the next
// run; the ticket page lets admins export or erase the vendor's data.

func (c *Console) retentionPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	return c.renderRetention(w, r, a, http.StatusOK, nil, "", "")
}

// renderRetention shows the page; entered (when not nil) replaces the
// saved settings in the form, after a refused edit.
// After a conflict the form keeps the version it was read at, so the
// admin must reload to save.
func (c *Console) renderRetention(w http.ResponseWriter, r *http.Request, a *auth, status int, entered *custody.Settings, errMsg, saved string) error {
	if c.cust == nil {
		return userErr(loket.EUnavailable, "retention.err_off")
	}
	v, err := c.cust.RetentionView(r.Context(), c.clock.Now())
	if err != nil {
		return err
	}
	form, version := v.Settings, v.Version
	if entered != nil {
		form, version = *entered, formVersion(r)
	}
	c.render(w, r, status, "retention", a, map[string]any{"V": v, "Form": form, "Version": version, "Error": errMsg, "Saved": saved})
	return nil
}

func (c *Console) retentionSave(w http.ResponseWriter, r *http.Request, a *auth) error {
	if c.cust == nil {
		return userErr(loket.EUnavailable, "retention.err_off")
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
	var err error = userErr(loket.EInvalid, "retention.err_days")
	if !bad {
		err = c.cust.UpdateSettings(r.Context(), s, formVersion(r), a.Agent.ID, c.clock.Now())
	}
	if loket.ErrorCode(err) == loket.EInvalid {
		return c.renderRetention(w, r, a, http.StatusBadRequest, &s, c.errText(a.lang(), err), "")
	}
	if loket.ErrorCode(err) == loket.EConflict {
		return c.renderRetention(w, r, a, http.StatusConflict, &s, c.tr(a.lang(), "settings.err_conflict"), "")
	}
	if err != nil {
		return err
	}
	c.seeOther(w, r, a, "/admin/retention", map[string]string{"Saved": c.tr(a.lang(), "retention.saved")})
	return nil
}

// exportOfTicket downloads the ZIP of the ticket's vendor (or contact).
func (c *Console) exportOfTicket(w http.ResponseWriter, r *http.Request, a *auth) error {
	if c.cust == nil {
		return userErr(loket.EUnavailable, "api.err_custody_off")
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
		return userErr(loket.EInvalid, "ticket.err_erase_confirm", "number", n)
	}
	s, err := c.ticketSubject(r)
	if err != nil {
		return err
	}
	if c.cust == nil {
		return userErr(loket.EUnavailable, "api.err_custody_off")
	}
	if _, err := c.cust.Erase(r.Context(), s, a.Agent.ID, c.clock.Now()); err != nil {
		return err
	}
	backToTicket(w, r, n, "erased")
	return nil
}
