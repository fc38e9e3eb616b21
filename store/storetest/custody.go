package storetest

import (
	"fmt"
	"testing"
	"time"

	"loket"
)

func testSubjectQueries(t *testing.T, s Store) {
	ctx := ctxT(t)
	var v, other *loket.Vendor
	var linked, unlinked, stranger *loket.Contact
	var t1, t2 *loket.Ticket
	inTx(t, s, func(tx Tx) error {
		v = &loket.Vendor{Name: "CV Maju Jaya", NPWP: "012345678901000", CreatedAt: t0}
		other = &loket.Vendor{Name: "PT Lain", NPWP: "111111111111000", CreatedAt: t0}
		must(t, tx.SaveVendor(ctx, v))
		must(t, tx.SaveVendor(ctx, other))
		linked = &loket.Contact{Channel: loket.ChannelTelegram, ChatID: "5151", VendorID: v.ID, CreatedAt: t0}
		unlinked = &loket.Contact{Channel: loket.ChannelWebChat, ChatID: "w1", CreatedAt: t0}
		stranger = &loket.Contact{Channel: loket.ChannelWhatsApp, ChatID: "62899", VendorID: other.ID, CreatedAt: t0}
		for _, c := range []*loket.Contact{linked, unlinked, stranger} {
			must(t, tx.SaveContact(ctx, c))
		}
		t1 = newTicket(t, tx, func(tk *loket.Ticket) { tk.VendorID, tk.ContactID = v.ID, linked.ID })
		t2 = newTicket(t, tx, func(tk *loket.Ticket) { tk.ContactID = unlinked.ID })
		newTicket(t, tx, func(tk *loket.Ticket) { tk.VendorID, tk.ContactID = other.ID, stranger.ID }) // never among the results
		return nil
	})
	ids := func(ts []loket.Ticket) string {
		var out []int64
		for _, tk := range ts {
			out = append(out, tk.ID)
		}
		return fmt.Sprint(out)
	}
	inTx(t, s, func(tx Tx) error {
		cs, err := tx.VendorContacts(ctx, v.ID)
		must(t, err)
		if len(cs) != 1 || cs[0].ID != linked.ID {
			t.Fatalf("vendor contacts = %+v", cs)
		}
		for _, tc := range []struct {
			vendor   int64
			contacts []int64
			want     []int64
		}{
			{v.ID, nil, []int64{t1.ID}},
			{0, []int64{unlinked.ID}, []int64{t2.ID}},
			{v.ID, []int64{linked.ID, unlinked.ID}, []int64{t1.ID, t2.ID}},
			{0, nil, nil},
		} {
			got, err := tx.SubjectTickets(ctx, tc.vendor, tc.contacts)
			must(t, err)
			if ids(got) != fmt.Sprint(tc.want) {
				t.Errorf("SubjectTickets(%d, %v) = %s, want %v", tc.vendor, tc.contacts, ids(got), tc.want)
			}
		}
		return nil
	})
	in, err := s.RecordInbound(ctx, []loket.Inbound{{Channel: loket.ChannelTelegram, ExternalID: "m5151:1", ChatID: "5151",
		SenderID: "5151", SenderName: "Budi", Kind: loket.InText, Text: "halo", Phone: "+62811", ReceivedAt: t0}})
	must(t, err)
	reply := &loket.Outbound{Channel: loket.ChannelTelegram, ChatID: "5151", TicketID: t1.ID, Text: "Halo Pak Budi", CreatedAt: t0.Add(time.Second)}
	queued := &loket.Outbound{Channel: loket.ChannelTelegram, ChatID: "5151", Text: "nanti", CreatedAt: t0.Add(2 * time.Second)}
	enqueue(t, s, reply, queued)
	must(t, s.OutboundSent(ctx, reply.ID, 0, "9", t0.Add(time.Second)))
	inTx(t, s, func(tx Tx) error {
		lines, err := tx.ChatMessages(ctx, loket.ChannelTelegram, "5151")
		must(t, err)
		if len(lines) != 3 || lines[0].InboundID != in[0].ID || lines[0].Text != "halo" || lines[1].OutboundID != reply.ID ||
			lines[1].Status != loket.OutSent || lines[2].Text != "nanti" || !lines[0].At.Equal(t0) {
			t.Fatalf("chat messages = %+v", lines)
		}
		return nil
	})
	testErasures(t, s, v, linked, t1)
}

func testErasures(t *testing.T, s Store, v *loket.Vendor, c *loket.Contact, tk *loket.Ticket) {
	ctx := ctxT(t)
	at := t0.Add(time.Hour)
	must(t, s.RecordDeadInbound(ctx, loket.Inbound{Channel: loket.ChannelTelegram, ExternalID: "dead-erase", ChatID: "5151",
		Kind: loket.InText, Text: "NIK 3271"}, "refused", t0))
	inTx(t, s, func(tx Tx) error {
		must(t, tx.AddActivity(ctx, &loket.Activity{TicketID: tk.ID, Kind: loket.ActMessageIn, Body: "NIK 3271", CreatedAt: t0}))
		must(t, loket.SetStatus(ctx, tx, tk, loket.StatusClosed, loket.ActorAgent, 0, "", t0))
		must(t, tx.EraseVendor(ctx, v.ID, at))
		must(t, tx.EraseContact(ctx, c.ID, at))
		must(t, tx.EraseTicket(ctx, tk.ID, tk.Number, at))
		wantErr(t, tx.EraseVendor(ctx, 987654, at), loket.ErrNotFound)
		wantErr(t, tx.EraseContact(ctx, 987654, at), loket.ErrNotFound)

		gv, err := tx.VendorByID(ctx, v.ID)
		must(t, err)
		if gv.Name != "" || gv.NPWP != "" {
			t.Fatalf("erased vendor = %+v", gv)
		}
		gc, err := tx.ContactByID(ctx, c.ID)
		must(t, err)
		if gc.ChatID != fmt.Sprintf("erased:%d", c.ID) || gc.Name != "" || gc.Phone != "" {
			t.Fatalf("erased contact = %+v", gc)
		}
		if _, err := tx.ContactByAddress(ctx, loket.ChannelTelegram, "5151"); err == nil {
			t.Fatal("the old address still finds the contact")
		}
		acts, err := tx.Activities(ctx, tk.ID)
		must(t, err)
		if len(acts) != 2 || acts[0].Body != "" || acts[1].Kind != loket.ActStatus || acts[1].Body == "" {
			t.Fatalf("erased timeline = %+v", acts)
		}
		lines, err := tx.ChatMessages(ctx, loket.ChannelTelegram, gc.ChatID)
		must(t, err)
		if len(lines) != 2 || lines[0].Text != "" || lines[1].Text != "" {
			t.Fatalf("erased chat = %+v (the queued message goes)", lines)
		}
		dead, _, err := tx.DeadInbounds(ctx, 100)
		must(t, err)
		for _, d := range dead {
			if d.ExternalID == "dead-erase" {
				t.Fatalf("an erased contact's dead letter is still kept: %+v", d)
			}
		}
		return nil
	})
}
