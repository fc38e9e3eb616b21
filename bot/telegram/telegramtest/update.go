package telegramtest

import "time"

// Obj is a JSON object in a test update.
type Obj = map[string]any

// User returns a Telegram user object.
func User(id int64, name, lang string) Obj {
	return Obj{"id": id, "is_bot": false, "first_name": name, "language_code": lang}
}

// Chat returns a chat object; type is "private", "group", "supergroup" or "channel".
func Chat(id int64, typ string) Obj { return Obj{"id": id, "type": typ} }

// Message returns a message object in chat from user with the given extra fields
// (text, document, photo, contact, message_thread_id, reply_to_message…).
func Message(id int, chat, from Obj, fields Obj) Obj {
	m := Obj{"message_id": id, "date": time.Date(2025, 11, 3, 3, 0, 0, 0, time.UTC).Unix(), "chat": chat}
	if from != nil {
		m["from"] = from
	}
	for k, v := range fields {
		m[k] = v
	}
	return m
}

// Private returns a private-chat text message update from user id.
func Private(msgID int, userID int64, text string) Obj {
	u := User(userID, "Budi", "id")
	return Obj{"message": Message(msgID, Chat(userID, "private"), u, Obj{"text": text})}
}

// Callback returns a callback_query update: user pressed a button carrying
// data under message msgID of their private chat.
func Callback(queryID string, userID int64, msgID int, data string) Obj {
	u := User(userID, "Budi", "id")
	return Obj{"callback_query": Obj{
		"id": queryID, "from": u, "chat_instance": "ci", "data": data,
		"message": Message(msgID, Chat(userID, "private"), Obj{"id": BotID, "is_bot": true, "first_name": "Loket"}, Obj{"text": "menu"}),
	}}
}

// Document returns a private message carrying a document.
func Document(msgID int, userID int64, fileID, name, mime string, size int64) Obj {
	u := User(userID, "Budi", "id")
	return Obj{"message": Message(msgID, Chat(userID, "private"), u, Obj{"document": Obj{
		"file_id": fileID, "file_unique_id": "u" + fileID, "file_name": name, "mime_type": mime, "file_size": size,
	}})}
}

// MyChatMember returns a my_chat_member update for the bot in userID's
// private chat moving from old to new status ("member", "kicked", …).
func MyChatMember(userID int64, oldStatus, newStatus string) Obj {
	bot := Obj{"id": BotID, "is_bot": true, "first_name": "Loket"}
	return Obj{"my_chat_member": Obj{
		"chat": Chat(userID, "private"), "from": User(userID, "Budi", "id"), "date": 1762138800,
		"old_chat_member": Obj{"status": oldStatus, "user": bot},
		"new_chat_member": Obj{"status": newStatus, "user": bot, "until_date": 0},
	}}
}
