package whatsapp

import (
	"context"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"loket"
)

var (
	vendorPN  = types.NewJID("6281234567890", types.DefaultUserServer)
	vendorLID = types.NewJID("123456789012345", types.HiddenUserServer)
	t0        = time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
)

func msgEvent(id string, chat types.JID, m *waE2E.Message) *events.Message {
	return &events.Message{Info: types.MessageInfo{
		MessageSource: types.MessageSource{Chat: chat, Sender: chat},
		ID:            id, PushName: "Budi", Timestamp: t0,
	}, Message: m}
}

func TestConvert(t *testing.T) {
	doc := &waE2E.DocumentMessage{URL: proto.String("https://mmg/x"), DirectPath: proto.String("/v/t62/x"),
		MediaKey: []byte("k"), FileEncSHA256: []byte("e"), FileSHA256: []byte("s"), FileLength: proto.Uint64(1234),
		Mimetype: proto.String("application/pdf"), FileName: proto.String("ktp.pdf"), Caption: proto.String("KTP saya"),
		ContextInfo: &waE2E.ContextInfo{StanzaID: proto.String("3EB0QUOTED")}}
	lidEvt := msgEvent("L1", vendorLID, &waE2E.Message{Conversation: proto.String("halo")})
	lidEvt.Info.SenderAlt = vendorPN
	lidNoAlt := msgEvent("L2", vendorLID, &waE2E.Message{Conversation: proto.String("halo")})
	unknownLID := msgEvent("L3", types.NewJID("999", types.HiddenUserServer), &waE2E.Message{Conversation: proto.String("halo")})
	group := msgEvent("G", types.NewJID("1203630", types.GroupServer), &waE2E.Message{Conversation: proto.String("x")})
	group.Info.IsGroup = true
	own := msgEvent("O", vendorPN, &waE2E.Message{Conversation: proto.String("x")})
	own.Info.IsFromMe = true
	device := msgEvent("D", types.NewADJID("6281234567890", 0, 3), &waE2E.Message{Conversation: proto.String("hai")})

	tests := []struct {
		name string
		evt  *events.Message
		ok   bool
		want loket.Inbound
	}{
		{"text", msgEvent("A1", vendorPN, &waE2E.Message{Conversation: proto.String("Halo, mau daftar")}), true,
			loket.Inbound{Kind: loket.InText, Text: "Halo, mau daftar"}},
		{"extended text reply", msgEvent("A2", vendorPN, &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{
			Text: proto.String("2"), ContextInfo: &waE2E.ContextInfo{StanzaID: proto.String("3EB0MENU")}}}), true,
			loket.Inbound{Kind: loket.InText, Text: "2", ReplyTo: "3EB0MENU"}},
		{"document", msgEvent("A3", vendorPN, &waE2E.Message{DocumentMessage: doc}), true,
			loket.Inbound{Kind: loket.InDocument, Text: "KTP saya", ReplyTo: "3EB0QUOTED", Document: &loket.DocumentRef{
				FileID: encodeDocRef(doc), FileName: "ktp.pdf", MimeType: "application/pdf", Size: 1234}}},
		{"photo", msgEvent("A4", vendorPN, &waE2E.Message{ImageMessage: &waE2E.ImageMessage{Caption: proto.String("foto")}}), true,
			loket.Inbound{Kind: loket.InMedia, MediaType: "photo", Text: "foto"}},
		{"voice", msgEvent("A5", vendorPN, &waE2E.Message{AudioMessage: &waE2E.AudioMessage{PTT: proto.Bool(true)}}), true,
			loket.Inbound{Kind: loket.InMedia, MediaType: "voice"}},
		{"video", msgEvent("A6", vendorPN, &waE2E.Message{VideoMessage: &waE2E.VideoMessage{}}), true,
			loket.Inbound{Kind: loket.InMedia, MediaType: "video"}},
		{"sticker", msgEvent("A7", vendorPN, &waE2E.Message{StickerMessage: &waE2E.StickerMessage{}}), true,
			loket.Inbound{Kind: loket.InMedia, MediaType: "sticker"}},
		{"contact", msgEvent("A8", vendorPN, &waE2E.Message{ContactMessage: &waE2E.ContactMessage{DisplayName: proto.String("Direktur"),
			Vcard: proto.String("BEGIN:VCARD\nVERSION:3.0\nFN:Direktur\nTEL;type=CELL;waid=6281111111111:+62 811-1111-1111\nEND:VCARD")}}), true,
			loket.Inbound{Kind: loket.InContact, Text: "Direktur", Phone: "6281111111111"}},
		{"lid with sender alt", lidEvt, true, loket.Inbound{Kind: loket.InText, Text: "halo"}},
		{"lid from store", lidNoAlt, true, loket.Inbound{Kind: loket.InText, Text: "halo"}},
		{"device part dropped", device, true, loket.Inbound{Kind: loket.InText, Text: "hai"}},
		{"group ignored", group, false, loket.Inbound{}},
		{"own ignored", own, false, loket.Inbound{}},
		{"status ignored", msgEvent("S", types.StatusBroadcastJID, &waE2E.Message{Conversation: proto.String("x")}), false, loket.Inbound{}},
		{"newsletter ignored", msgEvent("N", types.NewJID("1", types.NewsletterServer), &waE2E.Message{Conversation: proto.String("x")}), false, loket.Inbound{}},
		{"reaction ignored", msgEvent("R", vendorPN, &waE2E.Message{ReactionMessage: &waE2E.ReactionMessage{Text: proto.String("👍")}}), false, loket.Inbound{}},
		{"protocol ignored", msgEvent("P", vendorPN, &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{}}), false, loket.Inbound{}},
		{"blank text ignored", msgEvent("B", vendorPN, &waE2E.Message{Conversation: proto.String("  ")}), false, loket.Inbound{}},
	}
	resolve := func(ctx context.Context, lid types.JID) (types.JID, error) {
		if lid == vendorLID {
			return vendorPN, nil
		}
		return types.EmptyJID, nil
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := convert(context.Background(), tt.evt, resolve, t0.Add(time.Hour))
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v (%+v)", ok, tt.ok, got)
			}
			if !ok {
				return
			}
			want := tt.want
			want.Channel = loket.ChannelWhatsApp
			want.ChatID = "6281234567890@s.whatsapp.net"
			want.SenderID = want.ChatID
			want.SenderName = "Budi"
			want.ExternalID = want.ChatID + "/" + want.ChatID + "/" + tt.evt.Info.ID
			want.ReceivedAt = t0
			if got.Document != nil && want.Document != nil && *got.Document == *want.Document {
				got.Document = want.Document
			}
			if got != want {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
	t.Run("unknown lid kept as lid", func(t *testing.T) {
		got, ok := convert(context.Background(), unknownLID, resolve, t0)
		if !ok || got.ChatID != "999@lid" {
			t.Fatalf("got %q ok=%v, want 999@lid", got.ChatID, ok)
		}
	})
}

func TestDocRefRoundTrip(t *testing.T) {
	doc := &waE2E.DocumentMessage{DirectPath: proto.String("/v/t62/x"), MediaKey: []byte("0123456789abcdef0123456789abcdef"),
		FileEncSHA256: make([]byte, 32), FileSHA256: make([]byte, 32), FileLength: proto.Uint64(4 << 20),
		Mimetype: proto.String("application/pdf"), FileName: proto.String("not kept.pdf"), JPEGThumbnail: make([]byte, 5000)}
	id := encodeDocRef(doc)
	if len(id) > 300 {
		t.Errorf("file id is %d characters; thumbnail or name leaked in", len(id))
	}
	back, err := decodeDocRef(id)
	if err != nil {
		t.Fatal(err)
	}
	if back.GetDirectPath() != "/v/t62/x" || back.GetFileLength() != 4<<20 || string(back.GetMediaKey()) != string(doc.MediaKey) ||
		back.GetMimetype() != "application/pdf" || back.FileName != nil {
		t.Errorf("round trip lost or kept the wrong fields: %v", back)
	}
	for _, bad := range []string{"", "!!!", "AAAA", string(make([]byte, maxDocRefLen+1))} {
		if _, err := decodeDocRef(bad); err == nil {
			t.Errorf("decodeDocRef(%.10q) accepted", bad)
		}
	}
}

// FuzzConvert feeds arbitrary proto bytes and addresses through convert:
// it must not panic, and what it accepts must be addressed and typed.
func FuzzConvert(f *testing.F) {
	seed := func(m *waE2E.Message) []byte { b, _ := proto.Marshal(m); return b }
	f.Add(seed(&waE2E.Message{Conversation: proto.String("halo")}), "6281234567890", "s.whatsapp.net", "", false)
	f.Add(seed(&waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{FileLength: proto.Uint64(1 << 63)}}), "1", "lid", "628", false)
	f.Add(seed(&waE2E.Message{ContactsArrayMessage: &waE2E.ContactsArrayMessage{}}), "x", "g.us", "", true)
	f.Add(seed(&waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{ContextInfo: &waE2E.ContextInfo{}}}), "", "", "", false)
	f.Fuzz(func(t *testing.T, raw []byte, user, server, alt string, group bool) {
		var m waE2E.Message
		if proto.Unmarshal(raw, &m) != nil {
			return
		}
		chat := types.NewJID(user, server)
		e := &events.Message{Info: types.MessageInfo{MessageSource: types.MessageSource{Chat: chat, Sender: chat,
			SenderAlt: types.NewJID(alt, types.DefaultUserServer), IsGroup: group}, ID: "X"}, Message: &m}
		in, ok := convert(context.Background(), e, nil, t0)
		if !ok {
			return
		}
		if in.ChatID == "" || in.ExternalID == "" || in.Kind == "" || in.Channel != loket.ChannelWhatsApp {
			t.Fatalf("accepted an incomplete inbound: %+v", in)
		}
		if in.Kind == loket.InDocument && (in.Document == nil || in.Document.Size < 0) {
			t.Fatalf("bad document ref: %+v", in.Document)
		}
	})
}
