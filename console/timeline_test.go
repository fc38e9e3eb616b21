package console

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

// The bot's own timeline entries (ticket opened, checklist, reminders,
// idle close, calls booked, moved and cancelled, a switch to in person, give-up, active content,
// survey, refused files) are events read in each reader's language, with
// codes (channels, reminders, refusal reasons) in words. Entries written
// before they were events show their stored body.
func TestBotTimelineEventsInReadersLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	entries := []struct {
		kind loket.ActivityKind
		meta string
	}{
		{loket.ActSystem, `{"event":"opened","ref":"#1001","channel":"whatsapp","type":"registration","status":"new"}`},
		{loket.ActNote, `{"event":"checklist","form":"company","online":true,"mode":"online","count":4,"requirements":["ktp","npwp_company"]}`},
		{loket.ActSystem, `{"event":"reminder","reminder":"docs.missing.2"}`},
		{loket.ActSystem, `{"event":"idle_closed","reminder":"ticket.idle.closed","days":10}`},
		{loket.ActAppointment, `{"event":"call_booked","appointment":2,"when":"2026-01-05 13:20","phone":"+6281234567890"}`},
		{loket.ActAppointment, `{"event":"call_moved","appointment":3,"when":"2026-01-06 10:00","from_when":"2026-01-05 13:20"}`},
		{loket.ActAppointment, `{"event":"call_cancelled","appointment":3,"cancelled":true,"when":"2026-01-06 10:00"}`},
		{loket.ActNote, `{"event":"mode_changed","mode":"offline","from":"online"}`},
		{loket.ActNote, `{"event":"gave_up","flag":"bot_gave_up","error":"boom"}`},
		{loket.ActNote, `{"event":"doc_active","file":"ktp.pdf","active":["javascript","embedded_file"]}`},
		{loket.ActSystem, `{"event":"survey_done","average":"3.5","survey":1,"answers":[4,4,3,3,4,4,3,3]}`},
		{loket.ActDocument, `{"event":"doc_refused","file":"nib.pdf","refused":"not_pdf","looks_like":"jpeg"}`},
		{loket.ActDocument, `{"event":"doc_refused","file":"old.pdf","refused":"needs_password, png"}`}, // before looks_like
		{loket.ActMessageIn, `{"event":"message_kind","kind":"media"}`},
		{loket.ActSystem, `{"reminder":"call.offer"}`}, // before events: its body
	}
	e.tx(func(tx storetest.Tx) error {
		for i, en := range entries {
			err := tx.AddActivity(ctx, &loket.Activity{TicketID: e.ticket.ID, Kind: en.kind, Actor: loket.ActorBot,
				Body: "stored body " + itoa(int64(i)), Meta: []byte(en.meta), CreatedAt: e.clock.Now()})
			if err != nil {
				return err
			}
		}
		return nil
	})
	admin := e.login(loket.RoleAdmin)
	_, body := admin.get(e.ref())
	mustHave(t, "English reader", body,
		"Ticket #1001 opened via WhatsApp.",
		"Document checklist set: Company (PT/CV and other badan usaha), 4 documents, online (video call) verification.",
		"Reminder sent: documents still missing (2 days).",
		"Ticket closed automatically: no answer from the vendor for 10 days.",
		"Video call booked: 2026-01-05 13:20, phone &#43;6281234567890.",
		"Video call moved to 2026-01-06 10:00 (from 2026-01-05 13:20).",
		"The vendor cancelled the video call of 2026-01-06 10:00.",
		"The vendor switched to in-person verification.",
		"The bot failed to process the vendor message above",
		"contains active content (JavaScript, an embedded file)",
		"The vendor completed the satisfaction survey: average 3.5 of 4.",
		"refused automatically (not a PDF, looks like a JPEG photo); not stored.",
		"refused automatically (protected by a password, looks like a PNG image); not stored.",
		"(a photo, voice note or sticker)",
		"stored body 14")
	admin.postForm("/account/language", url.Values{"lang": {"id"}})
	_, body = admin.get(e.ref())
	mustHave(t, "Indonesian reader", body,
		"Tiket #1001 dibuka lewat WhatsApp.",
		"Pengingat terkirim: berkas belum lengkap (2 hari).",
		"Tiket ditutup otomatis: tidak ada tanggapan penyedia selama 10 hari.",
		"Video call dipindah ke 2026-01-06 10:00 (dari 2026-01-05 13:20).",
		"Penyedia beralih ke verifikasi tatap muka.",
		"berisi konten aktif (skrip JavaScript, berkas tersemat)",
		"Penyedia mengisi survei kepuasan: rata-rata 3.5 dari 4.",
		"ditolak otomatis (bukan PDF, tampak seperti foto JPEG); tidak disimpan.",
		"ditolak otomatis (dilindungi password, tampak seperti gambar PNG); tidak disimpan.",
		"(foto, pesan suara atau stiker)",
		"stored body 14")
	for i := range 14 {
		if want := "stored body " + itoa(int64(i)) + "<"; strings.Contains(body, want) {
			t.Errorf("event %d shows its stored body", i)
		}
	}
}

// The REST API gives a timeline event's name and its fields as codes
// beside the Indonesian body (never the internal error of a give-up).
func TestAPITimelineEventsKeepTheirCodes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.tx(func(tx storetest.Tx) error {
		for _, meta := range []string{`{"event":"doc_refused","file":"nib.pdf","refused":"not_pdf","looks_like":"jpeg"}`,
			`{"event":"gave_up","flag":"bot_gave_up","error":"pq: secret detail"}`} {
			if err := tx.AddActivity(context.Background(), &loket.Activity{TicketID: e.ticket.ID, Kind: loket.ActDocument,
				Actor: loket.ActorVendor, Body: "Berkas ditolak", Meta: []byte(meta), CreatedAt: e.clock.Now()}); err != nil {
				return err
			}
		}
		return nil
	})
	tok := e.login(loket.RoleAgent).newToken("script")
	res, body := e.anon().apiCall("GET", "/api/v1"+e.ref(), "", tok)
	var d struct {
		Activities []struct {
			Body   string         `json:"body"`
			Event  string         `json:"event"`
			Fields map[string]any `json:"fields"`
		} `json:"activities"`
	}
	if err := json.Unmarshal([]byte(body), &d); err != nil || res.StatusCode != 200 {
		t.Fatalf("detail: %d %s (%v)", res.StatusCode, body, err)
	}
	var got []string
	for _, a := range d.Activities {
		if a.Event != "" {
			got = append(got, fmt.Sprintf("%s %v %s", a.Event, a.Fields, a.Body))
		}
	}
	want := []string{"doc_refused map[file:nib.pdf looks_like:jpeg refused:not_pdf] Berkas ditolak",
		"gave_up map[flag:bot_gave_up] Berkas ditolak"}
	if !slices.Equal(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}
}

// TestBookedCallTimeLikeEveryOtherTime: a booked call's time reads as the
// page's other times do (it read "2026-11-30 10:00" among "30 Nov 2026
// 02:12"); an entry stored without the instant keeps its stored text.
func TestBookedCallTimeLikeEveryOtherTime(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	at := time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC) // 10:00 WIB
	e.tx(func(tx storetest.Tx) error {
		return tx.AddActivity(context.Background(), &loket.Activity{TicketID: e.ticket.ID, Kind: loket.ActAppointment, Actor: loket.ActorVendor,
			Body: "stored", Meta: []byte(`{"event":"call_booked","appointment":2,"starts_at":` + itoa(at.Unix()) + `,"when":"2026-11-30 10:00","phone":"+6281234567890"}`),
			CreatedAt: e.clock.Now()})
	})
	_, body := e.login(loket.RoleAdmin).get(e.ref())
	mustHave(t, "booked call", html.UnescapeString(body), "Video call booked: 30 Nov 2026 10:00, phone +6281234567890.")
}
