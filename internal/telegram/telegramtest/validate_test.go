package telegramtest

import (
	"strings"
	"testing"
)

func TestViolationsAreRejectedAndReported(t *testing.T) {
	long := strings.Repeat("я", MaxTextLen+1)
	emoji := strings.Repeat("😀", MaxTextLen/2+1) // 2 UTF-16 units each
	button := func(b string) string { return `{"inline_keyboard":[[` + b + `]]}` }
	tests := []struct {
		name    string
		token   string // "" for the right one
		method  string
		params  map[string]string
		status  int
		desc    string
		reports string
	}{
		{"missing chat_id", "", "sendMessage", map[string]string{"text": "hi"}, 400, "chat_id is empty", `"chat_id"`},
		{"unknown parameter", "", "sendMessage", map[string]string{"chat_id": "1001", "text": "hi", "disable_web_page_preview": "true"}, 400, "unknown parameter", "disable_web_page_preview"},
		{"4097 characters", "", "sendMessage", map[string]string{"chat_id": "1001", "text": long}, 400, "message is too long", "4097"},
		{"4098 UTF-16 units", "", "sendMessage", map[string]string{"chat_id": "1001", "text": emoji}, 400, "message is too long", "4098"},
		{"only markup", "", "sendMessage", map[string]string{"chat_id": "1001", "text": "<b> </b>", "parse_mode": "HTML"}, 400, "message text is empty", "empty"},
		{"unclosed tag", "", "sendMessage", map[string]string{"chat_id": "1001", "text": "<b>x", "parse_mode": "HTML"}, 400, "can't parse entities", "malformed HTML"},
		{"bare ampersand", "", "sendMessage", map[string]string{"chat_id": "1001", "text": "Tom & Jerry", "parse_mode": "HTML"}, 400, "can't parse entities", "bare"},
		{"bare less-than", "", "editMessageText", map[string]string{"chat_id": "1001", "message_id": "1", "text": "1 < 2", "parse_mode": "html"}, 400, "can't parse entities", "bare"},
		{"unsupported tag", "", "sendMessage", map[string]string{"chat_id": "1001", "text": "a<br>b", "parse_mode": "HTML"}, 400, "can't parse entities", "br"},
		{"bad parse mode", "", "sendMessage", map[string]string{"chat_id": "1001", "text": "x", "parse_mode": "Markdown3"}, 400, "unsupported parse_mode", "parse_mode"},
		{"65-byte callback_data", "", "sendMessage", map[string]string{"chat_id": "1001", "text": "x",
			"reply_markup": button(`{"text":"a","callback_data":"` + strings.Repeat("ж", 32) + `x"}`)}, 400, "BUTTON_DATA_INVALID", "65 bytes"},
		{"tel: url button", "", "sendMessage", map[string]string{"chat_id": "1001", "text": "x",
			"reply_markup": button(`{"text":"Call","url":"tel:+77001234567"}`)}, 400, "Unsupported URL protocol", "tel:"},
		{"two actions", "", "sendMessage", map[string]string{"chat_id": "1001", "text": "x",
			"reply_markup": button(`{"text":"a","url":"https://x.kz","callback_data":"a"}`)}, 400, "exactly one", "exactly one"},
		{"no action", "", "sendMessage", map[string]string{"chat_id": "1001", "text": "x", "reply_markup": button(`{"text":"a"}`)}, 400, "exactly one", "exactly one"},
		{"unknown button field", "", "sendMessage", map[string]string{"chat_id": "1001", "text": "x",
			"reply_markup": button(`{"text":"a","callback_data":"a","colour":"red"}`)}, 400, "reply_markup", `unknown field "colour"`},
		{"wrong field type", "", "sendMessage", map[string]string{"chat_id": "1001", "text": "x",
			"reply_markup": button(`{"text":1,"callback_data":"a"}`)}, 400, "reply_markup", "want String, got number"},
		{"markup not JSON", "", "sendMessage", map[string]string{"chat_id": "1001", "text": "x", "reply_markup": "{"}, 400, "reply_markup", "JSON"},
		{"bad integer", "", "deleteMessage", map[string]string{"chat_id": "1001", "message_id": "one"}, 400, "message_id", "not an Integer"},
		{"bad boolean", "", "sendMessage", map[string]string{"chat_id": "1001", "text": "x", "protect_content": "yes"}, 400, "protect_content", "not a Boolean"},
		{"scope without chat_id", "", "setMyCommands", map[string]string{"commands": `[{"command":"start","description":"Start"}]`,
			"scope": `{"type":"chat"}`}, 400, "scope", "chat_id"},
		{"bad command", "", "setMyCommands", map[string]string{"commands": `[{"command":"Start!","description":"Start"}]`}, 400, "BOT_COMMAND_INVALID", "Start!"},
		{"bad secret", "", "setWebhook", map[string]string{"url": "https://bot.example/hook", "secret_token": "a b"}, 400, "secret token", "secret_token"},
		{"too many ids", "", "deleteMessages", map[string]string{"chat_id": "1001", "message_ids": "[" + strings.Repeat("1,", 100) + "1]"}, 400, "too many messages", "101 ids"},
		{"long callback answer", "", "answerCallbackQuery", map[string]string{"callback_query_id": "1", "text": strings.Repeat("a", 201)}, 400, "MESSAGE_TOO_LONG", "201"},
		{"chat not found", "", "sendMessage", map[string]string{"chat_id": "999", "text": "x"}, 400, "chat not found", "999"},
		{"channel username", "", "sendMessage", map[string]string{"chat_id": "@komek", "text": "x"}, 400, "chat not found", "@komek"},
		{"unknown method", "", "sendTelegram", map[string]string{"chat_id": "1001"}, 404, "Not Found", "sendTelegram"},
		{"not implemented", "", "sendPhoto", map[string]string{"chat_id": "1001", "photo": "x"}, 400, "not implemented by the fake", "sendPhoto"},
		{"wrong token", "42:wrong", "getMe", nil, 401, "Unauthorized", "wrong bot token"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, rec := newFake(t)
			s.SendText(alice, "hello")
			token := tc.token
			if token == "" {
				token = s.Token()
			}
			r := callToken(t, s, token, tc.method, tc.params)
			wantError(t, r, tc.status, tc.desc)
			wantReport(t, rec, tc.reports)
			if n := len(s.BotMessages(1001)); n != 0 {
				t.Errorf("rejected call added %d messages", n)
			}
			if calls := s.Calls(); len(calls) != 1 || calls[0].Status != tc.status {
				t.Errorf("calls = %+v", calls)
			}
		})
	}
}

func TestValidLimitsAreAccepted(t *testing.T) {
	s, _ := newFake(t)
	s.SendText(alice, "hello")
	max64 := strings.Repeat("ж", 32) // 64 bytes
	ok := []map[string]string{
		{"chat_id": "1001", "text": strings.Repeat("я", MaxTextLen)},
		{"chat_id": "1001", "text": "<b>" + strings.Repeat("a", MaxTextLen) + "</b>", "parse_mode": "HTML"},
		{"chat_id": "1001", "text": "x", "reply_markup": `{"inline_keyboard":[[{"text":"a","callback_data":"` + max64 + `"},{"text":"t","url":"tg://resolve?domain=komek"}]]}`},
		{"chat_id": "1001", "text": "x", "reply_markup": `{"keyboard":[[{"text":"Share","request_location":true}]],"resize_keyboard":true}`},
		{"chat_id": "1001", "text": "x", "reply_markup": `{"remove_keyboard":true}`},
		{"chat_id": "1001", "text": "x", "entities": "null", "reply_parameters": `{"message_id":1}`},
	}
	for _, p := range ok {
		mustOK(t, call(t, s, "sendMessage", p), nil)
	}
	mustOK(t, call(t, s, "setMyCommands", map[string]string{"commands": `[{"command":"start","description":"Start"}]`,
		"scope": `{"type":"chat","chat_id":1001}`}), nil)
	if c := s.Commands("chat:1001", ""); len(c) != 1 {
		t.Errorf("chat scope commands = %v", c)
	}
}

func TestBrokenSpecIsRefused(t *testing.T) {
	for _, b := range []string{"", "{", `{"methods":{},"types":{}}`} {
		if _, err := readSpec("api.json", []byte(b)); err == nil {
			t.Errorf("readSpec(%q) accepted a broken spec", b)
		}
	}
}
