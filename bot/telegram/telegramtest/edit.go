package telegramtest

import (
	"encoding/json"
	"net/http"
)

// Button is one inline keyboard button as a call sent it.
type Button struct {
	Text string `json:"text"`
	Data string `json:"callback_data"`
}

// Buttons returns the inline keyboard of a recorded call (sendMessage,
// editMessageText…) row after row, flattened; nil when it has none.
func (c Call) Buttons() []Button {
	var kb struct {
		Rows [][]Button `json:"inline_keyboard"`
	}
	if json.Unmarshal([]byte(c.Params["reply_markup"]), &kb) != nil {
		return nil
	}
	var out []Button
	for _, row := range kb.Rows {
		out = append(out, row...)
	}
	return out
}

// answerEdit serves editMessageText and editMessageReplyMarkup; false for
// other methods. A message id the fake never sent gets Telegram's 400.
func (s *Server) answerEdit(w http.ResponseWriter, c Call) bool {
	if c.Method != "editMessageText" && c.Method != "editMessageReplyMarkup" {
		return false
	}
	id := int(atoi64(c.Params["message_id"]))
	s.mu.Lock()
	known := id > 0 && id < s.nextMsg
	s.mu.Unlock()
	if !known {
		writeError(w, Failure{Code: 400, Description: "Bad Request: message to edit not found"})
		return true
	}
	if c.Method == "editMessageText" && c.Params["text"] == "" {
		writeError(w, Failure{Code: 400, Description: "Bad Request: message text is empty"})
		return true
	}
	chat := atoi64(c.Params["chat_id"])
	m := map[string]any{
		"message_id": id, "date": unixNow(), "edit_date": unixNow(),
		"chat": map[string]any{"id": chat, "type": chatType(chat)},
		"from": map[string]any{"id": BotID, "is_bot": true, "first_name": "Loket"},
	}
	if t := c.Params["text"]; t != "" {
		m["text"] = t
	}
	writeResult(w, m)
	return true
}

func chatType(chat int64) string {
	if chat < 0 {
		return "supergroup"
	}
	return "private"
}

// CallbackOn returns a callback_query update: user pressed the button with
// data under message msgID of their private chat, a bot message with text
// and the inline keyboard buttons (one per row), as Telegram sends it.
func CallbackOn(queryID string, userID int64, msgID int, text string, buttons []Button, data string) Obj {
	rows := make([][]Obj, 0, len(buttons))
	for _, b := range buttons {
		rows = append(rows, []Obj{{"text": b.Text, "callback_data": b.Data}})
	}
	bot := Obj{"id": BotID, "is_bot": true, "first_name": "Loket"}
	msg := Message(msgID, Chat(userID, "private"), bot, Obj{"text": text, "reply_markup": Obj{"inline_keyboard": rows}})
	return Obj{"callback_query": Obj{"id": queryID, "from": User(userID, "Budi", "id"), "chat_instance": "ci", "data": data, "message": msg}}
}
