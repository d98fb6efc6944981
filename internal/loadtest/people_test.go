package loadtest

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/telegram/telegramtest"
)

// answer is how a template answers one question: by typing text when it
// is set, else (and after a typed answer the bot did not understand) by
// pressing the button whose value is value.
type answer struct{ text, value string }

// template is one way through the conversation, repeated round after
// round: /start (first round only), the answers, the results, start over.
type template struct {
	name    string
	lang    string // the person's app language (language_code)
	answers map[dialog.StepID]answer
	// more: at the results, press "show more" once when it is offered.
	more bool
}

var templates = []template{
	{name: "ru, typed", lang: "ru", more: true, answers: map[dialog.StepID]answer{
		dialog.StepDanger: {"нет", "no"}, dialog.StepNeed: {"паспорт", "migrant"}, dialog.StepWho: {"для меня", "self"},
		dialog.StepAge: {"30", "18+"}, dialog.StepRegion: {"Шымкент", "shymkent"},
		dialog.StepCitizenship: {"другая страна", "foreign"}, dialog.StepResults: {"заново", "restart"}}},
	{name: "kk, buttons", lang: "kk", answers: map[dialog.StepID]answer{
		dialog.StepDanger: {"", "no"}, dialog.StepNeed: {"", "migrant"}, dialog.StepWho: {"", "self"},
		dialog.StepAge: {"", "18+"}, dialog.StepRegion: {"", "almaty"}, dialog.StepCitizenship: {"", "foreign"},
		dialog.StepResults: {"", "restart"}}},
	{name: "en, mixed", lang: "en", more: true, answers: map[dialog.StepID]answer{
		dialog.StepDanger: {"no", "no"}, dialog.StepNeed: {"", "mental_health"}, dialog.StepWho: {"for me", "self"},
		dialog.StepAge: {"", "18+"}, dialog.StepRegion: {"Almaty", "almaty"}, dialog.StepResults: {"", "restart"}}},
	{name: "ru, a child, buttons", lang: "ru", answers: map[dialog.StepID]answer{
		dialog.StepDanger: {"", "no"}, dialog.StepNeed: {"", "child_rehab"}, dialog.StepWho: {"", "child"},
		dialog.StepAge: {"", "3-6"}, dialog.StepRegion: {"Астана", "astana"}, dialog.StepResults: {"", "restart"}}},
	{name: "en, typed", lang: "en", answers: map[dialog.StepID]answer{
		dialog.StepDanger: {"no", "no"}, dialog.StepNeed: {"money", "poverty"}, dialog.StepWho: {"me", "self"},
		dialog.StepAge: {"25", "18+"}, dialog.StepRegion: {"Pavlodar", "pavlodar"}, dialog.StepResults: {"start over", "restart"}}},
	{name: "kk, mixed", lang: "kk", more: true, answers: map[dialog.StepID]answer{
		dialog.StepDanger: {"жоқ", "no"}, dialog.StepNeed: {"", "legal"}, dialog.StepWho: {"", "self"},
		dialog.StepAge: {"", "18+"}, dialog.StepRegion: {"Алматы", "almaty"}, dialog.StepCitizenship: {"", "kz"},
		dialog.StepResults: {"", "restart"}}},
}

// echoTexts are what people type to the echo baseline.
var echoTexts = []string{"нет", "паспорт", "для меня", "Шымкент", "другая страна", "заново"}

// person is one simulated person: a goroutine drives it; OnChange feeds
// its inbox.
type person struct {
	id    int64
	tpl   *template
	user  telegramtest.User
	echo  bool // talks to the echo baseline: types, and waits for the echo
	inbox chan telegramtest.Change

	asked     telegramtest.Message // the question being asked (zero before /start)
	lastID    int                  // echo: the last bot message seen
	typedAt   dialog.StepID        // the step of the last typed answer
	pressNext bool                 // the last typed answer was not understood
	moreDone  bool

	rounds   int // rounds finished (start over pressed and answered)
	actions  int
	overflow atomic.Bool // the inbox was full: a change was lost to the test
}

// act performs the person's next action: it queues one update in the fake.
// It reports whether the action ends a round.
func (p *person) act(fake *telegramtest.Server) (endsRound bool, err error) {
	p.actions++
	if p.echo {
		fake.SendText(p.user, echoTexts[p.actions%len(echoTexts)])
		return false, nil
	}
	if p.asked.ID == 0 {
		fake.SendCommand(p.user, "/start")
		return false, nil
	}
	step, ok := questionStep(p.asked)
	if !ok {
		return false, fmt.Errorf("person %d: the question %q has no buttons of this bot", p.id, p.asked.Plain)
	}
	if step == dialog.StepResults && p.tpl.more && !p.moreDone && p.press(fake, "more") {
		p.moreDone = true
		return false, nil
	}
	a, ok := p.tpl.answers[step]
	if !ok {
		return false, fmt.Errorf("person %d (%s): the bot asks at step %v, which the template does not answer: %q", p.id, p.tpl.name, step, p.asked.Plain)
	}
	endsRound = step == dialog.StepResults
	if endsRound {
		p.moreDone = false
	}
	if a.text != "" && !p.pressNext {
		p.typedAt = step
		fake.SendText(p.user, a.text)
		return endsRound, nil
	}
	p.typedAt = 0
	if !p.press(fake, a.value) {
		return false, fmt.Errorf("person %d: no button %q on %q", p.id, a.value, p.asked.Plain)
	}
	return endsRound, nil
}

// press presses the button with value on the question being asked.
func (p *person) press(fake *telegramtest.Server, value string) bool {
	for _, row := range p.asked.Keyboard {
		for _, b := range row {
			if strings.HasSuffix(b.CallbackData, "|"+value) {
				fake.Press(p.user, p.asked.ID, b.CallbackData)
				return true
			}
		}
	}
	return false
}

// questionStep reads the step a question asks from its buttons' callback
// data, "1|<step>|<seq>|<value>" (internal/telegram's callback encoding).
func questionStep(q telegramtest.Message) (dialog.StepID, bool) {
	for _, row := range q.Keyboard {
		for _, b := range row {
			parts := strings.SplitN(b.CallbackData, "|", 4)
			if len(parts) == 4 && parts[0] == "1" {
				n, err := strconv.Atoi(parts[1])
				return dialog.StepID(n), err == nil
			}
		}
	}
	return 0, false
}

// questionSeq reads a question's number from its buttons' callback data
// ("" when it has none).
func questionSeq(q telegramtest.Message) string {
	for _, row := range q.Keyboard {
		for _, b := range row {
			if parts := strings.SplitN(b.CallbackData, "|", 4); len(parts) == 4 {
				return parts[2]
			}
		}
	}
	return ""
}

// awaitReply waits for the last reply to the person's action: the next
// question (a new message with buttons, or the pressed one edited into
// it) or, from the echo bot, the echo.
// It returns when the fake applied the first change the action caused in
// the chat, and when it applied the last reply.
func (p *person) awaitReply(ctx context.Context) (first, last time.Time, err error) {
	for {
		select {
		case c := <-p.inbox:
			if first.IsZero() {
				first = c.At
			}
			m := c.Message
			if p.echo {
				if c.Method == "sendMessage" && m.ID > p.lastID {
					p.lastID = m.ID
					return first, c.At, nil
				}
				continue
			}
			// The next question is a new message, or the question just
			// answered edited into the next one (a press on the latest
			// question): same message, buttons of a newer question.
			if len(m.Keyboard) == 0 || m.Deleted || m.ID < p.asked.ID ||
				(m.ID == p.asked.ID && questionSeq(m) == questionSeq(p.asked)) {
				continue
			}
			step, _ := questionStep(m)
			p.pressNext = p.typedAt != 0 && step == p.typedAt
			p.asked = m
			return first, c.At, nil
		case <-ctx.Done():
			return first, last, fmt.Errorf("person %d (%s) got no reply after %d actions: %w", p.id, p.name(), p.actions, ctx.Err())
		}
	}
}

func (p *person) name() string {
	if p.echo {
		return "echo"
	}
	return p.tpl.name
}

// transcript returns what the person was shown, in order, one string per
// question asked and per message without buttons. A question is its step
// and its buttons' labels, whether it came as a new message or as an edit
// of the one before (a press on the latest question edits it into the
// next: whether a press counts as on the latest depends on what the bot
// knew when it came, which faults and quick test people change). A message
// that never had buttons (a welcome, results) is its text as shown. Each
// question asked twice, or message sent twice, appears twice; a deleted
// message is marked.
func transcript(msgs []telegramtest.Message) []string {
	var out []string
	question := func(kb [][]telegramtest.Button) string {
		var labels []string
		step := ""
		for _, row := range kb {
			for _, b := range row {
				labels = append(labels, b.Text)
				if parts := strings.SplitN(b.CallbackData, "|", 4); len(parts) == 4 && step == "" {
					step = parts[1]
				}
			}
		}
		return "question " + step + " [" + strings.Join(labels, " | ") + "]"
	}
	for _, m := range msgs {
		deleted := ""
		if m.Deleted {
			deleted = " (deleted)"
		}
		asked := false
		for _, r := range append(slices.Clone(m.History), telegramtest.Revision{Plain: m.Plain, Keyboard: m.Keyboard}) {
			if len(r.Keyboard) > 0 {
				out = append(out, question(r.Keyboard)+deleted)
				asked = true
			}
		}
		if !asked {
			out = append(out, m.Plain+deleted)
		}
	}
	return out
}
