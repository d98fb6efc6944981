package telegramtest

import (
	"encoding/json"
	"slices"
	"strconv"
	"time"
)

// Message is a message in a chat as the user sees it. Fields describe the
// current version; History holds the earlier ones.
type Message struct {
	ID                  int
	FromBot             bool
	FromID              int64     // the sender's user id (the bot's id for bot messages)
	Date                time.Time // fake clock at sending
	Kind                string    // "text", "sticker", "photo", "contact", "location" or "venue"
	Text                string    // text as sent, with its markup
	Plain               string    // text as displayed: markup removed, entities decoded
	ParseMode           string    // parse_mode as sent, "" if none
	Keyboard            [][]Button
	ReplyMarkup         string // reply_markup as sent (any kind of markup), "" if none
	ProtectContent      bool
	DisableNotification bool
	Params              map[string]string // parameters of the bot's call that sent it (nil for user messages)
	Deleted             bool
	DeletedAt           time.Time
	EditedAt            time.Time  // zero if never edited
	History             []Revision // earlier versions, oldest first

	sender User           // user messages: who sent it
	media  map[string]any // non-text messages: their Message fields; never mutated
}

// Button is one inline keyboard button. Exactly one of URL, CallbackData
// is set for the buttons Komek uses; other kinds have both empty.
type Button struct {
	Text         string
	CallbackData string
	URL          string
}

// Revision is an earlier version of an edited message.
type Revision struct {
	Text, Plain, ParseMode string
	Keyboard               [][]Button
	ReplacedAt             time.Time // fake clock at the edit that replaced it
}

// chat is the fake's record of one chat.
type chat struct {
	id       int64
	kind     string // "private" or "group"
	title    string // groups
	user     User   // private chats: the other side
	messages []*Message
	lastID   int
	entities map[int][]entity // message id → entities of its current text
}

func (c *chat) message(id int) *Message {
	for _, m := range c.messages {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// add appends m with the chat's next message id. Message ids in a chat
// are shared by both sides and increase by one, as in private chats.
func (c *chat) add(m *Message, ents []entity) *Message {
	c.lastID++
	m.ID = c.lastID
	c.messages = append(c.messages, m)
	if c.entities == nil {
		c.entities = map[int][]entity{}
	}
	c.entities[m.ID] = ents
	return m
}

// Messages returns a copy of the chat with chatID as its user sees it:
// every message from either side in order, including deleted ones
// (marked Deleted). It is nil for an unknown chat.
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messagesLocked(chatID, false)
}

// BotMessages returns the messages the bot sent to chatID (see Messages).
func (s *Server) BotMessages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messagesLocked(chatID, true)
}

func (s *Server) messagesLocked(chatID int64, botOnly bool) []Message {
	c := s.chats[chatID]
	if c == nil {
		return nil
	}
	var out []Message
	for _, m := range c.messages {
		if !botOnly || m.FromBot {
			out = append(out, m.clone())
		}
	}
	return out
}

func (m *Message) clone() Message {
	c := *m
	c.Keyboard = cloneKeyboard(m.Keyboard)
	c.Params = cloneMap(m.Params)
	c.History = slices.Clone(m.History)
	for i := range c.History {
		c.History[i].Keyboard = cloneKeyboard(c.History[i].Keyboard)
	}
	return c
}

func cloneKeyboard(k [][]Button) [][]Button {
	if k == nil {
		return nil
	}
	out := make([][]Button, len(k))
	for i, row := range k {
		out[i] = slices.Clone(row)
	}
	return out
}

// decodeKeyboard returns the inline keyboard in a reply_markup, or nil.
func decodeKeyboard(raw string) [][]Button {
	var m struct {
		Inline [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
			URL          string `json:"url"`
		} `json:"inline_keyboard"`
	}
	if raw == "" || json.Unmarshal([]byte(raw), &m) != nil || m.Inline == nil {
		return nil
	}
	out := make([][]Button, len(m.Inline))
	for i, row := range m.Inline {
		out[i] = make([]Button, len(row))
		for j, b := range row {
			out[i][j] = Button{Text: b.Text, CallbackData: b.CallbackData, URL: b.URL}
		}
	}
	return out
}

// inlineMarkup returns the reply_markup Telegram echoes in a Message
// result: only inline keyboards, re-encoded from the request.
func inlineMarkup(raw string) json.RawMessage {
	if decodeKeyboard(raw) == nil {
		return nil
	}
	var v any
	if json.Unmarshal([]byte(raw), &v) != nil {
		return nil
	}
	b, _ := json.Marshal(v)
	return b
}

// chatByParam resolves a chat_id parameter to a chat the fake knows.
// Telegram answers "chat not found" for chats the bot has never seen; so
// does the fake, and reports it, since the bot can only know chats from
// updates.
func (s *Server) chatByParam(v string) (*chat, *apiError) {
	id, err := strconv.ParseInt(v, 10, 64)
	if c := s.chats[id]; err == nil && c != nil {
		return c, nil
	}
	return nil, bug("chat not found", "chat_id %s: no user or group with this id has written to the bot", v)
}

// blockedLocked answers 403 if the user of a private chat blocked the bot.
func (s *Server) blockedLocked(c *chat) *apiError {
	if c.kind == "private" && s.blocked[c.id] {
		return &apiError{status: 403, desc: "Forbidden: bot was blocked by the user"}
	}
	return nil
}
