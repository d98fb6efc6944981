package telegram

import (
	"regexp"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/locale"
)

// eventKind says what a person did, as far as the bot cares.
type eventKind uint8

const (
	evIgnore      eventKind = iota // nothing to answer (an update kind the bot did not ask for)
	evText                         // typed text
	evCommand                      // /start, /help, …
	evCallback                     // a button press
	evUnsupported                  // a sticker, photo, voice, file, edited message, …
	evGroup                        // anything in a group or channel chat
	evLocation                     // a shared location: where the person is
)

var kindNames = [...]string{"ignore", "text", "command", "button", "unsupported", "group", "location"}

func (k eventKind) String() string { return kindNames[k] }

// event is an update normalised once, at the edge, into the few fields the
// rest of the channel needs. Text lives only as long as the event.
type event struct {
	updateID int64
	chatID   int64
	kind     eventKind
	text     string         // evText
	lat, lon float64        // evLocation
	command  dialog.Command // evCommand
	payload  string         // /start deep-link payload, when valid
	lang     string         // the person's app language (language_code)
	// msgID and date are the person's message (text and commands), kept
	// so that a quick exit can delete it.
	msgID int64
	date  time.Time

	// Button presses.
	callbackID string
	choice     dialog.Choice
	choiceOK   bool   // the data decoded as this bot's
	messageID  int    // the message the button was on
	question   string // that message's text
	pressed    string // the pressed button's label
}

// commandNames maps Telegram commands to dialog commands.
var commandNames = map[string]dialog.Command{
	"start": dialog.CmdStart, "restart": dialog.CmdRestart, "language": dialog.CmdLanguage,
	"help": dialog.CmdHelp, "back": dialog.CmdBack, "exit": dialog.CmdExit,
	"privacy": dialog.CmdPrivacy, "forget": dialog.CmdForget,
}

// deepLink is the form Telegram allows for /start payloads.
var deepLink = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// normalize turns an update into an event.
func normalize(u *tgbotapi.Update) event {
	ev := event{updateID: int64(u.UpdateID)}
	switch {
	case u.CallbackQuery != nil:
		return normalizeCallback(ev, u.CallbackQuery)
	case u.Message != nil:
		return normalizeMessage(ev, u.Message)
	case u.EditedMessage != nil:
		ev.chatID = u.EditedMessage.Chat.ID
		ev.kind = evUnsupported
		if !u.EditedMessage.Chat.IsPrivate() {
			ev.kind = evGroup
		}
		return ev
	}
	return ev
}

func normalizeMessage(ev event, m *tgbotapi.Message) event {
	ev.chatID = m.Chat.ID
	ev.msgID, ev.date = int64(m.MessageID), time.Unix(int64(m.Date), 0).UTC()
	if m.From != nil {
		ev.lang = m.From.LanguageCode
	}
	switch {
	case !m.Chat.IsPrivate():
		ev.kind = evGroup
	case m.Location != nil && m.Venue == nil:
		ev.kind, ev.lat, ev.lon = evLocation, m.Location.Latitude, m.Location.Longitude
	case m.Text == "":
		ev.kind = evUnsupported // stickers, photos, voice, files, venues, …
	case m.IsCommand():
		name := strings.ToLower(m.Command())
		c, ok := commandNames[name]
		if !ok {
			ev.kind, ev.text = evText, m.Text // an unknown command gets the usual hint
			return ev
		}
		ev.kind, ev.command = evCommand, c
		if c == dialog.CmdStart && deepLink.MatchString(m.CommandArguments()) {
			ev.payload = m.CommandArguments()
		}
	default:
		ev.kind, ev.text = evText, m.Text
	}
	return ev
}

func normalizeCallback(ev event, q *tgbotapi.CallbackQuery) event {
	ev.kind = evCallback
	ev.callbackID = q.ID
	if q.From != nil {
		ev.lang = q.From.LanguageCode
	}
	if q.Message == nil || q.Message.Chat == nil {
		ev.kind = evIgnore // a button on a message the bot cannot see (inline mode)
		return ev
	}
	ev.chatID = q.Message.Chat.ID
	if !q.Message.Chat.IsPrivate() {
		ev.kind = evGroup
		return ev
	}
	ev.messageID = q.Message.MessageID
	ev.question = q.Message.Text
	ev.choice, ev.choiceOK = decodeChoice(q.Data)
	if q.Message.ReplyMarkup != nil {
		for _, row := range q.Message.ReplyMarkup.InlineKeyboard {
			for _, b := range row {
				if b.CallbackData != nil && *b.CallbackData == q.Data {
					ev.pressed = b.Text
				}
			}
		}
	}
	return ev
}

func decodeChoice(data string) (dialog.Choice, bool) {
	c, err := decodeCallback(data)
	return c, err == nil
}

// input returns the dialog input for the event.
func (ev event) input() dialog.Input {
	var in dialog.Input
	switch ev.kind {
	case evCommand:
		in = dialog.Cmd(ev.command)
	case evLocation:
		in = dialog.Location(ev.lat, ev.lon)
	case evCallback:
		if !ev.choiceOK {
			// Forged or foreign data: a press that matches no question, so
			// the dialog answers "out of date" and repeats the question.
			in = dialog.Press(dialog.StepEnded, 0, "")
		} else {
			in = dialog.Input{Kind: dialog.InputChoice, Choice: ev.choice}
		}
	default:
		in = dialog.Text(ev.text)
	}
	if l, ok := locale.Negotiate(ev.lang); ok {
		in.LangHint = l
	}
	return in
}
