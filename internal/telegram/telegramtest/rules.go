package telegramtest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Limits the fake enforces beyond the types in api.json. Lengths of texts
// are counted in UTF-16 code units, Telegram's unit for entity offsets;
// Telegram documents its limits in "characters", and UTF-16 units are never
// fewer, so the fake is at least as strict.
const (
	MaxTextLen           = 4096 // sendMessage / editMessageText text, after entity parsing
	MaxCallbackAnswerLen = 200  // answerCallbackQuery text
	MaxCallbackDataBytes = 64   // InlineKeyboardButton.callback_data, in bytes
	MaxInlineButtons     = 100  // buttons in one inline keyboard
	MaxDeleteMessages    = 100  // message_ids in one deleteMessages call
	MaxCommands          = 100  // commands in one setMyCommands call
)

// checkRules applies the limits and formats of the Bot API documentation
// that the types alone don't express. Params have already passed checkParams.
func checkRules(method string, p map[string]string) []violation {
	var vs []violation
	add := func(param, reason, desc string) { vs = append(vs, violation{param, reason, "Bad Request: " + desc}) }
	if pm, ok := p["parse_mode"]; ok && parseModeName(pm) == "" {
		add("parse_mode", fmt.Sprintf("unsupported parse_mode %q (HTML, MarkdownV2 or Markdown)", pm), "unsupported parse_mode")
	}
	switch method {
	case "sendMessage", "editMessageText":
		if t, ok := p["text"]; ok {
			if _, _, v := checkText(t, p["parse_mode"]); v != nil {
				vs = append(vs, *v)
			}
		}
	case "answerCallbackQuery":
		if n := utf16Len(p["text"]); n > MaxCallbackAnswerLen {
			add("text", fmt.Sprintf("%d characters, limit %d", n, MaxCallbackAnswerLen), "MESSAGE_TOO_LONG")
		}
	case "setMyCommands":
		vs = append(vs, checkCommands(p)...)
	case "setWebhook":
		vs = append(vs, checkWebhookParams(p)...)
	case "deleteMessages":
		var ids []json.RawMessage
		if json.Unmarshal([]byte(p["message_ids"]), &ids) == nil && (len(ids) == 0 || len(ids) > MaxDeleteMessages) {
			add("message_ids", fmt.Sprintf("%d ids, want 1 to %d", len(ids), MaxDeleteMessages), "too many messages to delete")
		}
	}
	if rm, ok := p["reply_markup"]; ok {
		vs = append(vs, checkMarkup(rm)...)
	}
	return vs
}

// parseModeName returns the canonical name of a parse mode, or "" if
// Telegram doesn't know it.
func parseModeName(pm string) string {
	for _, m := range []string{"HTML", "MarkdownV2", "Markdown"} {
		if strings.EqualFold(pm, m) {
			return m
		}
	}
	return ""
}

// checkText parses a message text in its parse mode and checks its length
// after entity parsing (1..MaxTextLen UTF-16 units, not only whitespace).
// Markdown modes are not parsed: their raw length is counted.
func checkText(text, parseMode string) (plain string, ents []entity, v *violation) {
	plain = text
	if parseModeName(parseMode) == "HTML" {
		var err error
		if plain, ents, err = parseHTML(text); err != nil {
			return "", nil, &violation{"text", "malformed HTML: " + err.Error(), "Bad Request: can't parse entities: " + err.Error()}
		}
	}
	if strings.TrimSpace(plain) == "" {
		return "", nil, &violation{"text", "text is empty after entity parsing", "Bad Request: message text is empty"}
	}
	if n := utf16Len(plain); n > MaxTextLen {
		return "", nil, &violation{"text", fmt.Sprintf("%d characters after entity parsing, limit %d", n, MaxTextLen), "Bad Request: message is too long"}
	}
	return plain, ents, nil
}

// inlineKinds are the InlineKeyboardButton fields of which exactly one
// must be set.
var inlineKinds = []string{"url", "callback_data", "web_app", "login_url", "switch_inline_query",
	"switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay"}

// checkMarkup checks the buttons of an inline or reply keyboard.
func checkMarkup(raw string) []violation {
	var m struct {
		Inline [][]map[string]any `json:"inline_keyboard"`
		Reply  [][]map[string]any `json:"keyboard"`
	}
	if json.Unmarshal([]byte(raw), &m) != nil {
		return nil // a type error already reported by checkParams
	}
	var vs []violation
	bad := func(reason, desc string) { vs = append(vs, violation{"reply_markup", reason, "Bad Request: " + desc}) }
	n := 0
	for i, row := range m.Inline {
		for j, b := range row {
			n++
			if reason, desc := checkInlineButton(b); reason != "" {
				bad(fmt.Sprintf("inline_keyboard[%d][%d]: %s", i, j, reason), desc)
			}
		}
	}
	if n > MaxInlineButtons {
		bad(fmt.Sprintf("%d buttons, limit %d", n, MaxInlineButtons), "reply markup is too long")
	}
	for i, row := range m.Reply {
		for j, b := range row {
			if s, _ := b["text"].(string); s == "" {
				bad(fmt.Sprintf("keyboard[%d][%d]: empty button text", i, j), "keyboard button text is empty")
			}
		}
	}
	return vs
}

// checkInlineButton returns why an inline button is invalid, or "".
func checkInlineButton(b map[string]any) (reason, desc string) {
	if s, _ := b["text"].(string); strings.TrimSpace(s) == "" {
		return "empty button text", "BUTTON_TEXT_INVALID"
	}
	var set []string
	for _, k := range inlineKinds {
		if v, ok := b[k]; ok && v != nil && v != false {
			set = append(set, k)
		}
	}
	if len(set) != 1 {
		return fmt.Sprintf("want exactly one of %s, got %v", strings.Join(inlineKinds, "/"), set),
			"can't parse inline keyboard button: exactly one of the optional fields must be used"
	}
	switch set[0] {
	case "callback_data":
		d, _ := b["callback_data"].(string)
		if len(d) < 1 || len(d) > MaxCallbackDataBytes {
			return fmt.Sprintf("callback_data is %d bytes, want 1 to %d", len(d), MaxCallbackDataBytes), "BUTTON_DATA_INVALID"
		}
	case "url":
		u, _ := b["url"].(string)
		if !buttonURLOK(u) {
			return fmt.Sprintf("url %q: want an http, https or tg URL", clip(u)),
				fmt.Sprintf("inline keyboard button URL '%s' is invalid: Unsupported URL protocol", u)
		}
	}
	return "", ""
}

// buttonURLOK reports whether a URL button may open u: http(s) with a
// host, or tg://. Telegram rejects other schemes such as tel: and mailto:.
func buttonURLOK(u string) bool {
	pu, err := url.Parse(u)
	if err != nil {
		return false
	}
	switch strings.ToLower(pu.Scheme) {
	case "http", "https":
		return pu.Host != ""
	case "tg":
		return true
	}
	return false
}

var (
	commandPattern = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
	langPattern    = regexp.MustCompile(`^[a-z]{2}$`)
	secretPattern  = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
)

// checkCommands applies BotCommand's documented limits.
func checkCommands(p map[string]string) []violation {
	var vs []violation
	var cmds []BotCommand
	_ = json.Unmarshal([]byte(p["commands"]), &cmds)
	if len(cmds) > MaxCommands {
		vs = append(vs, violation{"commands", fmt.Sprintf("%d commands, limit %d", len(cmds), MaxCommands), "Bad Request: too many commands"})
	}
	for i, c := range cmds {
		if !commandPattern.MatchString(c.Command) {
			vs = append(vs, violation{"commands", fmt.Sprintf("[%d].command %q: want 1-32 of a-z, 0-9, _", i, c.Command), "Bad Request: BOT_COMMAND_INVALID"})
		}
		if n := utf16Len(c.Description); n < 1 || n > 256 {
			vs = append(vs, violation{"commands", fmt.Sprintf("[%d].description: %d characters, want 1-256", i, n), "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"})
		}
	}
	if lc, ok := p["language_code"]; ok && lc != "" && !langPattern.MatchString(lc) {
		vs = append(vs, violation{"language_code", fmt.Sprintf("%q is not a two-letter ISO 639-1 code", lc), "Bad Request: LANG_CODE_INVALID"})
	}
	return vs
}

// checkWebhookParams checks setWebhook's url and secret_token. The fake
// accepts http:// URLs and any port, unlike Telegram, so tests can use
// httptest servers.
func checkWebhookParams(p map[string]string) []violation {
	var vs []violation
	if u := p["url"]; u != "" {
		pu, err := url.Parse(u)
		if err != nil || (pu.Scheme != "https" && pu.Scheme != "http") || pu.Host == "" {
			vs = append(vs, violation{"url", fmt.Sprintf("%q is not an http(s) URL", clip(u)), "Bad Request: bad webhook: invalid URL"})
		}
	}
	if s := p["secret_token"]; s != "" && !secretPattern.MatchString(s) {
		vs = append(vs, violation{"secret_token", "want 1-256 of A-Z, a-z, 0-9, _ and -", "Bad Request: secret token contains unallowed characters"})
	}
	return vs
}
