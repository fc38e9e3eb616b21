package hooks

import (
	"testing"

	"loket"
)

func TestEventOf(t *testing.T) {
	tk := &loket.Ticket{Number: 1001, Status: loket.StatusInReview, Channel: loket.ChannelWhatsApp, Title: "T"}
	tests := []struct {
		name  string
		a     loket.Activity
		want  string // event type; "" = not emitted
		wantS string // expected id
	}{
		{"opened", loket.Activity{ID: 5, Kind: loket.ActSystem, Actor: loket.ActorBot, Meta: []byte(`{"type":"registration","status":"new"}`)}, loket.EventTicketCreated, "5:ticket.created"},
		{"opened by vendor actor", loket.Activity{Kind: loket.ActSystem, Actor: loket.ActorVendor, Meta: []byte(`{"type":"other","status":"new"}`)}, "", ""},
		{"reminder", loket.Activity{Kind: loket.ActSystem, Actor: loket.ActorBot, Meta: []byte(`{"reminder":"x"}`)}, "", ""},
		{"system without meta", loket.Activity{Kind: loket.ActSystem, Actor: loket.ActorBot}, "", ""},
		{"system with bad status", loket.Activity{Kind: loket.ActSystem, Actor: loket.ActorBot, Meta: []byte(`{"type":"other","status":"nope"}`)}, "", ""},
		{"status", loket.Activity{ID: 6, Kind: loket.ActStatus, Actor: loket.ActorAgent, Meta: []byte(`{"from":"new","to":"closed"}`)}, loket.EventTicketStatusChanged, "6:ticket.status_changed"},
		{"status without meta", loket.Activity{Kind: loket.ActStatus, Actor: loket.ActorAgent, Body: "?"}, "", ""},
		{"status broken meta", loket.Activity{Kind: loket.ActStatus, Meta: []byte(`{`)}, "", ""},
		{"message in", loket.Activity{ID: 7, Kind: loket.ActMessageIn, Actor: loket.ActorVendor, Body: "x"}, loket.EventMessageCreated, "7:message.created"},
		{"message out", loket.Activity{ID: 8, Kind: loket.ActMessageOut, Actor: loket.ActorBot, Body: "x"}, loket.EventMessageCreated, "8:message.created"},
		{"note", loket.Activity{Kind: loket.ActNote, Actor: loket.ActorAgent, Body: "secret"}, "", ""},
		{"document", loket.Activity{Kind: loket.ActDocument, Actor: loket.ActorVendor, Meta: []byte(`{"type":"ktp","status":"new"}`)}, "", ""},
		{"appointment", loket.Activity{Kind: loket.ActAppointment}, "", ""},
		{"assignment", loket.Activity{Kind: loket.ActAssignment}, "", ""},
	}
	for _, tt := range tests {
		ev, ok := eventOf(&tt.a, tk)
		if ok != (tt.want != "") || ev.Type != tt.want || ev.ID != tt.wantS {
			t.Errorf("%s: %q %q %v; want %q %q", tt.name, ev.Type, ev.ID, ok, tt.want, tt.wantS)
		}
		if ok && (ev.Ticket.Number != 1001 || ev.Ticket.Channel != loket.ChannelWhatsApp) {
			t.Errorf("%s: ticket %+v", tt.name, ev.Ticket)
		}
	}
}

func TestEndpointWants(t *testing.T) {
	tests := []struct {
		e    loket.WebhookEndpoint
		typ  string
		want bool
	}{
		{loket.WebhookEndpoint{ID: "a", Active: true}, loket.EventMessageCreated, true},
		{loket.WebhookEndpoint{ID: "a", Active: false}, loket.EventMessageCreated, false},
		{loket.WebhookEndpoint{ID: "", Active: true}, loket.EventMessageCreated, false},
		{loket.WebhookEndpoint{ID: "a", Active: true, Events: []string{loket.EventTicketCreated}}, loket.EventMessageCreated, false},
		{loket.WebhookEndpoint{ID: "a", Active: true, Events: []string{loket.EventTicketCreated}}, loket.EventTicketCreated, true},
	}
	for i, tt := range tests {
		if got := tt.e.Wants(tt.typ); got != tt.want {
			t.Errorf("%d: Wants(%s) = %v", i, tt.typ, got)
		}
	}
}
