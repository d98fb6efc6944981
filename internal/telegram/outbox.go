package telegram

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/komek-kz/komek/internal/conversation"
	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/render"
)

// Outbox operations.
const (
	opSend   = "send"   // sendMessage
	opEdit   = "edit"   // editMessageText, which also drops the keyboard
	opUnmark = "unmark" // editMessageReplyMarkup with no keyboard
	opDelete = "delete" // deleteMessages
)

// maxDelete is how many messages one deleteMessages call may delete.
const maxDelete = 100

// outItem is one reply as stored in the outbox: everything needed to send
// it, already rendered. It holds no text the person typed.
type outItem struct {
	ChatID    int64      `json:"c"`
	Op        string     `json:"o"`
	Text      string     `json:"t,omitempty"`
	Buttons   [][]button `json:"b,omitempty"`
	MessageID int        `json:"m,omitempty"`
	IDs       []int64    `json:"i,omitempty"` // opDelete
	// Exit marks the deletion of a whole conversation on a quick exit:
	// IDs are the messages logged, and the messages this process sent to
	// the chat whose delivery was not yet recorded are added when it is
	// delivered (Bot.deleteAll), a hundred to a call.
	Exit bool `json:"x,omitempty"`
	// Protect marks a referral message (protect_content); Silent one sent
	// without a sound (disable_notification).
	Protect bool `json:"p,omitempty"`
	Silent  bool `json:"s,omitempty"`
	// Step and Seq name the question a message asks (0: none), so that
	// the bot knows which question the person has seen (Bot.seen).
	Step uint8  `json:"q,omitempty"`
	Seq  uint16 `json:"n,omitempty"`
	// Urgent marks a crisis reply or a quick exit: the chat's rate limit
	// does not hold it back.
	Urgent bool `json:"u,omitempty"`
}

// conversationItem encodes it as an outbox item of class; an urgent item
// is marked so that the chat's rate limit does not hold it back.
func conversationItem(it outItem, class conversation.Class) conversation.Item {
	it.Urgent = class == conversation.Urgent
	data, err := json.Marshal(it)
	if err != nil {
		panic(err) // strings, numbers and slices of them always encode
	}
	return conversation.Item{Class: class, Data: data}
}

type button struct {
	Text string `json:"t"`
	Data string `json:"d"`
}

// maxText is Telegram's limit on a message's text, in UTF-16 code units.
const maxText = 4096

// messageItems turns one rendered message into outbox items: a text longer
// than Telegram allows is split at line boundaries, and the buttons go on
// the last part.
func (b *Bot) messageItems(chatID int64, m render.Message) []outItem {
	parts := splitText(m.Text, maxText)
	items := make([]outItem, len(parts))
	referral := m.Kind == dialog.OutResults || m.Kind == dialog.OutEmergency || m.Kind == dialog.OutAlso
	for i, p := range parts {
		items[i] = outItem{ChatID: chatID, Op: opSend, Text: p, Protect: referral && b.cfg.ProtectContent}
	}
	items[len(items)-1].Buttons = keyboard(m)
	if m.Kind == dialog.OutQuestion {
		items[len(items)-1].Step, items[len(items)-1].Seq = uint8(m.Step), m.Seq
	}
	return items
}

// keyboard lays out a question's buttons: short labels two to a row, long
// ones one to a row, and the navigation choices together in a last row.
func keyboard(m render.Message) [][]button {
	if len(m.Options) == 0 {
		return nil
	}
	perRow := 1
	if len(m.Options) > 4 && maxLabel(m.Options) <= 18 {
		perRow = 2
	}
	var rows [][]button
	for i := 0; i < len(m.Options); i += perRow {
		var row []button
		for _, o := range m.Options[i:min(i+perRow, len(m.Options))] {
			row = append(row, button{Text: o.Label, Data: callbackData(m, o.Value)})
		}
		rows = append(rows, row)
	}
	var nav []button
	for _, o := range m.Nav {
		nav = append(nav, button{Text: o.Label, Data: callbackData(m, o.Value)})
	}
	if len(nav) > 0 {
		rows = append(rows, nav)
	}
	return rows
}

func callbackData(m render.Message, value string) string {
	data, err := encodeCallback(m.Step, m.Seq, value)
	if err != nil {
		// Option values are short codes; a test checks every one fits.
		panic(err)
	}
	return data
}

func maxLabel(bs []render.Button) int {
	n := 0
	for _, b := range bs {
		n = max(n, len([]rune(b.Label)))
	}
	return n
}

// splitText cuts s into parts of at most limit UTF-16 code units, at line
// breaks where it can, inside a line only when the line alone is too long.
// The renderer never spans markup across lines, so parts stay well formed.
func splitText(s string, limit int) []string {
	if units(s) <= limit {
		return []string{s}
	}
	var parts []string
	var cur strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		for units(line) > limit {
			if cur.Len() > 0 {
				parts = append(parts, strings.TrimRight(cur.String(), "\n"))
				cur.Reset()
			}
			head, rest := cutUnits(line, limit)
			parts = append(parts, head)
			line = rest
		}
		if units(cur.String())+units(line) > limit {
			parts = append(parts, strings.TrimRight(cur.String(), "\n"))
			cur.Reset()
		}
		cur.WriteString(line)
	}
	if strings.TrimSpace(cur.String()) != "" {
		parts = append(parts, strings.TrimRight(cur.String(), "\n"))
	}
	return parts
}

func units(s string) int { return len(utf16.Encode([]rune(s))) }

// cutUnits returns the longest prefix of s of at most n UTF-16 units, and
// the rest.
func cutUnits(s string, n int) (string, string) {
	used := 0
	for i, r := range s {
		w := utf16.RuneLen(r)
		if used+w > n {
			return s[:i], s[i:]
		}
		used += w
	}
	return s, ""
}

// params returns the Bot API call for an item.
func (it outItem) params(cfg Config) (string, tgbotapi.Params) {
	p := tgbotapi.Params{"chat_id": strconv.FormatInt(it.ChatID, 10)}
	switch it.Op {
	case opDelete:
		ids, _ := json.Marshal(it.IDs)
		p["message_ids"] = string(ids)
		return "deleteMessages", p
	case opEdit:
		p["message_id"] = strconv.Itoa(it.MessageID)
		p["text"] = it.Text
		p["parse_mode"] = "HTML"
		p["link_preview_options"] = `{"is_disabled":true}`
		if len(it.Buttons) > 0 {
			p["reply_markup"] = markup(it.Buttons)
		}
		return "editMessageText", p
	case opUnmark:
		p["message_id"] = strconv.Itoa(it.MessageID)
		p["reply_markup"] = `{"inline_keyboard":[]}`
		return "editMessageReplyMarkup", p
	}
	p["text"] = it.Text
	p["parse_mode"] = "HTML"
	p["link_preview_options"] = `{"is_disabled":true}`
	if len(it.Buttons) > 0 {
		p["reply_markup"] = markup(it.Buttons)
	}
	if it.Protect {
		p["protect_content"] = "true"
	}
	if it.Silent {
		p["disable_notification"] = "true"
	}
	return "sendMessage", p
}

func markup(rows [][]button) string {
	kb := make([][]tgbotapi.InlineKeyboardButton, len(rows))
	for i, row := range rows {
		for _, bt := range row {
			kb[i] = append(kb[i], tgbotapi.NewInlineKeyboardButtonData(bt.Text, bt.Data))
		}
	}
	data, _ := json.Marshal(tgbotapi.NewInlineKeyboardMarkup(kb...))
	return string(data)
}
