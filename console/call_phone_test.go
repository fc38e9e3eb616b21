package console

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

// TestCallPhoneChanged: a vendor who asks in the chat for another number
// for the call gets it from an officer on the ticket page: the vendor's
// number (later bookings copy it) and the booked call's change, the
// timeline and the audit say so, and the vendor is told with their call's
// time. A number that is no mobile, the same number, or a closed ticket
// are refused with the reason on the page. There was no way to change it:
// the calendar and the officer's reminder kept the old number.
func TestCallPhoneChanged(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	// Clock: Monday 2 March 2026 10:00 WIB; the call is Tuesday 11:00 WIB.
	a := e.bookCall(time.Date(2026, 3, 3, 4, 0, 0, 0, time.UTC), 0)
	agent := e.login(loket.RoleAgent)
	if _, body := agent.get(e.ref()); !strings.Contains(body, `action="/tickets/`+itoa(e.ticket.Number)+`/call-phone"`) ||
		!strings.Contains(html.UnescapeString(body), `value="+628123456789"`) {
		t.Fatal("the ticket page has no form for the call's number, filled with the current one")
	}
	for _, c := range []struct{ typed, want string }{
		{"0251-8325943", "is a landline"},
		{"12345", "is not a mobile number"},
		{"+62 812-3456-789", "is already +628123456789"},
	} {
		res, body := agent.postFormBody(e.ref()+"/call-phone", url.Values{"phone": {c.typed}, "csrf": {agent.csrf}})
		if res.StatusCode == http.StatusSeeOther || !strings.Contains(html.UnescapeString(body), c.want) {
			t.Errorf("%q: %d, page without %q", c.typed, res.StatusCode, c.want)
		}
	}
	if res, body := agent.postFormBody(e.ref()+"/call-phone", url.Values{"phone": {"0813 9999 8888"}, "csrf": {agent.csrf}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d %s", res.StatusCode, body)
	}
	e.tx(func(tx storetest.Tx) error {
		ap, err := tx.AppointmentByID(ctx, a.ID)
		if err != nil {
			return err
		}
		v, err := tx.VendorByID(ctx, e.ticket.VendorID)
		if err != nil {
			return err
		}
		if ap.Phone != "+6281399998888" || v.Phone != "+6281399998888" {
			t.Errorf("call number %s, vendor number %s; want +6281399998888 for both", ap.Phone, v.Phone)
		}
		return nil
	})
	_, out := e.lastOut()
	if !strings.Contains(out.Text, "sudah kami ganti menjadi +6281399998888") || !strings.Contains(out.Text, "Selasa, 3 Maret 2026 11.00 WIB") {
		t.Errorf("vendor message %q", out.Text)
	}
	_, body := agent.get(e.ref())
	if !strings.Contains(html.UnescapeString(body), "+628123456789 → +6281399998888") {
		t.Error("the timeline does not show the number changed")
	}
	audit := e.login(loket.RoleAdmin)
	if _, body := audit.get("/admin/audit?object=ticket:" + itoa(e.ticket.Number)); !strings.Contains(body, "ticket.call_phone") {
		t.Error("the audit log does not show the change")
	}
	agent.postForm(e.ref()+"/status", url.Values{"status": {"closed"}})
	if _, body := agent.get(e.ref()); strings.Contains(body, `id="call-phone"`) {
		t.Error("a closed ticket still offers to change the call's number")
	}
	if res, body := agent.postFormBody(e.ref()+"/call-phone", url.Values{"phone": {"0813 1111 2222"}, "csrf": {agent.csrf}}); res.StatusCode == http.StatusSeeOther || !strings.Contains(body, "This ticket is closed") {
		t.Errorf("closed ticket: %d", res.StatusCode)
	}
}

// TestCallPhoneOverAPI: the API changes the call's number as the page
// does, and refuses a landline in its error shape.
func TestCallPhoneOverAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.bookCall(time.Date(2026, 3, 3, 4, 0, 0, 0, time.UTC), 0)
	tok := e.login(loket.RoleAgent).newToken("script")
	api := e.anon()
	res, body := api.apiCall("POST", "/api/v1/tickets/"+itoa(e.ticket.Number)+"/call-phone", `{"phone":"0251-8325943"}`, tok)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "landline") {
		t.Errorf("landline: %d %s", res.StatusCode, body)
	}
	res, body = api.apiCall("POST", "/api/v1/tickets/"+itoa(e.ticket.Number)+"/call-phone", `{"phone":"+62 813 9999 8888"}`, tok)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `"number": `+itoa(e.ticket.Number)) {
		t.Fatalf("change: %d %s", res.StatusCode, body)
	}
	if _, out := e.lastOut(); !strings.Contains(out.Text, "+6281399998888") {
		t.Errorf("vendor message %q", out.Text)
	}
}
