package whatsappcloud

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"time"

	"loket"
)

// maxUploadBytes bounds a document Loket sends (Meta takes up to 100 MB;
// Loket's own files are small).
const maxUploadBytes = 64 << 20

// maxCaption is a document caption's limit.
const maxCaption = 1024

type sendAnswer struct {
	Messages []struct {
		ID string `json:"id"`
	} `json:"messages"`
}

// Send delivers msg: text, a menu (reply buttons, a list or a numbered
// text, see planMenu) or a document with the text as caption, and returns
// the wamid of the (last) message sent.
func (c *Channel) Send(ctx context.Context, msg *loket.Outbound) (string, error) {
	if msg == nil {
		return "", permanent("send: nil message")
	}
	to := strings.TrimPrefix(strings.TrimSpace(msg.ChatID), "+")
	if !digitsOnly(to) || len(to) < 7 {
		return "", permanent("send: bad chat id %q", msg.ChatID)
	}
	closed, err := c.windowClosed(ctx, to)
	if err != nil {
		return "", err
	}
	if closed {
		return c.sendTemplate(ctx, to, msg)
	}
	id, err := c.sendFree(ctx, to, msg)
	if isWindowClosed(err) && c.cfg.Proactive != nil {
		// Meta saw the window closed before Loket did (131047): the template path.
		return c.sendTemplate(ctx, to, msg)
	}
	return id, err
}

// sendFree sends msg as free-form messages (inside the window).
func (c *Channel) sendFree(ctx context.Context, to string, msg *loket.Outbound) (string, error) {
	text := strings.TrimSpace(msg.Text)
	if msg.Document != nil {
		return c.sendDocument(ctx, to, msg.Document, numbered(text, msg.Buttons))
	}
	kind, choices := planMenu(text, msg.Buttons)
	switch kind {
	case menuButtons, menuList:
		return c.send(ctx, to, interactive(kind, text, choices))
	case menuText:
		text = numbered(text, msg.Buttons)
	}
	if text == "" {
		return "", permanent("send: empty message")
	}
	var id string
	for _, part := range split(text, maxTextBody) {
		var err error
		if id, err = c.send(ctx, to, map[string]any{"type": "text", "text": map[string]any{"body": part, "preview_url": false}}); err != nil {
			return "", err
		}
	}
	return id, nil
}

// interactive builds the "interactive" payload of a menu.
func interactive(kind menuKind, body string, cs []choice) map[string]any {
	if body == "" {
		body = "…"
	}
	if kind == menuButtons {
		btns := make([]map[string]any, len(cs))
		for i, ch := range cs {
			btns[i] = map[string]any{"type": "reply", "reply": map[string]any{"id": ch.ID, "title": ch.Title}}
		}
		return map[string]any{"type": "interactive", "interactive": map[string]any{
			"type": "button", "body": map[string]any{"text": body}, "action": map[string]any{"buttons": btns}}}
	}
	rows := make([]map[string]any, len(cs))
	for i, ch := range cs {
		row := map[string]any{"id": ch.ID, "title": ch.Title}
		if ch.Desc != "" {
			row["description"] = ch.Desc
		}
		rows[i] = row
	}
	return map[string]any{"type": "interactive", "interactive": map[string]any{
		"type": "list", "body": map[string]any{"text": body},
		"action": map[string]any{"button": listButtonLabel, "sections": []map[string]any{{"rows": rows}}}}}
}

// send posts one message to /{phone}/messages and returns its wamid.
func (c *Channel) send(ctx context.Context, to string, m map[string]any) (string, error) {
	m["messaging_product"] = "whatsapp"
	m["recipient_type"] = "individual"
	m["to"] = to
	var ans sendAnswer
	if err := c.postJSON(ctx, "/"+c.cfg.PhoneID+"/messages", m, &ans); err != nil {
		return "", c.classify("send "+fmt.Sprint(m["type"]), err)
	}
	c.sentOK()
	if len(ans.Messages) == 0 || ans.Messages[0].ID == "" {
		return "", fmt.Errorf("whatsapp cloud: send: answer without a message id")
	}
	return ans.Messages[0].ID, nil
}

// sendDocument uploads the stored file and sends it by media id.
func (c *Channel) sendDocument(ctx context.Context, to string, doc *loket.OutboundDocument, caption string) (string, error) {
	if c.files == nil {
		return "", permanent("send document: no file store configured")
	}
	rc, size, err := c.files.Open(ctx, doc.SHA256)
	if err != nil {
		if errors.Is(err, loket.ErrNotFound) {
			return "", permanent("send document %.12s: %v", doc.SHA256, err)
		}
		return "", fmt.Errorf("whatsapp cloud: send document %.12s: open: %w", doc.SHA256, err)
	}
	defer rc.Close()
	if size > maxUploadBytes {
		return "", permanent("send document %.12s: %d bytes is too large", doc.SHA256, size)
	}
	data, err := io.ReadAll(io.LimitReader(rc, maxUploadBytes+1))
	if err != nil {
		return "", fmt.Errorf("whatsapp cloud: send document %.12s: read: %w", doc.SHA256, err)
	}
	if len(data) > maxUploadBytes {
		return "", permanent("send document %.12s: too large", doc.SHA256)
	}
	name := strings.TrimSpace(doc.FileName)
	if name == "" {
		name = "dokumen.pdf"
	}
	mediaID, err := c.upload(ctx, name, data)
	if err != nil {
		return "", err
	}
	d := map[string]any{"id": mediaID, "filename": name}
	if caption != "" {
		if len([]rune(caption)) > maxCaption {
			// The caption would be refused: send the text first, then the file.
			if _, err := c.send(ctx, to, map[string]any{"type": "text", "text": map[string]any{"body": caption}}); err != nil {
				return "", err
			}
		} else {
			d["caption"] = caption
		}
	}
	return c.send(ctx, to, map[string]any{"type": "document", "document": d})
}

// upload posts a file to /{phone}/media and returns its media id.
func (c *Channel) upload(ctx context.Context, name string, data []byte) (string, error) {
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	mt := mimeOf(name)
	_ = form.WriteField("messaging_product", "whatsapp")
	_ = form.WriteField("type", mt)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, name))
	h.Set("Content-Type", mt)
	part, err := form.CreatePart(h)
	if err != nil {
		return "", fmt.Errorf("whatsapp cloud: upload: %w", err)
	}
	if _, err := part.Write(data); err != nil {
		return "", fmt.Errorf("whatsapp cloud: upload: %w", err)
	}
	if err := form.Close(); err != nil {
		return "", fmt.Errorf("whatsapp cloud: upload: %w", err)
	}
	var ans struct {
		ID string `json:"id"`
	}
	if err := c.call(ctx, http.MethodPost, "/"+c.cfg.PhoneID+"/media", &body, form.FormDataContentType(), &ans); err != nil {
		return "", c.classify("upload document", err)
	}
	if ans.ID == "" {
		return "", fmt.Errorf("whatsapp cloud: upload: answer without a media id")
	}
	return ans.ID, nil
}

func mimeOf(name string) string {
	if strings.HasSuffix(strings.ToLower(name), ".pdf") {
		return "application/pdf"
	}
	return "application/octet-stream"
}

// Typing shows "typing…". The Cloud API shows it only together with the
// read receipt of a vendor's message, which the webhook handler sends on
// receipt; there is nothing more to do here.
func (c *Channel) Typing(ctx context.Context, chatID string) error { return nil }

// markRead marks a received message read and shows "typing…" while the
// answer is prepared (best effort, bounded, off the request path).
func (c *Channel) markRead(in loket.Inbound) {
	select {
	case c.readSlots <- struct{}{}:
	default:
		return // many at once: skip rather than pile up
	}
	go func() {
		defer func() { <-c.readSlots }()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		body := map[string]any{"messaging_product": "whatsapp", "status": "read", "message_id": in.ExternalID}
		if in.Kind != loket.InMedia {
			body["typing_indicator"] = map[string]any{"type": "text"}
		}
		if err := c.postJSON(ctx, "/"+c.cfg.PhoneID+"/messages", body, nil); err != nil {
			c.log.Debug("whatsapp cloud: mark read failed", "err", c.classify("mark read", err))
		}
	}()
}
