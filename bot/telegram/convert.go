package telegram

import (
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"loket"
)

// ForeignContact is Inbound.Text of an InContact whose card is not the
// sender's own number (contact.user_id differs from the sender, or is
// missing). Phone still carries the number.
const ForeignContact = "foreign-contact"

// converted is one update in channel-neutral form.
type converted struct {
	in         loket.Inbound
	ok         bool      // false: Loket ignores this update
	callbackID string    // a callback query to answer, even when !ok
	edit       *menuEdit // the keyboard message to settle once in is recorded
}

// convert turns an update into an Inbound. It never panics on odd input
// (see FuzzConvert). botName is the bot's username (to strip /cmd@botName);
// staffChat is the one group whose messages are delivered.
func convert(u *models.Update, botName string, staffChat int64, now time.Time) converted {
	switch {
	case u == nil:
		return converted{}
	case u.EditedMessage != nil:
		return converted{} // an edit is not a new message: never re-executed
	case u.Message != nil:
		return convertMessage(u.Message, botName, staffChat, now)
	case u.CallbackQuery != nil:
		return convertCallback(u.CallbackQuery, staffChat, now)
	case u.MyChatMember != nil:
		return convertMemberChange(u.MyChatMember, staffChat, now)
	}
	return converted{}
}

// allowed says whether Loket listens in chat: private chats, and the staff
// group; other groups and channels are ignored.
func allowed(chat models.Chat, staffChat int64) bool {
	switch chat.Type {
	case models.ChatTypePrivate:
		return chat.ID != 0
	case models.ChatTypeGroup, models.ChatTypeSupergroup:
		return staffChat != 0 && chat.ID == staffChat
	}
	return false
}

func convertMessage(m *models.Message, botName string, staffChat int64, now time.Time) converted {
	if !allowed(m.Chat, staffChat) {
		return converted{}
	}
	if m.From != nil && m.From.IsBot && (m.SenderChat == nil || m.SenderChat.ID != m.Chat.ID) {
		return converted{} // other bots; an anonymous group admin is kept
	}
	in := loket.Inbound{
		Channel:    loket.ChannelTelegram,
		ExternalID: "m" + strconv.FormatInt(m.Chat.ID, 10) + ":" + strconv.Itoa(m.ID),
		ChatID:     strconv.FormatInt(m.Chat.ID, 10),
		ReplyTo:    replyTo(m),
		ReceivedAt: unixOr(m.Date, now),
	}
	in.SenderID, in.SenderName, in.LangHint = sender(m)
	if !fillContent(&in, m, botName) {
		return converted{}
	}
	return converted{in: in, ok: true}
}

// fillContent sets Kind and the kind's fields; false for messages without
// content Loket handles (service messages such as "pinned", "joined").
func fillContent(in *loket.Inbound, m *models.Message, botName string) bool {
	switch {
	case m.Contact != nil:
		in.Kind, in.Phone = loket.InContact, m.Contact.PhoneNumber
		if m.From == nil || m.Contact.UserID == 0 || m.Contact.UserID != m.From.ID {
			in.Text = ForeignContact
		}
	case m.Animation != nil: // before Document: a GIF carries both
		in.Kind, in.MediaType, in.Text = loket.InMedia, "animation", m.Caption
	case m.Document != nil:
		in.Kind, in.Text = loket.InDocument, m.Caption
		in.Document = &loket.DocumentRef{FileID: m.Document.FileID, FileName: m.Document.FileName,
			MimeType: m.Document.MimeType, Size: m.Document.FileSize}
	case mediaType(m) != "":
		in.Kind, in.MediaType, in.Text = loket.InMedia, mediaType(m), m.Caption
	case m.Text != "":
		in.Kind, in.Text = loket.InText, stripBotName(m.Text, botName)
	default:
		return false
	}
	return true
}

func mediaType(m *models.Message) string {
	switch {
	case len(m.Photo) > 0:
		return "photo"
	case m.Video != nil:
		return "video"
	case m.Voice != nil:
		return "voice"
	case m.Sticker != nil:
		return "sticker"
	case m.Audio != nil:
		return "audio"
	case m.VideoNote != nil:
		return "video_note"
	case m.Location != nil || m.Venue != nil:
		return "location"
	case m.Poll != nil:
		return "poll"
	case m.Dice != nil:
		return "dice"
	case m.Story != nil:
		return "story"
	}
	return ""
}

// stripBotName turns "/start@loket_bot arg" into "/start arg". A command
// addressed to another bot is left as it is (no Loket command matches it).
func stripBotName(text, botName string) string {
	if !strings.HasPrefix(text, "/") {
		return text
	}
	end := strings.IndexAny(text, " \n\t")
	if end < 0 {
		end = len(text)
	}
	cmd, name, found := strings.Cut(text[:end], "@")
	if !found || (botName != "" && !strings.EqualFold(name, botName)) {
		return text
	}
	return cmd + text[end:]
}

func sender(m *models.Message) (id, name, lang string) {
	switch {
	case m.From != nil && !(m.From.IsBot && m.SenderChat != nil):
		return strconv.FormatInt(m.From.ID, 10), userName(m.From), m.From.LanguageCode
	case m.SenderChat != nil:
		return strconv.FormatInt(m.SenderChat.ID, 10), m.SenderChat.Title, ""
	}
	return strconv.FormatInt(m.Chat.ID, 10), strings.TrimSpace(m.Chat.FirstName + " " + m.Chat.LastName), ""
}

func userName(u *models.User) string {
	if n := strings.TrimSpace(u.FirstName + " " + u.LastName); n != "" {
		return n
	}
	return u.Username
}

func unixOr(sec int, now time.Time) time.Time {
	if sec > 0 {
		return time.Unix(int64(sec), 0).UTC()
	}
	return now.UTC()
}
