package telegramtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

const maxBody = 64 << 20

func parseCall(r *http.Request, method string) (Call, error) {
	c := Call{Method: method, Params: map[string]string{}, Files: map[string]File{}}
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		return c, errors.New("method not allowed")
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		// Part by part, not ParseMultipartForm: the form it builds (and the
		// query it parses besides) was a fifth of all that the journey
		// benchmarks allocated, server and fake API sharing one heap.
		mr, err := r.MultipartReader()
		if err != nil {
			return c, err
		}
		for {
			p, err := mr.NextPart()
			if errors.Is(err, io.EOF) { // the end; the client sends an empty body for methods without params
				return c, nil
			}
			if err != nil {
				return c, err
			}
			data, err := io.ReadAll(io.LimitReader(p, maxBody))
			if err != nil {
				return c, err
			}
			name := p.FormName()
			if p.FileName() != "" {
				if _, ok := c.Files[name]; !ok {
					c.Files[name] = File{Name: p.FileName(), Data: data}
				}
			} else if _, ok := c.Params[name]; !ok {
				c.Params[name] = string(data)
			}
		}
	case "application/json":
		var m map[string]json.RawMessage
		if err := json.NewDecoder(io.LimitReader(r.Body, maxBody)).Decode(&m); err != nil && !errors.Is(err, io.EOF) {
			return c, err
		}
		for k, v := range m {
			var s string
			if json.Unmarshal(v, &s) == nil {
				c.Params[k] = s
			} else {
				c.Params[k] = string(v)
			}
		}
	default:
		if err := r.ParseForm(); err != nil {
			return c, err
		}
		for k, v := range r.Form {
			c.Params[k] = v[0]
		}
	}
	return c, nil
}

// PushUpdate queues an update for getUpdates. update is any JSON object
// without "update_id" (a map or struct, see the builders in update.go);
// the fake assigns the next id and returns it.
func (s *Server) PushUpdate(update any) int64 {
	raw, err := json.Marshal(update)
	if err != nil {
		panic(fmt.Sprintf("telegramtest: marshal update: %v", err))
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		panic(fmt.Sprintf("telegramtest: update is not an object: %v", err))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextUpdate
	s.nextUpdate++
	m["update_id"] = json.RawMessage(strconv.FormatInt(id, 10))
	raw, _ = json.Marshal(m)
	s.updates = append(s.updates, raw)
	s.updateIDs = append(s.updateIDs, id)
	close(s.wake)
	s.wake = make(chan struct{})
	return id
}

// getUpdates follows Telegram: updates below a positive offset are
// confirmed and forgotten, the rest is (re-)sent; with nothing pending it
// waits up to timeout seconds for new updates.
func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request, c Call) {
	offset := atoi64(c.Params["offset"])
	limit := int(atoi64(c.Params["limit"]))
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout := time.Duration(atoi64(c.Params["timeout"])) * time.Second
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		if s.webhook != "" {
			s.mu.Unlock()
			writeError(w, Failure{Code: 409, Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"})
			return
		}
		if offset > 0 && !s.hold {
			for len(s.updateIDs) > 0 && s.updateIDs[0] < offset {
				s.updateIDs, s.updates = s.updateIDs[1:], s.updates[1:]
			}
		}
		var batch []json.RawMessage
		now := time.Now()
		for i, id := range s.updateIDs {
			if id >= offset && len(batch) < limit {
				batch = append(batch, s.updates[i])
				if _, ok := s.served[id]; !ok {
					s.served[id] = now
				}
			}
		}
		n := len(batch)
		if batch == nil {
			batch = []json.RawMessage{}
		}
		wake := s.wake
		s.mu.Unlock()
		if n > 0 || timeout <= 0 {
			writeResult(w, batch)
			return
		}
		select {
		case <-wake:
		case <-deadline.C:
			timeout = 0
		case <-r.Context().Done():
			return
		}
	}
}

// answer gives a plausible result for every other method.
func (s *Server) answer(w http.ResponseWriter, c Call) {
	switch c.Method {
	case "getMe":
		writeResult(w, map[string]any{"id": BotID, "is_bot": true, "first_name": "Loket", "username": BotUsername})
	case "sendMessage", "sendDocument":
		writeResult(w, s.sentMessage(c))
	case "getFile":
		s.mu.Lock()
		f, ok := s.files[c.Params["file_id"]]
		s.mu.Unlock()
		if !ok {
			writeError(w, Failure{Code: 400, Description: "Bad Request: invalid file_id"})
			return
		}
		writeResult(w, map[string]any{"file_id": c.Params["file_id"], "file_unique_id": "u" + c.Params["file_id"],
			"file_size": f.declared, "file_path": f.path})
	case "setWebhook":
		if _, err := url.Parse(c.Params["url"]); err != nil || c.Params["url"] == "" {
			writeError(w, Failure{Code: 400, Description: "Bad Request: bad webhook: invalid URL"})
			return
		}
		s.SetWebhook(c.Params["url"])
		writeResult(w, true)
	case "deleteWebhook":
		s.SetWebhook("")
		writeResult(w, true)
	case "setMyCommands", "answerCallbackQuery", "sendChatAction", "deleteMyCommands":
		writeResult(w, true)
	case "getWebhookInfo":
		writeResult(w, map[string]any{"url": s.Webhook(), "pending_update_count": len(s.Pending())})
	default:
		if s.answerForum(w, c) || s.answerEdit(w, c) {
			return
		}
		writeError(w, Failure{Code: 404, Description: "Not Found: method not found"})
	}
}

func (s *Server) sentMessage(c Call) map[string]any {
	id := c.MessageID
	chat := atoi64(c.Params["chat_id"])
	chatType := "private"
	if chat < 0 {
		chatType = "supergroup"
	}
	m := map[string]any{
		"message_id": id, "date": unixNow(),
		"chat": map[string]any{"id": chat, "type": chatType},
		"from": map[string]any{"id": BotID, "is_bot": true, "first_name": "Loket"},
	}
	if t := c.Params["text"]; t != "" {
		m["text"] = t
	}
	if t := c.Params["caption"]; t != "" {
		m["caption"] = t
	}
	if f, ok := c.Files["document"]; ok {
		m["document"] = map[string]any{"file_id": "sent" + strconv.Itoa(id), "file_unique_id": "su" + strconv.Itoa(id),
			"file_name": f.Name, "file_size": len(f.Data)}
	}
	return m
}
