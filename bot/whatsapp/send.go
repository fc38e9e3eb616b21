package whatsapp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"loket"
	"loket/bot"
)

// Size limits of what Send accepts.
const (
	maxTextLen     = 60000    // characters; WhatsApp's own limit is about 65,536
	maxUploadBytes = 64 << 20 // a document Loket sends (its own files are small)
)

// Send delivers msg: the text with its buttons rendered as a numbered menu,
// or a document with that text as caption. It shows "typing…" and waits a
// random moment first (Config.JitterMin..JitterMax), then sends under a
// message id derived from the Outbound, and returns that id.
//
// Errors: not connected, not paired, or this replica does not hold the
// session is a *bot.RetryAfterError (wait, never counted as a failure); a bad chat id or a number that is not on
// WhatsApp wraps bot.ErrPermanent; WhatsApp's rate-overlimit is a
// *bot.RetryAfterError.
func (c *Channel) Send(ctx context.Context, msg *loket.Outbound) (string, error) {
	if msg == nil {
		return "", permanent("send: nil message")
	}
	to, err := parseChat(msg.ChatID)
	if err != nil {
		return "", err
	}
	text, err := renderText(msg.Text, msg.Buttons)
	if err != nil {
		return "", err
	}
	if text == "" && msg.Document == nil {
		return "", permanent("send: empty message")
	}
	cli, err := c.connected()
	if err != nil {
		return "", err
	}
	if err := c.checkOnWhatsApp(ctx, cli, to); err != nil {
		return "", err
	}
	var wm *waE2E.Message
	if msg.Document != nil {
		if wm, err = c.documentMessage(ctx, cli, msg.Document, text); err != nil {
			return "", err
		}
	} else {
		wm = &waE2E.Message{Conversation: proto.String(text)}
	}
	if err := c.pause(ctx, cli, to); err != nil {
		return "", err
	}
	id := messageID(cli, msg)
	resp, err := cli.SendMessage(ctx, to, wm, whatsmeow.SendRequestExtra{ID: id})
	if err != nil {
		return "", classify("send message", err)
	}
	if resp.ID != "" {
		id = resp.ID
	}
	return string(id), nil
}

// renderText appends the buttons as "1. Label" lines, numbered over all
// rows in order (the flows map a typed number back to the button's data).
func renderText(text string, rows [][]loket.Button) (string, error) {
	text = strings.TrimSpace(text)
	var b strings.Builder
	b.WriteString(text)
	n := 0
	for _, row := range rows {
		for _, btn := range row {
			label := strings.TrimSpace(btn.Label)
			if label == "" {
				return "", permanent("button with empty label (data %q)", btn.Data)
			}
			n++
			if n == 1 && text != "" {
				b.WriteString("\n")
			}
			if b.Len() > 0 {
				b.WriteString("\n")
			}
			b.WriteString(strconv.Itoa(n) + ". " + label)
		}
	}
	if len([]rune(b.String())) > maxTextLen {
		return "", permanent("text of %d characters is too long", len([]rune(b.String())))
	}
	return b.String(), nil
}

// waitForSession is how long a message waits before the next try while
// the session is down. It is a wait, not a failed attempt: messages queued
// while disconnected (or before pairing) go out after reconnecting instead
// of running out of retries.
const waitForSession = 30 * time.Second

// connected returns the client when this replica holds a live session.
func (c *Channel) connected() (waClient, error) {
	wait := func(why string) error {
		return &bot.RetryAfterError{After: waitForSession, Err: errors.New("whatsapp: " + why)}
	}
	cli := c.client()
	if cli == nil || !c.Active() {
		return nil, wait("this replica does not hold the session")
	}
	if cli.DeviceID() == nil {
		return nil, wait("not paired")
	}
	if !cli.IsConnected() {
		return nil, wait("not connected")
	}
	return cli, nil
}

// checkOnWhatsApp asks once per chat (not for chats that wrote to us).
func (c *Channel) checkOnWhatsApp(ctx context.Context, cli waClient, to types.JID) error {
	if to.Server != types.DefaultUserServer {
		return nil
	}
	if _, ok := c.known.Load(to.String()); ok {
		return nil
	}
	res, err := cli.IsOnWhatsApp(ctx, []string{"+" + to.User})
	if err != nil {
		return classify("check number", err)
	}
	for _, r := range res {
		if r.IsIn {
			c.known.Store(to.String(), true)
			return nil
		}
	}
	return permanent("send: %s is not on WhatsApp", to.User)
}

// documentMessage uploads the stored file and builds its message.
func (c *Channel) documentMessage(ctx context.Context, cli waClient, doc *loket.OutboundDocument, caption string) (*waE2E.Message, error) {
	if c.files == nil {
		return nil, permanent("send document: no file store configured")
	}
	rc, size, err := c.files.Open(ctx, doc.SHA256)
	if err != nil {
		if errors.Is(err, loket.ErrNotFound) {
			return nil, fmt.Errorf("whatsapp: send document %.12s: %w: %w", doc.SHA256, bot.ErrPermanent, err)
		}
		return nil, fmt.Errorf("whatsapp: send document %.12s: open: %w", doc.SHA256, err)
	}
	defer rc.Close()
	if size > maxUploadBytes {
		return nil, permanent("send document %.12s: %d bytes is too large", doc.SHA256, size)
	}
	data, err := io.ReadAll(io.LimitReader(rc, maxUploadBytes+1))
	if err != nil {
		return nil, fmt.Errorf("whatsapp: send document %.12s: read: %w", doc.SHA256, err)
	}
	if len(data) > maxUploadBytes {
		return nil, permanent("send document %.12s: too large", doc.SHA256)
	}
	up, err := cli.Upload(ctx, data, whatsmeow.MediaDocument)
	if err != nil {
		return nil, classify("upload document", err)
	}
	name := strings.TrimSpace(doc.FileName)
	if name == "" {
		name = "dokumen.pdf"
	}
	d := &waE2E.DocumentMessage{
		URL: proto.String(up.URL), DirectPath: proto.String(up.DirectPath),
		MediaKey: up.MediaKey, FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256,
		FileLength: proto.Uint64(up.FileLength), Mimetype: proto.String(mimeOf(name)),
		FileName: proto.String(name), Title: proto.String(name),
	}
	if caption != "" {
		d.Caption = proto.String(caption)
	}
	return &waE2E.Message{DocumentMessage: d}, nil
}

func mimeOf(name string) string {
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".pdf" {
		return "application/pdf"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// pause shows "typing…" and waits a random moment, so messages do not
// leave at machine pace.
func (c *Channel) pause(ctx context.Context, cli waClient, to types.JID) error {
	span := c.cfg.JitterMax - c.cfg.JitterMin
	if c.cfg.JitterMax <= 0 {
		return nil
	}
	if err := cli.SendChatPresence(ctx, to, types.ChatPresenceComposing, types.ChatPresenceMediaText); err != nil {
		c.log.Debug("whatsapp: typing presence failed", "err", err)
	}
	d := c.cfg.JitterMin
	if span > 0 {
		d += c.randDur(span)
	}
	if !c.sleep(ctx, d) {
		return fmt.Errorf("whatsapp: send: %w", context.Cause(ctx))
	}
	return nil
}

// messageID derives the id from the Outbound, so the engine's retry of
// the same message reuses it (WhatsApp recognises the id); the own JID and
// CreatedAt keep ids of a reset database from colliding.
func messageID(cli waClient, msg *loket.Outbound) types.MessageID {
	if msg.ID == 0 {
		return cli.GenerateMessageID()
	}
	own := ""
	if id := cli.DeviceID(); id != nil {
		own = id.User
	}
	sum := sha256.Sum256(fmt.Appendf(nil, "loket\x00%s\x00%d\x00%d", own, msg.ID, msg.CreatedAt.UnixNano()))
	return types.MessageID(whatsmeow.WebMessageIDPrefix + strings.ToUpper(hex.EncodeToString(sum[:9])))
}

// Typing shows "typing…" in the chat.
func (c *Channel) Typing(ctx context.Context, chatID string) error {
	to, err := parseChat(chatID)
	if err != nil {
		return err
	}
	cli, err := c.connected()
	if err != nil {
		return err
	}
	return classify("typing", cli.SendChatPresence(ctx, to, types.ChatPresenceComposing, types.ChatPresenceMediaText))
}

// parseChat reads a chat id: a JID ("62812…@s.whatsapp.net", "…@lid") or
// a bare international number ("+62812…", "62812…").
func parseChat(s string) (types.JID, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return types.EmptyJID, permanent("empty chat id")
	}
	if !strings.Contains(s, "@") {
		d := strings.TrimPrefix(s, "+")
		if digits(d) != d || len(d) < 7 || d[0] == '0' {
			return types.EmptyJID, permanent("bad chat id %q", s)
		}
		return types.NewJID(d, types.DefaultUserServer), nil
	}
	jid, err := types.ParseJID(s)
	if err != nil {
		return types.EmptyJID, permanent("bad chat id %q", s)
	}
	jid = jid.ToNonAD()
	switch {
	case jid.Server == types.DefaultUserServer && digits(jid.User) == jid.User && len(jid.User) >= 7:
	case jid.Server == types.HiddenUserServer && jid.User != "":
	default:
		return types.EmptyJID, permanent("bad chat id %q (not a person's chat)", s)
	}
	return jid, nil
}
