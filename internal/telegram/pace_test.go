package telegram

import (
	"strings"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/crisis"
	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/referral/referraltest"
	"github.com/komek-kz/komek/internal/telegram/telegramtest"
	"github.com/komek-kz/komek/locales"
)

// Replies paced by the chat's limit (issue 14) do not hold back the
// emergency numbers, with a limit strict enough that the results are
// always being paced when the words come (humanpace_test.go tries the
// same, and another person's press, at the shipped limits).

// slowChat makes the chat's limit strict: one message now, then one every
// two seconds, so a reply of several messages is paced for seconds.
func slowChat(c *Config) { c.ChatRate, c.ChatBurst = 0.5, 1 }

// toResults takes p through the conversation by buttons up to the last
// question and presses its answer without waiting: the results are then
// being paced.
func toResults(t *testing.T, fake *telegramtest.Server, p *telegramtest.Person) {
	t.Helper()
	p.Say("/start")
	p.Press("Нет")
	p.Press("Мигрантам: документы, зарплата, домой")
	p.Press("Мне")
	p.Press("Шымкент")
	q := p.Current()
	for _, row := range q.Keyboard {
		for _, b := range row {
			if b.Text == "Другая страна" {
				fake.Press(p.User, q.ID, b.CallbackData)
			}
		}
	}
	// The first results message is out; the rest wait for the limit.
	err := fake.WaitFor(deadline(t), func(s *telegramtest.Server) bool {
		return strings.Contains(strings.Join(p.Since(0), "\n"), "+7 700 000 00 03")
	})
	if err != nil {
		t.Fatalf("no results: %q", p.Since(0))
	}
}

// withCrisisWords gives the bot's dialog the crisis lexicon, as komek serve
// does.
func withCrisisWords(t *testing.T) func(*Deps) {
	return func(d *Deps) {
		alarm, err := crisis.Load(locales.Crisis)
		if err != nil {
			t.Fatal(err)
		}
		d.Engine = engine.New(engine.Config{DB: d.DB, Lexicon: dialog.Lexicon(d.Catalog.Lexicon()), Log: d.Log,
			Dialog: dialog.Options{Crisis: alarm}}, referraltest.Table())
	}
}

// emergency reports the message with the emergency numbers (Russian): the
// alarm after words of danger, or the list after "yes, in danger".
func emergency(text string) bool {
	return strings.Contains(text, "позвоните прямо сейчас") || strings.Contains(text, "звоните прямо сейчас")
}

func TestACrisisTypedWhileResultsArePacedGetsTheEmergencyNumbersFirst(t *testing.T) {
	fake := telegramtest.NewServer(t)
	startBotWith(t, fake, slowChat, withCrisisWords(t))
	p := newPerson(t, fake, 6001, "ru")
	toResults(t, fake, p)
	before := len(fake.BotMessages(p.User.ID))

	typed := time.Now()
	fake.SendText(p.User, "не хочу больше жить")
	var at time.Time
	err := fake.WaitFor(deadline(t), func(s *telegramtest.Server) bool {
		for _, m := range s.BotMessages(p.User.ID)[before:] {
			if emergency(m.Plain) {
				at = m.Date
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatalf("no emergency numbers: %q", p.Since(0))
	}
	t.Logf("typed → emergency numbers: %v", at.Sub(typed).Round(time.Millisecond))
	if took := at.Sub(typed); took > time.Second {
		t.Errorf("the emergency numbers came %v after the words, want at most 1 s", took)
	}
	// Nothing queued went before them: the first new message is the
	// emergency numbers, and the results question came (if at all) after.
	if first := fake.BotMessages(p.User.ID)[before]; !emergency(first.Plain) {
		t.Errorf("the first message after the words: %q", first.Plain)
	}
}
