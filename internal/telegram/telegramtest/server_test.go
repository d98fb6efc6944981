package telegramtest

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestGetMe(t *testing.T) {
	s, _ := newFake(t)
	var me struct {
		ID       int64  `json:"id"`
		IsBot    bool   `json:"is_bot"`
		Username string `json:"username"`
	}
	mustOK(t, call(t, s, "getMe", nil), &me)
	if me.ID != s.BotID() || !me.IsBot || me.Username != "komek_test_bot" {
		t.Errorf("getMe = %+v", me)
	}
}

type update struct {
	UpdateID int `json:"update_id"`
	Message  *struct {
		MessageID int    `json:"message_id"`
		Text      string `json:"text"`
		From      struct {
			ID           int64  `json:"id"`
			LanguageCode string `json:"language_code"`
		} `json:"from"`
		Entities []entity `json:"entities"`
	} `json:"message"`
	CallbackQuery *struct {
		ID   string `json:"id"`
		Data string `json:"data"`
	} `json:"callback_query"`
}

func getUpdates(t *testing.T, s *Server, params map[string]string) []update {
	t.Helper()
	var us []update
	mustOK(t, call(t, s, "getUpdates", params), &us)
	return us
}

func TestGetUpdatesOffsetConfirms(t *testing.T) {
	s, _ := newFake(t)
	id := s.SendText(alice, "Сәлем")
	s.SendCommand(alice, "/start ref_42")
	us := getUpdates(t, s, nil)
	if len(us) != 2 || us[0].UpdateID != id || us[1].UpdateID != id+1 {
		t.Fatalf("updates = %+v, want ids %d, %d", us, id, id+1)
	}
	if m := us[0].Message; m == nil || m.Text != "Сәлем" || m.From.ID != alice.ID || m.From.LanguageCode != "kk" {
		t.Errorf("first update = %+v", us[0].Message)
	}
	if e := us[1].Message.Entities; len(e) != 1 || e[0].Type != "bot_command" || e[0].Length != len("/start") {
		t.Errorf("command entities = %+v", e)
	}
	if again := getUpdates(t, s, map[string]string{"limit": "1"}); len(again) != 1 || again[0].UpdateID != id {
		t.Errorf("unconfirmed updates not delivered again: %+v", again)
	}
	if rest := getUpdates(t, s, map[string]string{"offset": strconv.Itoa(id + 1)}); len(rest) != 1 {
		t.Errorf("offset %d left %d updates, want 1", id+1, len(rest))
	}
	if rest := getUpdates(t, s, map[string]string{"offset": strconv.Itoa(id + 2)}); len(rest) != 0 || s.Pending() != 0 {
		t.Errorf("after confirming all: %d updates, %d pending", len(rest), s.Pending())
	}
}

func TestLongPollReturnsWhenAnUpdateArrives(t *testing.T) {
	s, _ := newFake(t)
	done := make(chan []update)
	start := time.Now()
	go func() {
		var us []update
		r := call(t, s, "getUpdates", map[string]string{"timeout": "30"})
		_ = json.Unmarshal(r.Result, &us)
		done <- us
	}()
	s.SendText(alice, "hi")
	us := <-done
	if len(us) != 1 || time.Since(start) > 5*time.Second {
		t.Errorf("long poll returned %d updates after %v", len(us), time.Since(start))
	}
}

func TestAllowedUpdatesFilter(t *testing.T) {
	s, _ := newFake(t)
	s.SendText(alice, "dropped")
	us := getUpdates(t, s, map[string]string{"allowed_updates": `["callback_query"]`})
	if len(us) != 0 {
		t.Errorf("got %d updates, want the message filtered out", len(us))
	}
	got, set := s.AllowedUpdates()
	if !set || len(got) != 1 || got[0] != "callback_query" {
		t.Errorf("AllowedUpdates = %v, %v", got, set)
	}
	// "null" (what the library sends for a nil slice) keeps the setting.
	s.SendText(alice, "dropped too")
	if us := getUpdates(t, s, map[string]string{"allowed_updates": "null"}); len(us) != 0 {
		t.Errorf("allowed_updates=null reset the filter")
	}
}

func TestSecondPollEndsTheFirstWith409(t *testing.T) {
	s, _ := newFake(t)
	first := make(chan apiResp)
	go func() { first <- call(t, s, "getUpdates", map[string]string{"timeout": "30"}) }()
	ctx := ctxTimeout(t)
	if err := s.WaitFor(ctx, func(s *Server) bool { s.mu.Lock(); defer s.mu.Unlock(); return s.q.pollGen == 1 }); err != nil {
		t.Fatal(err)
	}
	getUpdates(t, s, nil)
	wantError(t, <-first, 409, "terminated by other getUpdates request")
}

func TestSendMessageAppearsInChat(t *testing.T) {
	s, _ := newFake(t)
	s.SendText(alice, "help")
	text := `<b>Food bank</b> &amp; <a href="https://example.org">site</a>` + "\n<i>open</i> 9–18 ⏰"
	r := call(t, s, "sendMessage", map[string]string{"chat_id": "1001", "text": text, "parse_mode": "HTML",
		"reply_markup": keyboard, "protect_content": "true", "link_preview_options": `{"is_disabled":true}`})
	var res struct {
		MessageID int      `json:"message_id"`
		Text      string   `json:"text"`
		Entities  []entity `json:"entities"`
		From      struct {
			IsBot bool `json:"is_bot"`
		} `json:"from"`
		ReplyMarkup json.RawMessage `json:"reply_markup"`
	}
	mustOK(t, r, &res)
	if res.MessageID != 2 || !res.From.IsBot || res.Text != "Food bank & site\nopen 9–18 ⏰" || len(res.Entities) != 3 || res.ReplyMarkup == nil {
		t.Errorf("result = %+v", res)
	}
	msgs := s.Messages(1001)
	if len(msgs) != 2 || msgs[0].FromBot || !msgs[1].FromBot {
		t.Fatalf("chat = %+v", msgs)
	}
	m := msgs[1]
	if m.ID != 2 || m.Text != text || m.ParseMode != "HTML" || !m.ProtectContent || m.DisableNotification ||
		len(m.Keyboard) != 1 || m.Keyboard[0][0] != (Button{Text: "Yes", CallbackData: "need:food"}) ||
		m.Keyboard[0][1].URL != "https://example.org" {
		t.Errorf("bot message = %+v", m)
	}
	calls := s.CallsTo("sendMessage")
	if len(calls) != 1 || !calls[0].OK() || calls[0].Params["chat_id"] != "1001" {
		t.Errorf("calls = %+v", calls)
	}
}

func TestSendLocationContactVenue(t *testing.T) {
	s, _ := newFake(t)
	s.SendText(alice, "where")
	mustOK(t, call(t, s, "sendLocation", map[string]string{"chat_id": "1001", "latitude": "43.238949", "longitude": "76.889709"}), nil)
	mustOK(t, call(t, s, "sendVenue", map[string]string{"chat_id": "1001", "latitude": "43.2", "longitude": "76.8", "title": "Centre", "address": "Abay 1"}), nil)
	mustOK(t, call(t, s, "sendContact", map[string]string{"chat_id": "1001", "phone_number": "+77001234567", "first_name": "Hotline"}), nil)
	var kinds []string
	for _, m := range s.BotMessages(1001) {
		kinds = append(kinds, m.Kind)
	}
	if strings.Join(kinds, ",") != "location,venue,contact" {
		t.Errorf("kinds = %v", kinds)
	}
}

func TestSetMyCommandsRecordedPerScopeAndLanguage(t *testing.T) {
	s, _ := newFake(t)
	mustOK(t, call(t, s, "setMyCommands", map[string]string{"commands": `[{"command":"start","description":"Бастау"}]`, "language_code": "kk"}), nil)
	mustOK(t, call(t, s, "setMyCommands", map[string]string{"commands": `[{"command":"help","description":"Help"}]`,
		"scope": `{"type":"all_private_chats"}`}), nil)
	if c := s.Commands("default", "kk"); len(c) != 1 || c[0].Command != "start" {
		t.Errorf("default/kk = %v", c)
	}
	if c := s.Commands("all_private_chats", ""); len(c) != 1 || c[0].Command != "help" {
		t.Errorf("all_private_chats = %v", c)
	}
}

func TestGroupChat(t *testing.T) {
	s, _ := newFake(t)
	g := Group{ID: -100500, Title: "Volunteers"}
	s.SendGroupText(g, alice, "/help@komek_test_bot")
	us := getUpdates(t, s, nil)
	if len(us) != 1 || us[0].Message.Entities[0].Length != len("/help@komek_test_bot") {
		t.Fatalf("updates = %+v", us)
	}
	id := sentID(t, call(t, s, "sendMessage", map[string]string{"chat_id": "-100500", "text": "hi all"}))
	wantError(t, call(t, s, "deleteMessage", map[string]string{"chat_id": "-100500", "message_id": "1"}), 400, "message can't be deleted")
	mustOK(t, call(t, s, "deleteMessage", map[string]string{"chat_id": "-100500", "message_id": strconv.Itoa(id)}), nil)
}
