package telegramtest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// User is a scripted Telegram user. Their private chat with the bot has
// the same id. A zero FirstName becomes "Test".
type User struct {
	ID           int64
	FirstName    string
	LanguageCode string // e.g. "kk", "ru", "en"; "" if the client sends none
}

// Group is a scripted group chat; its ID must be negative, as Telegram's
// group ids are. A zero Title becomes "Test group".
type Group struct {
	ID    int64
	Title string
}

// checkUser fills defaults and reports a user without an id.
func (s *Server) checkUser(u User) (User, bool) {
	s.t.Helper()
	if u.ID <= 0 {
		s.t.Errorf("telegramtest: user id %d: want a positive id", u.ID)
		return u, false
	}
	if u.FirstName == "" {
		u.FirstName = "Test"
	}
	return u, true
}

// privateChatLocked returns the private chat with u, creating it: from
// now on the bot may send to it.
func (s *Server) privateChatLocked(u User) *chat {
	c := s.chats[u.ID]
	if c == nil {
		c = &chat{id: u.ID, kind: "private"}
		s.chats[u.ID] = c
	}
	c.user = u
	return c
}

// userMessage adds a message from u to their private chat and queues the
// "message" update; it returns the update id (0 if u is invalid).
func (s *Server) userMessage(u User, m *Message, ents []entity) int {
	s.t.Helper()
	u, ok := s.checkUser(u)
	if !ok {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.privateChatLocked(u)
	m.FromID, m.sender, m.Date = u.ID, u, s.nowLocked()
	c.add(m, ents)
	return s.enqueueLocked(c.id, "message", s.wireLocked(c, m))
}

// SendText makes u send text to the bot and returns the update id. Words
// starting with "/" get bot_command entities, as Telegram's clients add.
func (s *Server) SendText(u User, text string) (updateID int) {
	s.t.Helper()
	return s.userMessage(u, &Message{Kind: "text", Text: text, Plain: text}, commandEntities(text))
}

// SendCommand makes u send a command such as "/start" or "/start payload"
// (the deep-link form) and returns the update id.
func (s *Server) SendCommand(u User, command string) (updateID int) {
	s.t.Helper()
	if !strings.HasPrefix(command, "/") || len(commandEntities(command)) == 0 {
		s.t.Errorf("telegramtest: SendCommand(%q): a command starts with /", command)
		return 0
	}
	return s.SendText(u, command)
}

// SendSticker makes u send a sticker.
func (s *Server) SendSticker(u User) (updateID int) {
	s.t.Helper()
	st := map[string]any{"file_id": "CAACAgIAAxkBAAFakeSticker", "file_unique_id": "AgADFakeSticker",
		"type": "regular", "width": 512, "height": 512, "is_animated": false, "is_video": false, "emoji": "👍"}
	return s.userMessage(u, &Message{Kind: "sticker", media: map[string]any{"sticker": st}}, nil)
}

// SendPhoto makes u send a photo (two sizes, no caption).
func (s *Server) SendPhoto(u User) (updateID int) {
	s.t.Helper()
	size := func(id string, w int) map[string]any {
		return map[string]any{"file_id": "AgACAgIAAxkBAAFake" + id, "file_unique_id": "AQADFake" + id, "width": w, "height": w * 3 / 4, "file_size": w * 100}
	}
	photo := []any{size("S", 90), size("L", 1280)}
	return s.userMessage(u, &Message{Kind: "photo", media: map[string]any{"photo": photo}}, nil)
}

// SendLocation makes u share a location.
func (s *Server) SendLocation(u User, latitude, longitude float64) (updateID int) {
	s.t.Helper()
	loc := locationJSON(fmt.Sprint(latitude), fmt.Sprint(longitude))
	return s.userMessage(u, &Message{Kind: "location", media: map[string]any{"location": loc}}, nil)
}

// SendContact makes u share their own contact (as a request_contact
// keyboard button does).
func (s *Server) SendContact(u User, phone string) (updateID int) {
	s.t.Helper()
	first := u.FirstName
	if first == "" {
		first = "Test"
	}
	c := map[string]any{"phone_number": phone, "first_name": first, "user_id": u.ID}
	return s.userMessage(u, &Message{Kind: "contact", media: map[string]any{"contact": c}}, nil)
}

// SendGroupText makes from send text in group g (the bot is a member) and
// returns the update id. The bot may then send to g.ID.
func (s *Server) SendGroupText(g Group, from User, text string) (updateID int) {
	s.t.Helper()
	from, ok := s.checkUser(from)
	if !ok {
		return 0
	}
	if g.ID >= 0 {
		s.t.Errorf("telegramtest: SendGroupText: group id %d: want a negative id", g.ID)
		return 0
	}
	if g.Title == "" {
		g.Title = "Test group"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[g.ID]
	if c == nil {
		c = &chat{id: g.ID, kind: "group", title: g.Title}
		s.chats[g.ID] = c
	}
	m := c.add(&Message{Kind: "text", Text: text, Plain: text, FromID: from.ID, sender: from, Date: s.nowLocked()}, commandEntities(text))
	return s.enqueueLocked(c.id, "message", s.wireLocked(c, m))
}

// EditText makes u edit their own earlier text message and queues an
// edited_message update.
func (s *Server) EditText(u User, messageID int, text string) (updateID int) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[u.ID]
	var m *Message
	if c != nil {
		m = c.message(messageID)
	}
	if m == nil || m.FromBot || m.Deleted || m.Kind != "text" {
		s.t.Errorf("telegramtest: EditText: message %d in chat %d is not a text message of the user", messageID, u.ID)
		return 0
	}
	m.revise(s.nowLocked())
	m.Text, m.Plain = text, text
	c.entities[m.ID] = commandEntities(text)
	return s.enqueueLocked(c.id, "edited_message", s.wireLocked(c, m))
}

// Press makes u press the inline button with callback data on message
// messageID of their chat, queues the callback_query update and returns
// its id. The message must be the bot's, not deleted, and currently show a
// button with that data; otherwise Press reports the mistake and sends
// nothing (use SendRaw for impossible presses).
func (s *Server) Press(u User, messageID int, data string) (updateID int) {
	s.t.Helper()
	return s.press(u, messageID, data, false)
}

// PressForged sends a callback_query for messageID carrying data that no
// button shows: what a modified client or an old, replaced keyboard sends.
// The message must still be one of the bot's messages in the chat. The
// query is tracked like any other, so the bot must answer it.
func (s *Server) PressForged(u User, messageID int, data string) (updateID int) {
	s.t.Helper()
	return s.press(u, messageID, data, true)
}

func (s *Server) press(u User, messageID int, data string, forged bool) (updateID int) {
	s.t.Helper()
	u, ok := s.checkUser(u)
	if !ok {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[u.ID]
	var m *Message
	if c != nil {
		m = c.message(messageID)
	}
	if m == nil || !m.FromBot || m.Deleted || (!forged && !hasButton(m.Keyboard, data)) {
		s.t.Errorf("telegramtest: Press(%d, %d, %q): no such button on a bot message in that chat", u.ID, messageID, data)
		return 0
	}
	cb := &Callback{ID: fmt.Sprintf("%d%07d", u.ID, len(s.callbacks)+1), UserID: u.ID, ChatID: c.id, MessageID: m.ID, Data: data,
		PressedAt: time.Now()}
	payload := map[string]any{"id": cb.ID, "from": userJSON(u), "message": s.wireLocked(c, m),
		"chat_instance": fmt.Sprint(-c.id * 7), "data": data}
	cb.UpdateID = s.enqueueLocked(c.id, "callback_query", payload)
	s.callbacks = append(s.callbacks, cb)
	s.indexCallbackLocked(cb)
	return cb.UpdateID
}

func hasButton(k [][]Button, data string) bool {
	for _, row := range k {
		if slices.ContainsFunc(row, func(b Button) bool { return b.CallbackData == data }) {
			return true
		}
	}
	return false
}

// commandEntities finds "/command" and "/command@bot" words.
func commandEntities(text string) []entity {
	var ents []entity
	units, prevSpace := 0, true
	for i, r := range text {
		if r == '/' && prevSpace {
			n := len(text[i+1:]) - len(strings.TrimLeft(text[i+1:], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@"))
			if n > 0 && text[i+1] != '@' {
				ents = append(ents, entity{Type: "bot_command", Offset: units, Length: 1 + n})
			}
		}
		prevSpace = r == ' ' || r == '\n' || r == '\t'
		units += utf16Len(string(r))
	}
	return ents
}

// SendRaw queues raw as an update for getUpdates and the webhook, for
// malformed or unusual updates. A JSON object without update_id gets the
// next id inserted; one with an update_id keeps it; anything else is sent
// verbatim under the next id. It returns the update id used.
func (s *Server) SendRaw(raw string) (updateID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, body, kind := s.q.next, []byte(raw), ""
	var obj map[string]json.RawMessage
	if json.Unmarshal([]byte(raw), &obj) == nil && obj != nil {
		if v, ok := obj["update_id"]; ok {
			var n int
			if json.Unmarshal(v, &n) == nil {
				id = n
			}
			s.q.next = max(s.q.next, id+1)
		} else {
			s.q.next++
			rest := strings.TrimPrefix(strings.TrimSpace(raw), "{")
			sep := ","
			if strings.HasPrefix(strings.TrimSpace(rest), "}") {
				sep = ""
			}
			body = fmt.Appendf(nil, `{"update_id":%d%s%s`, id, sep, rest)
		}
		kind = updateKind(obj)
	} else {
		s.q.next++
	}
	s.q.pending = append(s.q.pending, queuedUpdate{id: id, kind: kind, body: body})
	s.notifyLocked()
	return id
}

// updateKind returns the single key of an update besides update_id.
func updateKind(obj map[string]json.RawMessage) string {
	kind := ""
	for k := range obj {
		if k != "update_id" {
			if kind != "" {
				return ""
			}
			kind = k
		}
	}
	return kind
}
