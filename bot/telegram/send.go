package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"loket"
	"loket/bot"
)

// Telegram's limits, in characters (UTF-16 code units, as Telegram counts).
const (
	maxTextLen     = 4096
	maxCaptionLen  = 1024
	maxCallbackLen = 64       // bytes of callback_data
	maxUploadBytes = 50 << 20 // sendDocument upload limit for bots
)

// inlineKeyboard is reply_markup built by us: models.InlineKeyboardButton
// in v1.19.0 always marshals "copy_text":{"text":""} (its CopyText field is
// a struct, so omitempty never drops it), which Telegram can refuse.
type inlineKeyboard struct {
	InlineKeyboard [][]inlineButton `json:"inline_keyboard"`
}

type inlineButton struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data"`
}

// Send delivers msg: its text (split over several messages when longer
// than Telegram allows, buttons on the last one) and its document. It
// returns the message_id of the last message sent, in decimal. Plain text
// only: no parse mode, nothing to escape.
//
// A message split in parts is not atomic: if a later part fails, a retry
// sends the earlier parts again.
//
// Outbound.ChatID is the chat id, or "<chat id>/<topic id>" to post into
// a forum topic of the staff group.
func (c *Channel) Send(ctx context.Context, msg *loket.Outbound) (string, error) {
	if msg == nil {
		return "", permanent("send: nil message")
	}
	chat, thread, err := parseChatID(msg.ChatID)
	if err != nil {
		return "", err
	}
	kb, err := keyboard(msg.Buttons)
	if err != nil {
		return "", err
	}
	text := strings.TrimSpace(msg.Text)
	if msg.Document != nil {
		return c.sendWithDocument(ctx, chat, thread, text, kb, msg.Document)
	}
	if text == "" {
		return "", permanent("send: empty message")
	}
	return c.sendText(ctx, chat, thread, text, kb)
}

// sendText sends text in parts; the keyboard goes on the last part.
func (c *Channel) sendText(ctx context.Context, chat int64, thread int, text string, kb *inlineKeyboard) (string, error) {
	parts := splitText(text, maxTextLen)
	var last string
	for i, part := range parts {
		p := &tg.SendMessageParams{ChatID: chat, MessageThreadID: thread, Text: part}
		if i == len(parts)-1 && kb != nil {
			p.ReplyMarkup = kb
		}
		m, err := c.api.SendMessage(ctx, p)
		if err != nil {
			return "", classify(fmt.Sprintf("send message part %d/%d", i+1, len(parts)), redact(err, c.cfg.Token))
		}
		last = strconv.Itoa(m.ID)
	}
	return last, nil
}

// sendWithDocument sends the stored file; the text is its caption when it
// fits, otherwise it follows as separate messages.
func (c *Channel) sendWithDocument(ctx context.Context, chat int64, thread int, text string, kb *inlineKeyboard, doc *loket.OutboundDocument) (string, error) {
	if c.files == nil {
		return "", permanent("send document: no file store configured")
	}
	rc, size, err := c.files.Open(ctx, doc.SHA256)
	if err != nil {
		if errors.Is(err, loket.ErrNotFound) {
			return "", fmt.Errorf("telegram: send document %.12s: %w: %w", doc.SHA256, bot.ErrPermanent, err)
		}
		return "", fmt.Errorf("telegram: send document %.12s: open: %w", doc.SHA256, err)
	}
	defer rc.Close()
	if size > maxUploadBytes {
		return "", permanent("send document %.12s: %d bytes is over Telegram's upload limit", doc.SHA256, size)
	}
	name := doc.FileName
	if strings.TrimSpace(name) == "" {
		name = "dokumen"
	}
	p := &tg.SendDocumentParams{ChatID: chat, MessageThreadID: thread,
		Document: &models.InputFileUpload{Filename: name, Data: &upload{rc}}}
	fits := utf16Len(text) <= maxCaptionLen
	if fits {
		p.Caption = text
		if kb != nil {
			p.ReplyMarkup = kb
		}
	}
	if thread == 0 && chat > 0 { // "sending a file…" while the upload runs
		target := strconv.FormatInt(chat, 10)
		c.background(context.WithoutCancel(ctx), func(ctx context.Context) {
			if err := c.UploadingDocument(ctx, target); err != nil {
				c.log.Debug("telegram: upload_document action failed", "err", err)
			}
		})
	}
	m, err := c.api.SendDocument(ctx, p)
	if err != nil {
		return "", classify("send document", redact(err, c.cfg.Token))
	}
	if fits || text == "" {
		return strconv.Itoa(m.ID), nil
	}
	return c.sendText(ctx, chat, thread, text, kb)
}

// keyboard validates buttons and builds the inline keyboard (nil when
// there are none).
func keyboard(rows [][]loket.Button) (*inlineKeyboard, error) {
	var kb inlineKeyboard
	for _, row := range rows {
		var out []inlineButton
		for _, b := range row {
			if strings.TrimSpace(b.Label) == "" {
				return nil, permanent("button with empty label (data %q)", b.Data)
			}
			if b.Data == "" || len(b.Data) > maxCallbackLen {
				return nil, permanent("button %q: callback data must be 1-%d bytes, got %d", b.Label, maxCallbackLen, len(b.Data))
			}
			out = append(out, inlineButton{Text: b.Label, CallbackData: b.Data})
		}
		if len(out) > 0 {
			kb.InlineKeyboard = append(kb.InlineKeyboard, out)
		}
	}
	if len(kb.InlineKeyboard) == 0 {
		return nil, nil
	}
	return &kb, nil
}

// parseChatID reads "<chat>" or "<chat>/<topic>".
func parseChatID(s string) (chat int64, thread int, err error) {
	id, topic, hasTopic := strings.Cut(s, "/")
	chat, err = strconv.ParseInt(id, 10, 64)
	if err != nil || chat == 0 {
		return 0, 0, permanent("bad chat id %q", s)
	}
	if hasTopic {
		if thread, err = strconv.Atoi(topic); err != nil || thread <= 0 {
			return 0, 0, permanent("bad chat id %q", s)
		}
	}
	return chat, thread, nil
}

// Typing shows "typing…" in the chat for a few seconds.
func (c *Channel) Typing(ctx context.Context, chatID string) error {
	return c.chatAction(ctx, chatID, models.ChatActionTyping)
}

// UploadingDocument shows "sending a file…" in the chat.
func (c *Channel) UploadingDocument(ctx context.Context, chatID string) error {
	return c.chatAction(ctx, chatID, models.ChatActionUploadDocument)
}

func (c *Channel) chatAction(ctx context.Context, chatID string, action models.ChatAction) error {
	chat, thread, err := parseChatID(chatID)
	if err != nil {
		return err
	}
	_, err = c.api.SendChatAction(ctx, &tg.SendChatActionParams{ChatID: chat, MessageThreadID: thread, Action: action})
	return classify("send chat action "+string(action), redact(err, c.cfg.Token))
}

// upload hands the blob to the client as a pointer: v1.19.0 calls
// reflect.Value.IsNil on InputFileUpload.Data, which panics (in a
// goroutine, killing the process) for a struct value such as the one
// io.NopCloser returns.
type upload struct{ r io.Reader }

func (u *upload) Read(p []byte) (int, error) { return u.r.Read(p) }
