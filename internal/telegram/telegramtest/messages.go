package telegramtest

import (
	"encoding/json"
	"reflect"
	"strconv"
	"time"
)

// DeleteWindow is how old a message may be for the bot to delete it.
const DeleteWindow = 48 * time.Hour

const notModified = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"

func (s *Server) sendMessage(r *request) (any, *apiError) {
	p := r.params
	plain, ents, _ := checkText(p["text"], p["parse_mode"])
	return s.send(r, &Message{Kind: "text", Text: p["text"], Plain: plain, ParseMode: p["parse_mode"]}, ents)
}

func (s *Server) sendContact(r *request) (any, *apiError)  { return s.sendMedia(r) }
func (s *Server) sendLocation(r *request) (any, *apiError) { return s.sendMedia(r) }
func (s *Server) sendVenue(r *request) (any, *apiError)    { return s.sendMedia(r) }

func (s *Server) sendMedia(r *request) (any, *apiError) {
	kind, media := botMedia(r.method, r.params)
	return s.send(r, &Message{Kind: kind, media: media}, nil)
}

// send adds a bot message to the chat named by chat_id.
func (s *Server) send(r *request, m *Message, ents []entity) (any, *apiError) {
	p := r.params
	s.mu.Lock()
	defer s.mu.Unlock()
	c, e := s.chatByParam(p["chat_id"])
	if e != nil {
		return nil, e
	}
	if e := s.blockedLocked(c); e != nil {
		return nil, e
	}
	if e := replyTargetLocked(c, p["reply_parameters"]); e != nil {
		return nil, e
	}
	m.FromBot, m.FromID, m.Date = true, s.botID, s.nowLocked()
	m.ReplyMarkup = markupParam(p["reply_markup"])
	m.Keyboard = decodeKeyboard(m.ReplyMarkup)
	m.ProtectContent = p["protect_content"] == "true"
	m.DisableNotification = p["disable_notification"] == "true"
	m.Params = cloneMap(p)
	c.add(m, ents)
	s.changedLocked(r.method, c, m)
	s.notifyLocked()
	return s.wireLocked(c, m), nil
}

// markupParam normalises an absent or null reply_markup to "".
func markupParam(v string) string {
	if v == "null" {
		return ""
	}
	return v
}

// replyTargetLocked checks that reply_parameters names a message of the
// chat, unless allow_sending_without_reply is set.
func replyTargetLocked(c *chat, raw string) *apiError {
	var rp struct {
		MessageID         int  `json:"message_id"`
		AllowWithoutReply bool `json:"allow_sending_without_reply"`
		ChatID            any  `json:"chat_id"`
	}
	if raw == "" || raw == "null" || json.Unmarshal([]byte(raw), &rp) != nil || rp.AllowWithoutReply || rp.ChatID != nil {
		return nil
	}
	if m := c.message(rp.MessageID); m == nil || m.Deleted {
		return badRequest("message to be replied not found")
	}
	return nil
}

func (s *Server) editMessageText(r *request) (any, *apiError) {
	p := r.params
	if p["text"] == "" {
		return nil, bug("message text is empty", "text is required (rich_message is not supported by the fake)")
	}
	plain, ents, _ := checkText(p["text"], p["parse_mode"])
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, e := s.editTargetLocked(p)
	if e != nil {
		return nil, e
	}
	if m.Kind != "text" {
		return nil, bug("there is no text in the message to edit", "message %d is a %s message", m.ID, m.Kind)
	}
	markup := markupParam(p["reply_markup"])
	if m.Plain == plain && reflect.DeepEqual(c.entities[m.ID], ents) && sameJSON(m.ReplyMarkup, markup) {
		return nil, badRequest(notModified)
	}
	m.revise(s.nowLocked())
	m.Text, m.Plain, m.ParseMode = p["text"], plain, p["parse_mode"]
	m.ReplyMarkup, m.Keyboard = markup, decodeKeyboard(markup)
	c.entities[m.ID] = ents
	s.changedLocked(r.method, c, m)
	s.notifyLocked()
	return s.wireLocked(c, m), nil
}

func (s *Server) editMessageReplyMarkup(r *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, e := s.editTargetLocked(r.params)
	if e != nil {
		return nil, e
	}
	markup := markupParam(r.params["reply_markup"])
	if sameJSON(m.ReplyMarkup, markup) {
		return nil, badRequest(notModified)
	}
	m.revise(s.nowLocked())
	m.ReplyMarkup, m.Keyboard = markup, decodeKeyboard(markup)
	s.changedLocked(r.method, c, m)
	s.notifyLocked()
	return s.wireLocked(c, m), nil
}

// revise pushes the current version of m into its history.
func (m *Message) revise(now time.Time) {
	m.History = append(m.History, Revision{Text: m.Text, Plain: m.Plain, ParseMode: m.ParseMode,
		Keyboard: cloneKeyboard(m.Keyboard), ReplacedAt: now})
	m.EditedAt = now
}

// editTargetLocked finds the bot message an edit names by chat_id and
// message_id. Inline messages are not supported.
func (s *Server) editTargetLocked(p map[string]string) (*chat, *Message, *apiError) {
	if p["inline_message_id"] != "" {
		return nil, nil, bug("MESSAGE_ID_INVALID", "inline_message_id: inline messages are not supported by the fake")
	}
	if p["chat_id"] == "" || p["message_id"] == "" {
		return nil, nil, bug("message identifier is not specified", "chat_id and message_id are required without inline_message_id")
	}
	c, e := s.chatByParam(p["chat_id"])
	if e != nil {
		return nil, nil, e
	}
	id, _ := strconv.Atoi(p["message_id"])
	m := c.message(id)
	// A bot that lost the answer to a send may probe the message IDs after
	// the last one it knows to find out whether the send went through, so
	// an unknown ID or a user's message gets Telegram's 400, not a test
	// failure.
	switch {
	case m == nil || m.Deleted:
		return nil, nil, badRequest("message to edit not found")
	case !m.FromBot:
		return nil, nil, badRequest("message can't be edited")
	}
	if e := s.blockedLocked(c); e != nil {
		return nil, nil, e
	}
	return c, m, nil
}

// sameJSON reports whether two JSON texts ("" meaning none) are equal
// values.
func sameJSON(a, b string) bool {
	if a == "" || b == "" {
		return a == b
	}
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return a == b
	}
	return reflect.DeepEqual(x, y)
}

func (s *Server) deleteMessage(r *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, e := s.chatByParam(r.params["chat_id"])
	if e != nil {
		return nil, e
	}
	id, _ := strconv.Atoi(r.params["message_id"])
	m := c.message(id)
	switch {
	case m == nil:
		return nil, bug("message to delete not found", "message %d was never sent in chat %d", id, c.id)
	case m.Deleted:
		return nil, badRequest("message to delete not found")
	case !s.canDeleteLocked(c, m):
		return nil, badRequest("message can't be deleted")
	}
	m.Deleted, m.DeletedAt = true, s.nowLocked()
	s.notifyLocked()
	return true, nil
}

// deleteMessages deletes several messages at once. Ids that don't exist or
// are already deleted are skipped, as Telegram does; if any other message
// can't be deleted (older than DeleteWindow, or a user's message in a
// group), the call fails and deletes nothing.
func (s *Server) deleteMessages(r *request) (any, *apiError) {
	var ids []int
	_ = json.Unmarshal([]byte(r.params["message_ids"]), &ids)
	s.mu.Lock()
	defer s.mu.Unlock()
	c, e := s.chatByParam(r.params["chat_id"])
	if e != nil {
		return nil, e
	}
	var del []*Message
	for _, id := range ids {
		m := c.message(id)
		if m == nil || m.Deleted {
			continue
		}
		if !s.canDeleteLocked(c, m) {
			return nil, badRequest("message can't be deleted")
		}
		del = append(del, m)
	}
	now := s.nowLocked()
	for _, m := range del {
		m.Deleted, m.DeletedAt = true, now
	}
	s.notifyLocked()
	return true, nil
}

// canDeleteLocked applies Telegram's rule for bots: any message of a
// private chat, only its own in groups, and only if under 48 hours old.
func (s *Server) canDeleteLocked(c *chat, m *Message) bool {
	if c.kind != "private" && !m.FromBot {
		return false
	}
	return s.nowLocked().Sub(m.Date) < DeleteWindow
}
