package telegramtest

import (
	"net/http"
)

// SetForum makes chat a forum supergroup (topics on) or a plain group for
// getChat and createForumTopic.
func (s *Server) SetForum(chat int64, forum bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.forums == nil {
		s.forums = map[int64]bool{}
	}
	s.forums[chat] = forum
}

// Topics returns the names of the forum topics created so far, in order.
func (s *Server) Topics() []string {
	var out []string
	for _, c := range s.Calls("createForumTopic") {
		out = append(out, c.Params["name"])
	}
	return out
}

// answerForum serves getChat and createForumTopic; false for other methods.
func (s *Server) answerForum(w http.ResponseWriter, c Call) bool {
	chat := atoi64(c.Params["chat_id"])
	s.mu.Lock()
	forum := s.forums[chat]
	s.mu.Unlock()
	switch c.Method {
	case "getChat":
		typ := "private"
		if chat < 0 {
			typ = "supergroup"
		}
		res := map[string]any{"id": chat, "type": typ, "accent_color_id": 0, "max_reaction_count": 11}
		if forum {
			res["is_forum"] = true
		}
		writeResult(w, res)
	case "createForumTopic":
		if !forum {
			writeError(w, Failure{Code: 400, Description: "Bad Request: the chat is not a forum"})
			return true
		}
		s.mu.Lock()
		id := s.nextMsg // a topic id is the id of its creation message
		s.nextMsg++
		s.mu.Unlock()
		writeResult(w, map[string]any{"message_thread_id": id, "name": c.Params["name"], "icon_color": 7322096})
	default:
		return false
	}
	return true
}
