package telegramtest

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Person is a scripted user who talks to the bot the way a person does:
// says something or presses a button, then waits for the bot's next
// question (a message with buttons).
type Person struct {
	t    testing.TB
	s    *Server
	User User
	// Asked is the ID of the last question seen.
	Asked int
	// Timeout bounds each wait for the bot (default 20 s).
	Timeout time.Duration
	// askedSeq and askedKB identify the version of message Asked that was
	// seen: a question's number from its buttons, or (buttons without one)
	// the buttons themselves.
	askedSeq int
	askedKB  string
}

// QuestionSeq returns the question number a bot message's buttons carry
// (callback data "1|<step>|<seq>|<value>"), and whether they carry one.
func QuestionSeq(m Message) (step, seq int, ok bool) {
	for _, row := range m.Keyboard {
		for _, b := range row {
			parts := strings.SplitN(b.CallbackData, "|", 4)
			if len(parts) != 4 || parts[0] != "1" {
				continue
			}
			st, err1 := strconv.Atoi(parts[1])
			sq, err2 := strconv.Atoi(parts[2])
			if err1 == nil && err2 == nil {
				return st, sq, true
			}
		}
	}
	return 0, 0, false
}

// CurrentQuestion returns the question a person has before them in chat:
// of the bot messages not deleted that have buttons, the one whose buttons
// carry the highest question number (a later message on a tie), or, when
// no buttons carry one, the latest message with buttons.
func (s *Server) CurrentQuestion(chatID int64) (Message, bool) {
	var cur Message
	curSeq, found := -1, false
	for _, m := range s.BotMessages(chatID) {
		if m.Deleted || len(m.Keyboard) == 0 {
			continue
		}
		_, seq, ok := QuestionSeq(m)
		if !ok {
			seq = -1
		}
		if !found || seq >= curSeq {
			cur, curSeq, found = m, seq, true
		}
	}
	return cur, found
}

func kbKey(m Message) string {
	var b strings.Builder
	for _, row := range m.Keyboard {
		for _, k := range row {
			b.WriteString(k.CallbackData + ";")
		}
	}
	return b.String()
}

// NewPerson returns a scripted user with the given ID and app language.
func (s *Server) NewPerson(t testing.TB, id int64, languageCode string) *Person {
	return &Person{t: t, s: s, User: User{ID: id, FirstName: "P", LanguageCode: languageCode}, Timeout: 20 * time.Second}
}

// Say sends text, or a /command, and waits for the next question.
func (p *Person) Say(text string) Message {
	p.t.Helper()
	if strings.HasPrefix(text, "/") {
		p.s.SendCommand(p.User, text)
	} else {
		p.s.SendText(p.User, text)
	}
	return p.NextQuestion()
}

// Press presses the button labelled label on the current question and waits
// for the next question.
func (p *Person) Press(label string) Message {
	p.t.Helper()
	q := p.Current()
	for _, row := range q.Keyboard {
		for _, b := range row {
			if b.Text == label {
				p.s.Press(p.User, q.ID, b.CallbackData)
				return p.NextQuestion()
			}
		}
	}
	p.t.Fatalf("telegramtest: no button %q on %q (buttons %v)", label, q.Plain, q.Keyboard)
	return Message{}
}

// Current returns the question being asked.
func (p *Person) Current() Message {
	p.t.Helper()
	for _, m := range p.s.BotMessages(p.User.ID) {
		if m.ID == p.Asked {
			return m
		}
	}
	p.t.Fatalf("telegramtest: question %d not found", p.Asked)
	return Message{}
}

// NextQuestion waits for a new current question (see CurrentQuestion) and
// returns it. A question is new when it is in a newer message than the
// last one seen, or carries a higher number: a new message, or the same
// message edited into the next question.
func (p *Person) NextQuestion() Message {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), p.Timeout)
	defer cancel()
	var q Message
	var seq int
	err := p.s.WaitFor(ctx, func(s *Server) bool {
		m, ok := s.CurrentQuestion(p.User.ID)
		if !ok {
			return false
		}
		_, n, numbered := QuestionSeq(m)
		if !numbered {
			n = -1
		}
		if m.ID == p.Asked && n == p.askedSeq && (numbered || kbKey(m) == p.askedKB) {
			return false
		}
		if m.ID < p.Asked && n <= p.askedSeq {
			// An older question that still shows its buttons, while the
			// newest is between versions (answered, the next one not yet
			// there): not new.
			return false
		}
		q, seq = m, n
		return true
	})
	if err != nil {
		p.t.Fatalf("telegramtest: no new question from the bot; the chat so far:\n%s", strings.Join(p.Transcript(), "\n"))
	}
	p.Asked, p.askedSeq, p.askedKB = q.ID, seq, kbKey(q)
	return q
}

// Since returns the text (as shown) of the bot's messages after message id,
// in order.
func (p *Person) Since(id int) []string {
	var out []string
	for _, m := range p.s.BotMessages(p.User.ID) {
		if m.ID > id {
			out = append(out, m.Plain)
		}
	}
	return out
}

// Transcript returns the whole chat as "bot: …" and "person: …" lines.
func (p *Person) Transcript() []string {
	var out []string
	for _, m := range p.s.Messages(p.User.ID) {
		who := "person"
		if m.FromBot {
			who = "bot"
		}
		out = append(out, who+": "+m.Plain)
	}
	return out
}
