package telegram

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"loket"
	tt "loket/bot/telegram/telegramtest"
)

const staff = -1001234

var now = time.Date(2025, 11, 3, 4, 0, 0, 0, time.UTC)

func mustUpdate(t testing.TB, u tt.Obj) *models.Update {
	t.Helper()
	u["update_id"] = 1
	b, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	var up models.Update
	if err := json.Unmarshal(b, &up); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return &up
}

func msg(id int, chat tt.Obj, fields tt.Obj) tt.Obj {
	return tt.Obj{"message": tt.Message(id, chat, tt.User(42, "Siti", "en-US"), fields)}
}

func TestConvert(t *testing.T) {
	private := tt.Chat(42, "private")
	staffChat := tt.Chat(staff, "supergroup")
	tests := []struct {
		name   string
		update tt.Obj
		ok     bool
		want   loket.Inbound // only the fields set here are compared (plus Kind)
	}{
		{"text", msg(5, private, tt.Obj{"text": "halo"}), true,
			loket.Inbound{ExternalID: "m42:5", ChatID: "42", SenderID: "42", SenderName: "Siti", LangHint: "en-US", Kind: loket.InText, Text: "halo"}},
		{"command with our name", msg(6, private, tt.Obj{"text": "/start@Loket_Test_Bot ref123"}), true,
			loket.Inbound{Kind: loket.InText, Text: "/start ref123"}},
		{"command to another bot", msg(6, private, tt.Obj{"text": "/start@other_bot"}), true,
			loket.Inbound{Kind: loket.InText, Text: "/start@other_bot"}},
		{"document", msg(7, private, tt.Obj{"caption": "KTP", "document": tt.Obj{"file_id": "F1", "file_unique_id": "U1",
			"file_name": "ktp.pdf", "mime_type": "application/pdf", "file_size": 12345}}), true,
			loket.Inbound{Kind: loket.InDocument, Text: "KTP", Document: &loket.DocumentRef{FileID: "F1", FileName: "ktp.pdf", MimeType: "application/pdf", Size: 12345}}},
		{"photo", msg(8, private, tt.Obj{"photo": []tt.Obj{{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}}}), true,
			loket.Inbound{Kind: loket.InMedia, MediaType: "photo"}},
		{"gif is animation not document", msg(8, private, tt.Obj{"animation": tt.Obj{"file_id": "a", "file_unique_id": "a"},
			"document": tt.Obj{"file_id": "a", "file_unique_id": "a"}}), true,
			loket.Inbound{Kind: loket.InMedia, MediaType: "animation"}},
		{"voice", msg(9, private, tt.Obj{"voice": tt.Obj{"file_id": "v", "file_unique_id": "v", "duration": 2}}), true,
			loket.Inbound{Kind: loket.InMedia, MediaType: "voice"}},
		{"sticker", msg(9, private, tt.Obj{"sticker": tt.Obj{"file_id": "s", "file_unique_id": "s", "type": "regular"}}), true,
			loket.Inbound{Kind: loket.InMedia, MediaType: "sticker"}},
		{"own contact", msg(10, private, tt.Obj{"contact": tt.Obj{"phone_number": "+6281234", "first_name": "Siti", "user_id": 42}}), true,
			loket.Inbound{Kind: loket.InContact, Phone: "+6281234"}},
		{"foreign contact", msg(11, private, tt.Obj{"contact": tt.Obj{"phone_number": "0812", "first_name": "X", "user_id": 99}}), true,
			loket.Inbound{Kind: loket.InContact, Phone: "0812", Text: ForeignContact}},
		{"contact without user id", msg(11, private, tt.Obj{"contact": tt.Obj{"phone_number": "0812", "first_name": "X"}}), true,
			loket.Inbound{Kind: loket.InContact, Phone: "0812", Text: ForeignContact}},
		{"reply", msg(12, private, tt.Obj{"text": "ya", "reply_to_message": tt.Message(3, private, nil, tt.Obj{"text": "?"})}), true,
			loket.Inbound{Kind: loket.InText, Text: "ya", ReplyTo: "3"}},
		{"edited message skipped", tt.Obj{"edited_message": tt.Message(5, private, tt.User(42, "S", ""), tt.Obj{"text": "halo!", "edit_date": 1})}, false, loket.Inbound{}},
		{"other group ignored", msg(1, tt.Chat(-777, "group"), tt.Obj{"text": "hi"}), false, loket.Inbound{}},
		{"other supergroup ignored", msg(1, tt.Chat(-100777, "supergroup"), tt.Obj{"text": "hi"}), false, loket.Inbound{}},
		{"channel post ignored", tt.Obj{"channel_post": tt.Message(1, tt.Chat(-100555, "channel"), nil, tt.Obj{"text": "news"})}, false, loket.Inbound{}},
		{"message in channel chat ignored", msg(1, tt.Chat(-100555, "channel"), tt.Obj{"text": "x"}), false, loket.Inbound{}},
		{"staff group", msg(20, staffChat, tt.Obj{"text": "sudah dicek"}), true,
			loket.Inbound{ChatID: "-1001234", SenderID: "42", ExternalID: "m-1001234:20", Kind: loket.InText, Text: "sudah dicek"}},
		{"staff topic reply", msg(21, staffChat, tt.Obj{"text": "ok", "is_topic_message": true, "message_thread_id": 4,
			"reply_to_message": tt.Message(17, staffChat, nil, tt.Obj{"text": "tiket"})}), true,
			loket.Inbound{Kind: loket.InText, Text: "ok", ReplyTo: "t4:17"}},
		{"staff topic plain", msg(22, staffChat, tt.Obj{"text": "ok", "is_topic_message": true, "message_thread_id": 4,
			"reply_to_message": tt.Message(4, staffChat, nil, tt.Obj{"forum_topic_created": tt.Obj{"name": "T", "icon_color": 1}})}), true,
			loket.Inbound{Kind: loket.InText, Text: "ok", ReplyTo: "t4"}},
		{"service message skipped", msg(23, staffChat, tt.Obj{"new_chat_members": []tt.Obj{tt.User(5, "B", "")}}), false, loket.Inbound{}},
		{"other bot skipped", tt.Obj{"message": tt.Message(24, staffChat, tt.Obj{"id": 5, "is_bot": true, "first_name": "B"}, tt.Obj{"text": "x"})}, false, loket.Inbound{}},
		{"callback", tt.Callback("q1", 42, 30, "lang:en"), true,
			loket.Inbound{ExternalID: "cq1", ChatID: "42", SenderID: "42", Kind: loket.InButton, Button: "lang:en", ReplyTo: "30"}},
		{"blocked", tt.MyChatMember(42, "member", "kicked"), true,
			loket.Inbound{ExternalID: "s42:1762138800:kicked", ChatID: "42", Kind: loket.InBlocked}},
		{"left", tt.MyChatMember(42, "member", "left"), true, loket.Inbound{Kind: loket.InBlocked}},
		{"unblocked is not blocked", tt.MyChatMember(42, "kicked", "member"), false, loket.Inbound{}},
		{"poll answer ignored", tt.Obj{"poll_answer": tt.Obj{"poll_id": "p", "option_ids": []int{0}}}, false, loket.Inbound{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := convert(mustUpdate(t, tc.update), tt.BotUsername, staff, now)
			if got.ok != tc.ok {
				t.Fatalf("ok = %v, want %v (%+v)", got.ok, tc.ok, got.in)
			}
			if !tc.ok {
				return
			}
			checkInbound(t, got.in, tc.want)
		})
	}
}

func checkInbound(t *testing.T, got, want loket.Inbound) {
	t.Helper()
	if got.Channel != loket.ChannelTelegram || got.ExternalID == "" || got.ChatID == "" || got.ReceivedAt.IsZero() {
		t.Fatalf("missing basics: %+v", got)
	}
	pairs := []struct{ name, got, want string }{
		{"ExternalID", got.ExternalID, want.ExternalID}, {"ChatID", got.ChatID, want.ChatID},
		{"SenderID", got.SenderID, want.SenderID}, {"SenderName", got.SenderName, want.SenderName},
		{"LangHint", got.LangHint, want.LangHint}, {"Text", got.Text, want.Text},
		{"Button", got.Button, want.Button}, {"Phone", got.Phone, want.Phone},
		{"MediaType", got.MediaType, want.MediaType}, {"ReplyTo", got.ReplyTo, want.ReplyTo},
	}
	if got.Kind != want.Kind {
		t.Errorf("Kind = %q, want %q", got.Kind, want.Kind)
	}
	for _, p := range pairs {
		if p.want != "" && p.got != p.want || p.name == "Text" && p.got != p.want {
			t.Errorf("%s = %q, want %q", p.name, p.got, p.want)
		}
	}
	if want.Document != nil && (got.Document == nil || *got.Document != *want.Document) {
		t.Errorf("Document = %+v, want %+v", got.Document, want.Document)
	}
}

func TestCallbackIsAnsweredEvenWhenIgnored(t *testing.T) {
	u := tt.Callback("q2", 42, 30, "")
	got := convert(mustUpdate(t, u), "", staff, now)
	if got.ok || got.callbackID != "q2" {
		t.Fatalf("got ok=%v callbackID=%q; want ignored but answered", got.ok, got.callbackID)
	}
}

func TestParseReplyTo(t *testing.T) {
	tests := []struct {
		in          string
		thread, msg int
		wantErr     bool
	}{
		{"", 0, 0, false}, {"17", 0, 17, false}, {"t4", 4, 0, false}, {"t4:17", 4, 17, false},
		{"x", 0, 0, true}, {"t", 0, 0, true}, {"t4:", 0, 0, true}, {"-3", 0, 0, true}, {"t0", 0, 0, true},
	}
	for _, tc := range tests {
		th, m, err := ParseReplyTo(tc.in)
		if (err != nil) != tc.wantErr || th != tc.thread || m != tc.msg {
			t.Errorf("ParseReplyTo(%q) = %d, %d, %v", tc.in, th, m, err)
		}
	}
}

func FuzzConvert(f *testing.F) {
	seeds := []tt.Obj{
		tt.Private(1, 2, "/start@x y"), tt.Callback("q", 1, 2, "d"), tt.Document(1, 2, "F", "a.pdf", "application/pdf", 10),
		tt.MyChatMember(1, "member", "kicked"), msg(1, tt.Chat(staff, "supergroup"), tt.Obj{"text": "x", "is_topic_message": true, "message_thread_id": 3}),
		{"edited_message": tt.Message(1, tt.Chat(1, "private"), nil, tt.Obj{"text": "e"})},
		{"callback_query": tt.Obj{"id": "q", "from": tt.User(1, "", ""), "data": "x", "message": tt.Obj{"chat": tt.Chat(-5, "group"), "message_id": 3, "date": 0}}},
	}
	for _, s := range seeds {
		s["update_id"] = 1
		b, _ := json.Marshal(s)
		f.Add(b, int64(staff))
	}
	f.Add([]byte(`{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":0,"type":"private"}}}`), int64(0))
	f.Fuzz(func(t *testing.T, data []byte, staffChat int64) {
		var u models.Update
		if json.Unmarshal(data, &u) != nil {
			return
		}
		got := convert(&u, "loket_bot", staffChat, now)
		if !got.ok {
			return
		}
		in := got.in
		if in.Channel != loket.ChannelTelegram || in.ExternalID == "" || in.ChatID == "" || in.ChatID == "0" {
			t.Fatalf("incomplete inbound %+v from %s", in, data)
		}
		switch in.Kind {
		case loket.InText, loket.InButton, loket.InContact, loket.InMedia, loket.InBlocked:
		case loket.InDocument:
			if in.Document == nil {
				t.Fatalf("document without ref from %s", data)
			}
		default:
			t.Fatalf("unknown kind %q from %s", in.Kind, data)
		}
		if _, _, err := ParseReplyTo(in.ReplyTo); err != nil {
			t.Fatalf("unparsable ReplyTo %q from %s", in.ReplyTo, data)
		}
	})
}
