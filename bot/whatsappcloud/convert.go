package whatsappcloud

import (
	"strconv"
	"strings"
	"time"

	"loket"
)

// payload is the webhook body (object "whatsapp_business_account").
type payload struct {
	Object string `json:"object"`
	Entry  []struct {
		ID      string `json:"id"`
		Changes []struct {
			Field string `json:"field"`
			Value value  `json:"value"`
		} `json:"changes"`
	} `json:"entry"`
}

type value struct {
	Metadata struct {
		PhoneNumberID string `json:"phone_number_id"`
	} `json:"metadata"`
	Contacts []struct {
		WaID    string `json:"wa_id"`
		Profile struct {
			Name string `json:"name"`
		} `json:"profile"`
	} `json:"contacts"`
	Messages []message `json:"messages"`
	Statuses []Status  `json:"statuses"`
}

type message struct {
	From      string `json:"from"`
	ID        string `json:"id"`
	Timestamp string `json:"timestamp"`
	Type      string `json:"type"`
	Context   *struct {
		ID string `json:"id"`
	} `json:"context"`
	Text *struct {
		Body string `json:"body"`
	} `json:"text"`
	Interactive *struct {
		Type        string `json:"type"`
		ButtonReply *struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"button_reply"`
		ListReply *struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"list_reply"`
	} `json:"interactive"`
	Button *struct { // a template's quick-reply button
		Payload string `json:"payload"`
		Text    string `json:"text"`
	} `json:"button"`
	Document *struct {
		ID       string `json:"id"`
		Filename string `json:"filename"`
		MimeType string `json:"mime_type"`
		Caption  string `json:"caption"`
	} `json:"document"`
	Image *struct {
		Caption string `json:"caption"`
	} `json:"image"`
	Video *struct {
		Caption string `json:"caption"`
	} `json:"video"`
	Audio *struct {
		Voice bool `json:"voice"`
	} `json:"audio"`
	Contacts []struct {
		Name struct {
			FormattedName string `json:"formatted_name"`
		} `json:"name"`
		Phones []struct {
			Phone string `json:"phone"`
			WaID  string `json:"wa_id"`
		} `json:"phones"`
	} `json:"contacts"`
}

// Status is one delivery status webhook: the state of a message Loket sent.
type Status struct {
	ID          string `json:"id"` // the wamid Send returned
	Status      string `json:"status"`
	Timestamp   string `json:"timestamp"`
	RecipientID string `json:"recipient_id"`
	Errors      []struct {
		Code    int    `json:"code"`
		Title   string `json:"title"`
		Message string `json:"message"`
		Data    struct {
			Details string `json:"details"`
		} `json:"error_data"`
	} `json:"errors"`
}

// At is the status's time (zero when Meta sent none).
func (s Status) At() time.Time { return unixTime(s.Timestamp) }

// Reason is the first error's code and text, for a failed message.
func (s Status) Reason() (code int, text string) {
	if len(s.Errors) == 0 {
		return 0, ""
	}
	e := s.Errors[0]
	text = strings.TrimSpace(e.Title)
	if d := strings.TrimSpace(e.Data.Details); d != "" && d != text {
		text += ": " + d
	} else if m := strings.TrimSpace(e.Message); m != "" && m != text {
		text += ": " + m
	}
	return e.Code, text
}

func unixTime(s string) time.Time {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}
	}
	return time.Unix(n, 0)
}

// convert turns a webhook body into inbound messages and statuses. Only
// changes for phoneID (the configured number) count; other fields and
// unsupported or system messages are skipped. It never panics on odd
// input.
func convert(p *payload, phoneID string, now time.Time) ([]loket.Inbound, []Status) {
	var msgs []loket.Inbound
	var statuses []Status
	for _, e := range p.Entry {
		for _, ch := range e.Changes {
			v := ch.Value
			if ch.Field != "messages" || (v.Metadata.PhoneNumberID != "" && v.Metadata.PhoneNumberID != phoneID) {
				continue
			}
			names := map[string]string{}
			for _, ct := range v.Contacts {
				names[ct.WaID] = ct.Profile.Name
			}
			for i := range v.Messages {
				if in, ok := inbound(&v.Messages[i], now); ok {
					in.SenderName = names[in.ChatID]
					msgs = append(msgs, in)
				}
			}
			for _, s := range v.Statuses {
				if s.ID != "" && s.Status != "" {
					statuses = append(statuses, s)
				}
			}
		}
	}
	return msgs, statuses
}

// inbound converts one message; false for what Loket does not handle.
func inbound(m *message, now time.Time) (loket.Inbound, bool) {
	from := strings.TrimPrefix(strings.TrimSpace(m.From), "+")
	if m.ID == "" || !digitsOnly(from) {
		return loket.Inbound{}, false
	}
	in := loket.Inbound{Channel: loket.ChannelWhatsApp, ExternalID: m.ID, ChatID: from, SenderID: from,
		ReceivedAt: unixTime(m.Timestamp)}
	if in.ReceivedAt.IsZero() {
		in.ReceivedAt = now
	}
	if m.Context != nil {
		in.ReplyTo = m.Context.ID
	}
	switch m.Type {
	case "text":
		if m.Text == nil || strings.TrimSpace(m.Text.Body) == "" {
			return in, false
		}
		in.Kind, in.Text = loket.InText, m.Text.Body
	case "interactive":
		it := m.Interactive
		switch {
		case it != nil && it.ButtonReply != nil && it.ButtonReply.ID != "":
			in.Kind, in.Button, in.Text = loket.InButton, it.ButtonReply.ID, it.ButtonReply.Title
		case it != nil && it.ListReply != nil && it.ListReply.ID != "":
			in.Kind, in.Button, in.Text = loket.InButton, it.ListReply.ID, it.ListReply.Title
		default:
			return in, false
		}
	case "button":
		if m.Button == nil {
			return in, false
		}
		// A template's quick reply: its payload is the button data when
		// Loket set one, else the vendor's words are the answer.
		if p := strings.TrimSpace(m.Button.Payload); p != "" && p != m.Button.Text {
			in.Kind, in.Button, in.Text = loket.InButton, p, m.Button.Text
		} else {
			in.Kind, in.Text = loket.InText, m.Button.Text
		}
		if in.Kind == loket.InText && strings.TrimSpace(in.Text) == "" {
			return in, false
		}
	case "document":
		if m.Document == nil || m.Document.ID == "" {
			return in, false
		}
		d := m.Document
		in.Kind, in.Text = loket.InDocument, d.Caption
		in.Document = &loket.DocumentRef{FileID: d.ID, FileName: d.Filename, MimeType: d.MimeType}
	case "contacts":
		if len(m.Contacts) == 0 {
			return in, false
		}
		ct := m.Contacts[0]
		in.Kind, in.Text = loket.InContact, ct.Name.FormattedName
		for _, ph := range ct.Phones {
			if ph.Phone != "" {
				in.Phone = ph.Phone
				break
			}
			if ph.WaID != "" {
				in.Phone = "+" + ph.WaID
				break
			}
		}
	default:
		return media(in, m)
	}
	return in, true
}

// media handles photos, voice notes, videos, stickers, locations and
// reactions: the flows answer them politely.
func media(in loket.Inbound, m *message) (loket.Inbound, bool) {
	in.Kind = loket.InMedia
	switch m.Type {
	case "image":
		in.MediaType = "photo"
		if m.Image != nil {
			in.Text = m.Image.Caption
		}
	case "audio":
		in.MediaType = "audio"
		if m.Audio != nil && m.Audio.Voice {
			in.MediaType = "voice"
		}
	case "video":
		in.MediaType = "video"
		if m.Video != nil {
			in.Text = m.Video.Caption
		}
	case "sticker", "reaction":
		in.MediaType = "sticker"
	case "location":
		in.MediaType = "location"
	default:
		return in, false // "unsupported", "system", "order"…
	}
	return in, true
}
