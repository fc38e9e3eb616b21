package flows

import (
	"strings"
	"testing"

	"loket"
	"loket/store/storetest"
)

// TestStatusShowsOnlyOwnTickets: a registration links a contact to the
// vendor of the NPWP it names, and anyone can type a company's NPWP. The
// status shows the contact's own tickets and the vendor's tickets opened
// from the same WhatsApp number (the other WhatsApp adapter addresses the
// same person as "…@s.whatsapp.net"), never those opened from another
// chat (here a web chat that named the same NPWP).
func TestStatusShowsOnlyOwnTickets(t *testing.T) {
	for _, c := range []struct {
		v          variant
		sameNumber bool // the same-number ticket is shown
	}{
		{variants[0], true}, // WhatsApp: its chat's number is WhatsApp's own
		{variant{loket.LangID, loket.ChannelWebChat, "id", "visitor-1"}, false},
	} {
		t.Run(string(c.v.ch), func(t *testing.T) {
			f := newFlows(t)
			r := &runner{t: t, f: f, b: newSQLiteBackend(t), v: c.v, now: mondayMorning}
			r.do(say("halo"))
			var other, same *loket.Ticket
			r.do(setup(func(tx testTx, ct *loket.Contact) error {
				st := tx.(storetest.Tx)
				v := &loket.Vendor{Name: "CV Maju Jaya", NPWP: "012345678901000", CreatedAt: r.now, UpdatedAt: r.now}
				if err := st.SaveVendor(bg, v); err != nil {
					return err
				}
				open := func(ch loket.Channel, chat string) (*loket.Ticket, error) {
					_, oc, err := st.OpenConversation(bg, ch, chat, r.now)
					if err != nil {
						return nil, err
					}
					oc.VendorID = v.ID
					if err := st.SaveContact(bg, oc); err != nil {
						return nil, err
					}
					tk := &loket.Ticket{VendorID: v.ID, ContactID: oc.ID, Channel: ch, Title: loket.RegistrationTitle,
						Type: loket.TypeRegistration, Status: loket.StatusWaitingDocuments, CreatedAt: r.now}
					return tk, st.CreateTicket(bg, tk)
				}
				var err error
				if other, err = open(loket.ChannelWebChat, "someone-else"); err != nil {
					return err
				}
				if same, err = open(loket.ChannelWhatsApp, "6281234567890@s.whatsapp.net"); err != nil {
					return err
				}
				me, err := st.ContactByID(bg, ct.ID)
				if err != nil {
					return err
				}
				me.VendorID = v.ID // as after a registration naming that NPWP
				return st.SaveContact(bg, me)
			}))
			got := ask(r, "status")
			if strings.Contains(got, other.Ref()) {
				t.Errorf("the status shows a ticket opened from another chat (%s):\n%s", other.Ref(), got)
			}
			if strings.Contains(got, same.Ref()) != c.sameNumber {
				t.Errorf("ticket of the same WhatsApp number (%s) shown = %v, want %v:\n%s", same.Ref(), !c.sameNumber, c.sameNumber, got)
			}
		})
	}
}
