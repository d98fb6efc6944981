package telegramtest

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Callback is a callback query created by Press and what the bot answered.
type Callback struct {
	ID        string // callback_query.id
	UpdateID  int
	UserID    int64
	ChatID    int64
	MessageID int
	Data      string
	Answered  bool
	Text      string // answer text, "" if none
	ShowAlert bool
	URL       string
	// PressedAt and AnsweredAt are real times: when Press queued the
	// update, and when the first answer was applied (zero: none yet). The
	// difference is how long the person's button spun.
	PressedAt, AnsweredAt time.Time
}

// Callbacks returns every callback query so far, in order of Press.
func (s *Server) Callbacks() []Callback {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Callback, len(s.callbacks))
	for i, c := range s.callbacks {
		out[i] = *c
	}
	return out
}

// Unanswered returns the ids of callback queries the bot has not answered
// with answerCallbackQuery (Telegram shows a spinner on the button until
// it does).
func (s *Server) Unanswered() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, c := range s.callbacks {
		if !c.Answered {
			out = append(out, c.ID)
		}
	}
	return out
}

// answerCallbackQuery records the answer to a query made by Press. An
// unknown id or a second answer is a bug of the bot and is reported.
func (s *Server) answerCallbackQuery(r *request) (any, *apiError) {
	p := r.params
	s.mu.Lock()
	defer s.mu.Unlock()
	id := p["callback_query_id"]
	const invalid = "query is too old and response timeout expired or query ID is invalid"
	c := s.hooks.callbacks[id]
	if c == nil {
		return nil, bug(invalid, "callback_query_id %q was never sent to the bot", id)
	}
	if c.Answered {
		if s.q.handedOut[c.UpdateID] > 1 {
			// The bot was given the update again (it restarted before
			// confirming it) and cannot know an earlier run answered:
			// Telegram refuses the second answer, harmlessly.
			return nil, badRequest(invalid)
		}
		return nil, bug(invalid, "callback query %q was already answered", id)
	}
	c.Answered, c.Text, c.ShowAlert, c.URL = true, p["text"], p["show_alert"] == "true", p["url"]
	c.AnsweredAt = time.Now()
	s.notifyLocked()
	return true, nil
}

// BotCommand is one command of a setMyCommands call.
type BotCommand struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// Commands returns the commands last set for a scope and language code
// ("" for the default language). scope is the scope's type, "default"
// when none was given, followed for chat-specific scopes by ":" and the
// chat id (and ":" and the user id for chat_member), e.g. "chat:42".
// It returns nil if no commands were set there.
func (s *Server) Commands(scope, languageCode string) []BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.commands[scope+"|"+languageCode])
}

func (s *Server) setMyCommands(r *request) (any, *apiError) {
	var cmds []BotCommand
	_ = json.Unmarshal([]byte(r.params["commands"]), &cmds)
	key := scopeKey(r.params["scope"]) + "|" + r.params["language_code"]
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commands[key] = cmds
	s.notifyLocked()
	return true, nil
}

// scopeKey names a BotCommandScope as documented at Commands.
func scopeKey(raw string) string {
	var sc struct {
		Type   string          `json:"type"`
		ChatID json.RawMessage `json:"chat_id"`
		UserID json.RawMessage `json:"user_id"`
	}
	if raw == "" || raw == "null" || json.Unmarshal([]byte(raw), &sc) != nil {
		return "default"
	}
	key := sc.Type
	if len(sc.ChatID) > 0 {
		key += ":" + unquote(sc.ChatID)
	}
	if len(sc.UserID) > 0 {
		key += ":" + unquote(sc.UserID)
	}
	return key
}

func unquote(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return fmt.Sprint(string(raw))
}
