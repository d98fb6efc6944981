package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/telegram/telegramtest"
	"github.com/komek-kz/komek/locales"
)

// People at human pace, against "komek serve" through run() with the
// shipped limits (issue 14): one who taps 300 ms after each question
// appears, one whose every tap lands twice, two who type the next answer
// before its question arrives, and one on a network where every Bot API
// call takes 300 ms. Each must reach the referral with no "this button no
// longer works", no question asked twice in a row and no button left
// spinning.

// defaultEnv is the environment of "komek serve" against fake on db with
// the shipped rate limits.
func defaultEnv(fake *telegramtest.Server, db string) []string {
	return []string{
		"TELEGRAM_TOKEN", fake.Token(), "TELEGRAM_API_URL", fake.URL(), "KOMEK_DB", db,
		"KOMEK_LISTEN", "127.0.0.1:0", "KOMEK_HASH_KEY", "a-test-key-of-enough-length",
	}
}

// question is a question on the person's screen: the message it is in, its
// step and number (from its buttons' data "1|<step>|<seq>|<value>") and
// when it appeared there.
type question struct {
	msg       telegramtest.Message
	step, seq int
	at        time.Time
}

func questionOf(m telegramtest.Message) (question, bool) {
	if m.Deleted || len(m.Keyboard) == 0 || len(m.Keyboard[0]) == 0 {
		return question{}, false
	}
	parts := strings.SplitN(m.Keyboard[0][0].CallbackData, "|", 4)
	if len(parts) != 4 {
		return question{}, false
	}
	step, err1 := strconv.Atoi(parts[1])
	seq, err2 := strconv.Atoi(parts[2])
	at := m.Date
	if !m.EditedAt.IsZero() {
		at = m.EditedAt
	}
	return question{msg: m, step: step, seq: seq, at: at}, err1 == nil && err2 == nil
}

// pacedPerson is one person in a chat with the bot.
type pacedPerson struct {
	t    *testing.T
	fake *telegramtest.Server
	user telegramtest.User
	last question // the question last seen
	// taps are the presses made, by time; waits the time from each press
	// to the next question on the screen.
	taps  []time.Time
	waits []time.Duration
}

func newPacedPerson(t *testing.T, fake *telegramtest.Server, id int64, lang string) *pacedPerson {
	return &pacedPerson{t: t, fake: fake, user: telegramtest.User{ID: id, FirstName: "P", LanguageCode: lang}}
}

// next waits for a question newer than the last one seen: a new message,
// or the same message edited into the next question.
func (p *pacedPerson) next() question {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var q question
	err := p.fake.WaitFor(ctx, func(s *telegramtest.Server) bool {
		var newest question
		for _, m := range s.BotMessages(p.user.ID) {
			if c, ok := questionOf(m); ok && c.seq >= newest.seq {
				newest = c
			}
		}
		if newest.seq == 0 || (newest.msg.ID == p.last.msg.ID && newest.seq == p.last.seq) {
			return false
		}
		q = newest
		return true
	})
	if err != nil {
		p.t.Fatalf("no new question after %v; the chat:\n%s", p.last.step, strings.Join(p.chat(), "\n"))
	}
	if n := len(p.taps); n > 0 && len(p.waits) < n {
		p.waits = append(p.waits, q.at.Sub(p.taps[n-1]))
	}
	p.last = q
	return q
}

// press presses the button with value on q.
func (p *pacedPerson) press(q question, value string) {
	p.t.Helper()
	for _, row := range q.msg.Keyboard {
		for _, b := range row {
			if strings.HasSuffix(b.CallbackData, "|"+value) {
				p.taps = append(p.taps, time.Now())
				p.fake.Press(p.user, q.msg.ID, b.CallbackData)
				return
			}
		}
	}
	p.t.Fatalf("no button %q on %q", value, q.msg.Plain)
}

// chat is every version of every message in the chat, for failure logs.
func (p *pacedPerson) chat() []string {
	var out []string
	for _, m := range p.fake.Messages(p.user.ID) {
		who := "person"
		if m.FromBot {
			who = "bot"
		}
		for _, r := range m.History {
			out = append(out, fmt.Sprintf("%s #%d (then edited): %s", who, m.ID, r.Plain))
		}
		out = append(out, fmt.Sprintf("%s #%d: %s", who, m.ID, m.Plain))
	}
	return out
}

// check fails the test unless the conversation reached the referral with
// no stale button, no question asked twice in a row and every press
// answered.
func (p *pacedPerson) check(stale []string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := p.fake.WaitIdle(ctx); err != nil {
		p.t.Errorf("presses left unanswered: %v", p.fake.Unanswered())
	}
	var steps []int
	phone := false
	for _, m := range p.fake.BotMessages(p.user.ID) {
		versions := append(slices.Clone(m.History), telegramtest.Revision{Plain: m.Plain, Keyboard: m.Keyboard})
		for _, r := range versions {
			for _, s := range stale {
				if strings.Contains(r.Plain, s) {
					p.t.Errorf("the bot said a button no longer works: %q", r.Plain)
				}
			}
			if q, ok := questionOf(telegramtest.Message{Keyboard: r.Keyboard}); ok {
				if len(steps) > 0 && steps[len(steps)-1] == q.step {
					p.t.Errorf("the question at step %d was asked twice in a row; the chat:\n%s", q.step, strings.Join(p.chat(), "\n"))
				}
				steps = append(steps, q.step)
			}
		}
		if len(m.Keyboard) == 0 && strings.Contains(m.Plain, "+7") {
			phone = true
		}
	}
	if !phone || p.last.step != int(dialog.StepResults) {
		p.t.Errorf("the referral was not reached; the chat:\n%s", strings.Join(p.chat(), "\n"))
	}
	p.t.Logf("tap → next question: %v", p.waits)
	for _, cb := range p.fake.Callbacks() {
		if cb.ChatID == p.user.ID && cb.Answered {
			p.t.Logf("tap → spinner stops: %v (%s)", cb.AnsweredAt.Sub(cb.PressedAt).Round(time.Millisecond), cb.Data)
		}
	}
}

// staleTexts is the "button no longer works" message in every language.
func staleTexts(t *testing.T) []string {
	cat, err := locale.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range referral.Langs {
		out = append(out, cat.Text(l, "stale", nil))
	}
	return out
}

// migrant is the way through for a labour migrant in Almaty, by button
// values, step by step.
var migrant = map[int]string{
	int(dialog.StepDanger): "no", int(dialog.StepNeed): "migrant", int(dialog.StepWho): "self",
	int(dialog.StepAge): "18+", int(dialog.StepRegion): "almaty", int(dialog.StepCitizenship): "foreign",
}

// tapThrough answers every question by pressing, think after it appears,
// twice at once when double, until the results.
func (p *pacedPerson) tapThrough(think time.Duration, double bool) {
	p.t.Helper()
	p.fake.SendCommand(p.user, "/start")
	for q := p.next(); q.step != int(dialog.StepResults); q = p.next() {
		v, ok := migrant[q.step]
		if !ok {
			p.t.Fatalf("no answer for step %d: %q", q.step, q.msg.Plain)
		}
		time.Sleep(think)
		p.press(q, v)
		if double {
			p.press(q, v)
		}
	}
}

func startPaced(t *testing.T) *telegramtest.Server {
	t.Helper()
	fake := telegramtest.NewServer(t)
	serve(t, defaultEnv(fake, filepath.Join(t.TempDir(), "komek.db")))
	return fake
}

func TestAQuickTapperReachesTheReferral(t *testing.T) {
	fake := startPaced(t)
	p := newPacedPerson(t, fake, 8101, "ru")
	p.tapThrough(300*time.Millisecond, false)
	p.check(staleTexts(t))
}

func TestADoubleTapperReachesTheReferral(t *testing.T) {
	fake := startPaced(t)
	p := newPacedPerson(t, fake, 8102, "kk")
	p.tapThrough(300*time.Millisecond, true)
	p.check(staleTexts(t))
	// Every second press was a repeat: acknowledged with a note, and
	// nothing else.
	notes := 0
	for _, cb := range fake.Callbacks() {
		if cb.Text != "" {
			notes++
		}
	}
	if notes == 0 {
		t.Error("no repeated press was acknowledged with a note")
	}
}

func TestOnASlowNetworkTheConversationStillReachesTheReferral(t *testing.T) {
	fake := startPaced(t)
	fake.SetLatency(300 * time.Millisecond)
	p := newPacedPerson(t, fake, 8103, "en")
	p.tapThrough(300*time.Millisecond, false)
	p.check(staleTexts(t))
}

// Typing ahead: the person presses an answer and at once types the answer
// to the question they expect next, before it arrives; in Russian, and in
// Kazakh with a case ending («Алматыдамын», "I am in Almaty").
func TestTypingAheadReachesTheReferral(t *testing.T) {
	for _, c := range []struct {
		lang, need, region string
		id                 int64
	}{
		{"ru", "потерял паспорт", "Алматы", 8104},
		{"kk", "мигрантпын", "Алматыдамын", 8105},
	} {
		t.Run(c.lang, func(t *testing.T) {
			fake := startPaced(t)
			p := newPacedPerson(t, fake, c.id, c.lang)
			p.fake.SendCommand(p.user, "/start")
			q := p.next() // are you in danger?
			p.press(q, "no")
			fake.SendText(p.user, c.need) // before the need question arrives
			for q = p.next(); q.step != int(dialog.StepWho); q = p.next() {
			}
			p.press(q, "self")
			fake.SendText(p.user, c.region) // before the next question arrives
			for q = p.next(); q.step != int(dialog.StepResults); q = p.next() {
				if q.step == int(dialog.StepRegion) {
					continue // shown as the press's answer, then answered by the typed text
				}
				v, ok := migrant[q.step]
				if !ok {
					t.Fatalf("no answer for step %d: %q", q.step, q.msg.Plain)
				}
				time.Sleep(300 * time.Millisecond)
				p.press(q, v)
			}
			p.check(staleTexts(t))
		})
	}
}
