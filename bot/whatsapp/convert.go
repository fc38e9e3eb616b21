package whatsapp

import (
	"context"
	"strings"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"loket"
)

// lidResolver maps a LID to its phone-number JID (empty when unknown).
type lidResolver func(ctx context.Context, lid types.JID) (types.JID, error)

// convert turns a message event into an Inbound. ok is false for what
// Loket ignores: groups, status broadcasts, newsletters, broadcast lists,
// our own messages, and protocol messages (edits, deletions, reactions,
// key distribution, polls). It never panics on odd input (FuzzConvert).
func convert(ctx context.Context, e *events.Message, resolve lidResolver, now time.Time) (loket.Inbound, bool) {
	if e == nil || e.Message == nil {
		return loket.Inbound{}, false
	}
	info := e.Info
	if info.IsFromMe || info.IsGroup || info.ID == "" || !personal(info.Chat) {
		return loket.Inbound{}, false
	}
	chat := phoneJID(ctx, info.Chat, info.SenderAlt, resolve)
	sender := phoneJID(ctx, info.Sender, info.SenderAlt, resolve)
	if sender.IsEmpty() {
		sender = chat
	}
	if chat.IsEmpty() || chat.User == "" {
		return loket.Inbound{}, false
	}
	in := loket.Inbound{
		Channel:    loket.ChannelWhatsApp,
		ExternalID: chat.String() + "/" + sender.String() + "/" + info.ID,
		ChatID:     chat.String(),
		SenderID:   sender.String(),
		SenderName: info.PushName,
		ReceivedAt: info.Timestamp,
	}
	if in.ReceivedAt.IsZero() || in.ReceivedAt.Unix() <= 0 {
		in.ReceivedAt = now
	}
	if !fillContent(&in, e.Message) {
		return loket.Inbound{}, false
	}
	return in, true
}

// personal reports whether jid is a one-to-one chat (phone number or LID).
func personal(jid types.JID) bool {
	switch jid.Server {
	case types.DefaultUserServer, types.HiddenUserServer:
		return !jid.IsBroadcastList() && jid.User != ""
	}
	return false
}

// phoneJID returns jid without device, mapped to the phone-number JID when
// it is a LID: alt when it is a phone JID, else the LID store; the LID
// itself when no mapping is known.
func phoneJID(ctx context.Context, jid, alt types.JID, resolve lidResolver) types.JID {
	jid = jid.ToNonAD()
	if jid.Server != types.HiddenUserServer {
		return jid
	}
	if alt.Server == types.DefaultUserServer && alt.User != "" {
		return alt.ToNonAD()
	}
	if resolve != nil {
		if pn, err := resolve(ctx, jid); err == nil && pn.Server == types.DefaultUserServer && pn.User != "" {
			return pn.ToNonAD()
		}
	}
	return jid
}

// fillContent sets Kind and the kind's fields; false for content Loket
// does not handle.
func fillContent(in *loket.Inbound, m *waE2E.Message) bool {
	in.ReplyTo = quotedID(m)
	switch {
	case m.Conversation != nil:
		in.Kind, in.Text = loket.InText, m.GetConversation()
	case m.ExtendedTextMessage != nil:
		in.Kind, in.Text = loket.InText, m.GetExtendedTextMessage().GetText()
	case m.DocumentMessage != nil:
		d := m.GetDocumentMessage()
		in.Kind, in.Text = loket.InDocument, d.GetCaption()
		in.Document = &loket.DocumentRef{FileID: encodeDocRef(d), FileName: d.GetFileName(),
			MimeType: d.GetMimetype(), Size: int64(min(d.GetFileLength(), 1<<62))}
	case m.ContactMessage != nil:
		in.Kind, in.Text = loket.InContact, m.GetContactMessage().GetDisplayName()
		in.Phone = vcardPhone(m.GetContactMessage().GetVcard())
	case m.ContactsArrayMessage != nil:
		cs := m.GetContactsArrayMessage().GetContacts()
		if len(cs) == 0 {
			return false
		}
		in.Kind, in.Text = loket.InContact, cs[0].GetDisplayName()
		in.Phone = vcardPhone(cs[0].GetVcard())
	case m.ButtonsResponseMessage != nil:
		in.Kind, in.Button = loket.InButton, m.GetButtonsResponseMessage().GetSelectedButtonID()
		in.Text = m.GetButtonsResponseMessage().GetSelectedDisplayText()
	case m.ListResponseMessage != nil:
		in.Kind, in.Button = loket.InButton, m.GetListResponseMessage().GetSingleSelectReply().GetSelectedRowID()
		in.Text = m.GetListResponseMessage().GetTitle()
	default:
		return fillMedia(in, m)
	}
	if in.Kind == loket.InButton && in.Button == "" {
		in.Kind = loket.InText
	}
	return in.Kind != loket.InText || strings.TrimSpace(in.Text) != ""
}

// fillMedia handles photos, voice notes, videos, stickers and locations.
func fillMedia(in *loket.Inbound, m *waE2E.Message) bool {
	in.Kind = loket.InMedia
	switch {
	case m.ImageMessage != nil:
		in.MediaType, in.Text = "photo", m.GetImageMessage().GetCaption()
	case m.AudioMessage != nil:
		in.MediaType = "audio"
		if m.GetAudioMessage().GetPTT() {
			in.MediaType = "voice"
		}
	case m.VideoMessage != nil:
		in.MediaType, in.Text = "video", m.GetVideoMessage().GetCaption()
		if m.GetVideoMessage().GetGifPlayback() {
			in.MediaType = "animation"
		}
	case m.PtvMessage != nil:
		in.MediaType = "video_note"
	case m.StickerMessage != nil:
		in.MediaType = "sticker"
	case m.LocationMessage != nil, m.LiveLocationMessage != nil:
		in.MediaType = "location"
	default:
		return false
	}
	return true
}

// quotedID is the stanza id of the message this one replies to.
func quotedID(m *waE2E.Message) string {
	var ci *waE2E.ContextInfo
	switch {
	case m.ExtendedTextMessage != nil:
		ci = m.GetExtendedTextMessage().GetContextInfo()
	case m.DocumentMessage != nil:
		ci = m.GetDocumentMessage().GetContextInfo()
	case m.ImageMessage != nil:
		ci = m.GetImageMessage().GetContextInfo()
	case m.AudioMessage != nil:
		ci = m.GetAudioMessage().GetContextInfo()
	case m.VideoMessage != nil:
		ci = m.GetVideoMessage().GetContextInfo()
	case m.StickerMessage != nil:
		ci = m.GetStickerMessage().GetContextInfo()
	case m.ContactMessage != nil:
		ci = m.GetContactMessage().GetContextInfo()
	}
	return ci.GetStanzaID()
}
