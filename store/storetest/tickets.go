package storetest

import (
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"loket"
)

func testVendors(t *testing.T, s Store) {
	ctx := ctxT(t)
	inTx(t, s, func(tx Tx) error {
		v := &loket.Vendor{Name: "CV Maju Jaya", Form: loket.FormCompany, NPWP: "012345678901234", Phone: "+628111", CreatedAt: t0}
		must(t, tx.SaveVendor(ctx, v))
		v.DirectorName, v.UpdatedAt = "Ibu Rina", t0.Add(time.Minute)
		must(t, tx.SaveVendor(ctx, v))
		got, err := tx.VendorByNPWP(ctx, "012345678901234")
		must(t, err)
		if got.ID != v.ID || got.DirectorName != "Ibu Rina" || got.Form != loket.FormCompany || !got.UpdatedAt.Equal(t0.Add(time.Minute)) {
			t.Fatalf("vendor = %+v", got)
		}
		byID, err := tx.VendorByID(ctx, v.ID)
		must(t, err)
		if *byID != *got {
			t.Fatalf("by id %+v != by npwp %+v", byID, got)
		}
		_, err = tx.VendorByID(ctx, 99999)
		wantErr(t, err, loket.ErrNotFound)
		_, err = tx.VendorByNPWP(ctx, "999")
		wantErr(t, err, loket.ErrNotFound)
		// Vendors without NPWP may be many; a duplicate NPWP is a conflict.
		must(t, tx.SaveVendor(ctx, &loket.Vendor{Name: "A", CreatedAt: t0}))
		must(t, tx.SaveVendor(ctx, &loket.Vendor{Name: "B", CreatedAt: t0}))
		err = tx.Savepoint(ctx, func() error {
			return tx.SaveVendor(ctx, &loket.Vendor{Name: "Dup", NPWP: "012345678901234", CreatedAt: t0})
		})
		wantErr(t, err, loket.ErrConflict)
		return nil
	})
}

func newTicket(t *testing.T, tx Tx, mod func(*loket.Ticket)) *loket.Ticket {
	t.Helper()
	tk := &loket.Ticket{Channel: loket.ChannelTelegram, Title: loket.RegistrationTitle, Type: loket.TypeRegistration, CreatedAt: t0}
	if mod != nil {
		mod(tk)
	}
	must(t, tx.CreateTicket(ctxT(t), tk))
	return tk
}

func testTickets(t *testing.T, s Store) {
	ctx := ctxT(t)
	inTx(t, s, func(tx Tx) error {
		a := newTicket(t, tx, nil)
		b := newTicket(t, tx, nil)
		if a.Number != 1001 || b.Number != 1002 || a.Status != loket.StatusNew || a.Ref() != "#1001" {
			t.Fatalf("numbers %d %d status %q", a.Number, b.Number, a.Status)
		}
		agent := &loket.Agent{Username: "rina", Role: loket.RoleAgent, Active: true, CreatedAt: t0}
		must(t, tx.SaveAgent(ctx, agent))
		a.Status, a.AssigneeID, a.ClosedAt, a.UpdatedAt = loket.StatusClosed, agent.ID, t0.Add(time.Hour), t0.Add(time.Hour)
		must(t, tx.UpdateTicket(ctx, a))
		got, err := tx.TicketByNumber(ctx, 1001)
		must(t, err)
		if got.ID != a.ID || got.Status != loket.StatusClosed || got.AssigneeID != agent.ID || !got.ClosedAt.Equal(t0.Add(time.Hour)) || got.Title != loket.RegistrationTitle {
			t.Fatalf("updated = %+v", got)
		}
		_, err = tx.TicketByID(ctx, 99999)
		wantErr(t, err, loket.ErrNotFound)
		_, err = tx.TicketByNumber(ctx, 5)
		wantErr(t, err, loket.ErrNotFound)
		wantErr(t, tx.UpdateTicket(ctx, &loket.Ticket{ID: 99999, Status: loket.StatusNew}), loket.ErrNotFound)

		// Timeline.
		act := &loket.Activity{TicketID: a.ID, Kind: loket.ActStatus, Actor: loket.ActorAgent, AgentID: agent.ID,
			Body: "closed", Meta: []byte(`{"from":"new","to":"closed"}`), CreatedAt: t0.Add(time.Hour)}
		must(t, tx.AddActivity(ctx, act))
		must(t, tx.AddActivity(ctx, &loket.Activity{TicketID: a.ID, Kind: loket.ActNote, Actor: loket.ActorBot, Body: "n", CreatedAt: t0}))
		acts, err := tx.Activities(ctx, a.ID)
		must(t, err)
		if len(acts) != 2 || acts[0].Kind != loket.ActNote || acts[1].AgentID != agent.ID || len(acts[1].Meta) == 0 || acts[0].Meta != nil {
			t.Fatalf("activities = %+v", acts)
		}
		return nil
	})
}

func testTicketNumbersConcurrent(t *testing.T, s Store) {
	ctx := ctxT(t)
	const n = 12
	var mu sync.Mutex
	var nums []int64
	errs := race(n, func(int) error {
		return s.InTx(ctx, func(tx Tx) error {
			tk := &loket.Ticket{Channel: loket.ChannelWhatsApp, Title: "x", Type: loket.TypeOther, CreatedAt: t0}
			if err := tx.CreateTicket(ctx, tk); err != nil {
				return err
			}
			mu.Lock()
			nums = append(nums, tk.Number)
			mu.Unlock()
			return nil
		})
	})
	for _, err := range errs {
		must(t, err)
	}
	sort.Slice(nums, func(i, j int) bool { return nums[i] < nums[j] })
	for i, v := range nums {
		if v != int64(1001+i) {
			t.Fatalf("numbers = %v", nums)
		}
	}
}

func testListTickets(t *testing.T, s Store) {
	ctx := ctxT(t)
	// What the vendor wrote in the chat, answered by the bot, never reached
	// a ticket's timeline: it is searched too.
	_, err := s.RecordInbound(ctx, []loket.Inbound{{Channel: loket.ChannelWhatsApp, ExternalID: "lt-1", ChatID: "6281377",
		Kind: loket.InText, Text: "Halo, akun saya terkunci setelah salah kata sandi", ReceivedAt: t0}})
	must(t, err)
	inTx(t, s, func(tx Tx) error {
		agent := &loket.Agent{Username: "budi", Role: loket.RoleAgent, CreatedAt: t0}
		must(t, tx.SaveAgent(ctx, agent))
		v := &loket.Vendor{Name: "PT Sinar Abadi", NPWP: "987654321012345", SPSEUserID: "SinarAbadi_01", Phone: "+6285599", CreatedAt: t0}
		must(t, tx.SaveVendor(ctx, v))
		c := &loket.Contact{Channel: loket.ChannelWhatsApp, ChatID: "6281377", Phone: "+6281377001", CreatedAt: t0}
		must(t, tx.SaveContact(ctx, c))
		// 1001: vendor, assigned, in review; 1002: contact, whatsapp; 1003..1007: plain, older to newer.
		newTicket(t, tx, func(k *loket.Ticket) { k.VendorID, k.AssigneeID, k.Status = v.ID, agent.ID, loket.StatusInReview })
		tk2 := newTicket(t, tx, func(k *loket.Ticket) { k.ContactID, k.Channel = c.ID, loket.ChannelWhatsApp })
		var plain []*loket.Ticket
		for i := 0; i < 5; i++ {
			plain = append(plain, newTicket(t, tx, func(k *loket.Ticket) { k.CreatedAt = t0.Add(time.Duration(i+1) * time.Hour) }))
		}
		// What people wrote is searched; the bot's own texts and events are not.
		for _, a := range []loket.Activity{
			{TicketID: tk2.ID, Kind: loket.ActMessageIn, Actor: loket.ActorVendor, Body: "Akun SPSE saya terblokir sejak kemarin"},
			{TicketID: plain[0].ID, Kind: loket.ActMessageOut, Actor: loket.ActorAgent, Body: "Mohon kirim ulang akta perubahan"},
			{TicketID: plain[1].ID, Kind: loket.ActNote, Actor: loket.ActorAgent, Body: "Penyedia minta ditelepon sore"},
			{TicketID: plain[2].ID, Kind: loket.ActMessageOut, Actor: loket.ActorBot, Body: "Akun Anda terblokir? Hubungi kami"},
			{TicketID: plain[3].ID, Kind: loket.ActStatus, Actor: loket.ActorAgent, Body: "terblokir 50%"},
		} {
			a.CreatedAt = t0
			must(t, tx.AddActivity(ctx, &a))
		}
		tests := []struct {
			name string
			f    loket.TicketFilter
			want []int64 // numbers, newest first
		}{
			{"all", loket.TicketFilter{}, []int64{1007, 1006, 1005, 1004, 1003, 1002, 1001}},
			{"status", loket.TicketFilter{Statuses: []loket.TicketStatus{loket.StatusInReview, loket.StatusNeedsFix}}, []int64{1001}},
			{"statuses new", loket.TicketFilter{Statuses: []loket.TicketStatus{loket.StatusNew}, Limit: 2}, []int64{1007, 1006}},
			{"channel", loket.TicketFilter{Channel: loket.ChannelWhatsApp}, []int64{1002}},
			{"assignee", loket.TicketFilter{AssigneeID: agent.ID}, []int64{1001}},
			{"unassigned", loket.TicketFilter{AssigneeID: -1, Limit: 1}, []int64{1007}},
			{"vendor", loket.TicketFilter{VendorID: v.ID}, []int64{1001}},
			{"contact", loket.TicketFilter{ContactID: c.ID}, []int64{1002}},
			{"older than", loket.TicketFilter{OlderThan: t0.Add(2 * time.Hour)}, []int64{1003, 1002, 1001}},
			{"number", loket.TicketFilter{Query: "1005"}, []int64{1005}},
			{"number hash", loket.TicketFilter{Query: "#1002"}, []int64{1002}},
			{"npwp digits", loket.TicketFilter{Query: "98.765.432.1-012.345"}, []int64{1001}},
			{"vendor name any case", loket.TicketFilter{Query: "sinar ABADI"}, []int64{1001}},
			{"contact phone local", loket.TicketFilter{Query: "081377001"}, []int64{1002}},
			{"vendor phone", loket.TicketFilter{Query: "+62 855 99"}, []int64{1001}},
			{"like is escaped", loket.TicketFilter{Query: "%"}, nil},
			{"like is escaped in messages", loket.TicketFilter{Query: "r 50%"}, nil},
			{"spse user id any case", loket.TicketFilter{Query: "sinarabadi_01"}, []int64{1001}},
			{"spse user id underscore is no wildcard", loket.TicketFilter{Query: "sinarabadiX01"}, nil},
			{"vendor's message", loket.TicketFilter{Query: "TERBLOKIR sejak"}, []int64{1002}},
			{"vendor's message, not the bot's", loket.TicketFilter{Query: "terblokir"}, []int64{1002}},
			{"agent's reply", loket.TicketFilter{Query: "akta perubahan"}, []int64{1003}},
			{"internal note", loket.TicketFilter{Query: "ditelepon"}, []int64{1004}},
			{"what the vendor wrote in the chat", loket.TicketFilter{Query: "akun saya TERKUNCI"}, []int64{1002}},
			{"two letters do not search messages", loket.TicketFilter{Query: "ak"}, nil},
			{"no match", loket.TicketFilter{Query: "tidak ada"}, nil},
			{"combined", loket.TicketFilter{Channel: loket.ChannelTelegram, Statuses: []loket.TicketStatus{loket.StatusNew}, OlderThan: t0.Add(3 * time.Hour)}, []int64{1004, 1003}},
		}
		for _, tc := range tests {
			got, err := tx.ListTickets(ctx, tc.f)
			must(t, err)
			if fmt.Sprint(numbers(got)) != fmt.Sprint(tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("%s: got %v, want %v", tc.name, numbers(got), tc.want)
			}
		}
		// Keyset paging walks everything once.
		var seen []int64
		f := loket.TicketFilter{Limit: 3}
		for {
			page, err := tx.ListTickets(ctx, f)
			must(t, err)
			if len(page) == 0 {
				break
			}
			seen = append(seen, numbers(page)...)
			f.Before = page[len(page)-1].ID
		}
		if fmt.Sprint(seen) != "[1007 1006 1005 1004 1003 1002 1001]" {
			t.Fatalf("paged = %v", seen)
		}
		return nil
	})
}

func numbers(ts []loket.Ticket) []int64 {
	var out []int64
	for _, t := range ts {
		out = append(out, t.Number)
	}
	return out
}
