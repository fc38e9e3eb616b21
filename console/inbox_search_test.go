package console

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"loket"
	"loket/store/storetest"
)

// TestInboxFindsWhatTheVendorSaid: agents search by what the vendor told
// them, their SPSE user id or a sentence of their message, in the inbox
// and through the API.
func TestInboxFindsWhatTheVendorSaid(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.tx(func(tx storetest.Tx) error {
		ctx := context.Background()
		v, err := tx.VendorByID(ctx, e.ticket.VendorID)
		if err != nil {
			return err
		}
		v.SPSEUserID = "majujaya.cv"
		if err := tx.SaveVendor(ctx, v); err != nil {
			return err
		}
		return tx.AddActivity(ctx, &loket.Activity{TicketID: e.ticket.ID, Kind: loket.ActMessageIn, Actor: loket.ActorVendor,
			Body: "Pak, email aktivasi tidak pernah masuk ke kotak surat kami", CreatedAt: e.clock.Now()})
	})
	agent := e.login(loket.RoleAgent)
	tok := agent.newToken("search")
	for _, q := range []string{"MajuJaya.cv", "email aktivasi tidak"} {
		_, body := agent.get("/?status=all&q=" + url.QueryEscape(q))
		if !strings.Contains(body, e.ticket.Ref()) {
			t.Errorf("inbox search %q does not find %s", q, e.ticket.Ref())
		}
		_, js := agent.apiCall("GET", "/api/v1/tickets?status=all&q="+url.QueryEscape(q), "", tok)
		if !strings.Contains(js, `"number": `+strings.TrimPrefix(e.ticket.Ref(), "#")) {
			t.Errorf("API search %q does not find %s: %s", q, e.ticket.Ref(), js)
		}
	}
	if _, body := agent.get("/?status=all&q=" + url.QueryEscape("kotak pos")); strings.Contains(body, e.ticket.Ref()) {
		t.Errorf("a search for words the vendor did not write finds the ticket")
	} else if strings.Contains(body, "data-live") {
		t.Errorf("search results refresh live: every change would run the search again")
	}
	if _, body := agent.get("/"); !strings.Contains(body, `data-live="/events?fp=`) {
		t.Errorf("the inbox without a search no longer refreshes live")
	}
}

// TestSearchOffersClosedTickets: a search among the open tickets (the
// inbox's default) that finds nothing offers the same search among all;
// a vendor who calls about a closed ticket was simply "not found".
func TestSearchOffersClosedTickets(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.tx(func(tx storetest.Tx) error {
		e.ticket.Status = loket.StatusClosed
		return tx.UpdateTicket(context.Background(), e.ticket)
	})
	agent := e.login(loket.RoleAgent)
	_, body := agent.get("/?status=open&q=Maju")
	m := regexp.MustCompile(`<a href="([^"]+)" id="search-all">`).FindStringSubmatch(body)
	if strings.Contains(body, e.ticket.Ref()) || m == nil {
		t.Fatalf("a search among open tickets does not offer to search them all")
	}
	if _, body := agent.get(html.UnescapeString(m[1])); !strings.Contains(body, e.ticket.Ref()) {
		t.Errorf("the offered search (%s) does not find the closed ticket", m[1])
	}
	if _, body := agent.get("/?status=open"); strings.Contains(body, `id="search-all"`) {
		t.Errorf("an empty inbox without a search offers a search")
	}
}
