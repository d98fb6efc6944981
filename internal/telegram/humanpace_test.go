package telegram

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/telegram/telegramtest"
	"github.com/komek-kz/komek/locales"
)

// At the shipped limits (issue 14): a person who types every answer
// quickly has spent the chat's burst by the results, so the results are
// paced; the emergency numbers and other people's buttons never wait
// behind them, and a repeated press is only acknowledged.

// shippedLimits leaves the limits as shipped.
func shippedLimits(c *Config) { c.GlobalRate, c.ChatRate, c.ChatBurst = 0, 0, 0 }

// typedToResults takes p through the conversation typing each answer
// (each one a new message) as soon as its question appears, and returns
// once the first results message is there: the rest are being paced.
func typedToResults(t *testing.T, fake *telegramtest.Server, p *telegramtest.Person) {
	t.Helper()
	p.Say("/start")
	p.Say("нет")
	p.Say("потерял паспорт")
	p.Say("мне")
	p.Say("Шымкент")
	fake.SendText(p.User, "иностранец")
	err := fake.WaitFor(deadline(t), func(s *telegramtest.Server) bool {
		return strings.Contains(strings.Join(p.Since(0), "\n"), "+7 700 000 00 03")
	})
	if err != nil {
		t.Fatalf("no results:\n%s", strings.Join(p.Transcript(), "\n"))
	}
}

// shownAt is when the version of m a person sees appeared.
func shownAt(m telegramtest.Message) time.Time {
	if !m.EditedAt.IsZero() {
		return m.EditedAt
	}
	return m.Date
}

func TestAtShippedLimitsACrisisTypedWhileResultsArePacedGetsTheEmergencyNumbersFirst(t *testing.T) {
	fake := telegramtest.NewServer(t)
	startBotWith(t, fake, shippedLimits, withCrisisWords(t))
	p := newPerson(t, fake, 6201, "ru")
	typedToResults(t, fake, p)
	before := len(fake.BotMessages(p.User.ID))

	fake.SendText(p.User, "не хочу больше жить")
	msgs := fake.Messages(p.User.ID)
	typed := msgs[len(msgs)-1].Date // the fake's own time of the words
	var sos telegramtest.Message
	err := fake.WaitFor(deadline(t), func(s *telegramtest.Server) bool {
		for _, m := range s.BotMessages(p.User.ID)[before:] {
			if emergency(m.Plain) {
				sos = m
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatalf("no emergency numbers:\n%s", strings.Join(p.Transcript(), "\n"))
	}
	took := sos.Date.Sub(typed)
	t.Logf("typed → emergency numbers: %v", took.Round(time.Millisecond))
	if took > time.Second {
		t.Errorf("the emergency numbers came %v after the words, want at most 1 s", took)
	}
	if first := fake.BotMessages(p.User.ID)[before]; first.ID != sos.ID {
		t.Errorf("before the emergency numbers came %q", first.Plain)
	}
	// The results were still being paced when the words came: their
	// question (more, feedback, start over, exit) had not come yet.
	if at, ok := resultsQuestionAt(fake, p.User.ID); ok && at.Before(typed) {
		t.Skipf("this machine was too slow to type while the results were paced (their question came %v before the words)", typed.Sub(at))
	}
}

// resultsQuestionAt is when the question after the results came in
// chatID, if it has.
func resultsQuestionAt(fake *telegramtest.Server, chatID int64) (time.Time, bool) {
	for _, m := range fake.BotMessages(chatID) {
		if step, _, ok := telegramtest.QuestionSeq(m); ok && step == int(dialog.StepResults) {
			return m.Date, true
		}
	}
	return time.Time{}, false
}

// While one person's results are paced at the shipped limits, another
// person's press stops spinning within 300 ms and their next question
// follows, in both modes.
func TestAtShippedLimitsAPressIsAnsweredWhileAnotherChatsRepliesArePaced(t *testing.T) {
	for _, mode := range []string{"polling", "webhook"} {
		t.Run(mode, func(t *testing.T) {
			fake := telegramtest.NewServer(t)
			tweak := shippedLimits
			if mode == "webhook" {
				addr := freeAddr(t)
				tweak = func(c *Config) {
					shippedLimits(c)
					c.Listen, c.WebhookURL, c.WebhookSecret = addr, "http://"+addr+"/telegram/hook", "s3cret_value"
				}
			}
			startBot(t, fake, tweak)
			other := newPerson(t, fake, 6301, "en")
			q := other.Say("/start")
			p := newPerson(t, fake, 6302, "ru")
			typedToResults(t, fake, p)

			var data string
			for _, row := range q.Keyboard {
				for _, b := range row {
					if b.Text == "No" {
						data = b.CallbackData
					}
				}
			}
			fake.Press(other.User, q.ID, data)
			next := other.NextQuestion()
			err := fake.WaitFor(deadline(t), func(s *telegramtest.Server) bool {
				return len(unansweredIn(s, other.User.ID)) == 0
			})
			if err != nil {
				t.Fatal("the press was never answered")
			}
			var cb telegramtest.Callback
			for _, c := range fake.Callbacks() {
				if c.ChatID == other.User.ID && c.Data == data {
					cb = c
				}
			}
			spun, waited := cb.AnsweredAt.Sub(cb.PressedAt), shownAt(next).Sub(cb.PressedAt)
			t.Logf("tap → spinner stops %v, tap → next question %v", spun.Round(time.Millisecond), waited.Round(time.Millisecond))
			if spun > 300*time.Millisecond {
				t.Errorf("the button spun %v while another chat's replies were paced, want at most 300 ms", spun)
			}
			// The other chat was indeed still being paced at the press: the
			// question after its results came later.
			err = fake.WaitFor(deadline(t), func(s *telegramtest.Server) bool {
				_, ok := resultsQuestionAt(s, p.User.ID)
				return ok
			})
			if err != nil {
				t.Fatalf("the other chat never got the question after its results:\n%s", strings.Join(p.Transcript(), "\n"))
			}
			if at, _ := resultsQuestionAt(fake, p.User.ID); at.Before(cb.PressedAt) {
				t.Skipf("this machine was too slow to press while the other chat was paced (its last reply came %v before the press)", cb.PressedAt.Sub(at))
			}
		})
	}
}

// unansweredIn returns the callback queries of chatID not answered yet.
func unansweredIn(s *telegramtest.Server, chatID int64) []string {
	var out []string
	for _, c := range s.Callbacks() {
		if c.ChatID == chatID && !c.Answered {
			out = append(out, c.ID)
		}
	}
	return out
}

// versions is every version of every bot message in chatID (each send and
// each edit), as shown.
func versions(fake *telegramtest.Server, chatID int64) []string {
	var out []string
	for _, m := range fake.BotMessages(chatID) {
		for _, r := range m.History {
			out = append(out, r.Plain)
		}
		out = append(out, m.Plain)
		if m.Deleted {
			out = append(out, "(deleted)")
		}
	}
	return out
}

// A double tap, back to back or after the next question is on the screen:
// the repeat is acknowledged with a short note in the person's language,
// and nothing is sent or edited for it — the chat is the same as a
// single tapper's.
func TestADoubleTapIsOnlyAcknowledged(t *testing.T) {
	fake := telegramtest.NewServer(t)
	startBot(t, fake, shippedLimits)
	cat, err := locale.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	single := newPerson(t, fake, 6401, "ru")
	double := newPerson(t, fake, 6402, "ru")
	late := newPerson(t, fake, 6403, "ru")
	for _, p := range []*telegramtest.Person{single, double, late} {
		p.Say("/start")
	}

	single.Press("Нет")
	single.Press("Мигрантам: документы, зарплата, домой")

	// Back to back: the second tap carries the same data from the same
	// keyboard (which the bot may have replaced by then).
	for _, label := range []string{"Нет", "Мигрантам: документы, зарплата, домой"} {
		q := double.Current()
		data := buttonData(t, q, label)
		fake.Press(double.User, q.ID, data)
		fake.PressForged(double.User, q.ID, data)
		double.NextQuestion()
	}

	// Late: the repeat comes once the next question is on the screen.
	q := late.Current()
	data := buttonData(t, q, "Нет")
	late.Press("Нет")
	fake.PressForged(late.User, q.ID, data)
	if err := fake.WaitFor(deadline(t), func(s *telegramtest.Server) bool { return len(unansweredIn(s, late.User.ID)) == 0 }); err != nil {
		t.Fatal("the repeated press was never answered")
	}
	late.Press("Мигрантам: документы, зарплата, домой")

	// One more answer each: whatever a repeat brought would be out before
	// its question.
	for _, p := range []*telegramtest.Person{single, double, late} {
		p.Press("Мне")
	}
	if err := fake.WaitIdle(deadline(t)); err != nil {
		t.Fatal(err)
	}
	want := versions(fake, single.User.ID)
	for _, p := range []*telegramtest.Person{double, late} {
		if got := versions(fake, p.User.ID); !slices.Equal(got, want) {
			t.Errorf("person %d was shown\n%q\nwant, as a single tapper,\n%q", p.User.ID, got, want)
		}
		notes := 0
		for _, c := range fake.Callbacks() {
			if c.ChatID == p.User.ID && c.Text != "" {
				notes++
				if want := cat.Text("ru", "noted", nil); c.Text != want || c.ShowAlert {
					t.Errorf("a repeated press got %q (alert %v), want the note %q", c.Text, c.ShowAlert, want)
				}
			}
		}
		if wantNotes := map[int64]int{double.User.ID: 2, late.User.ID: 1}[p.User.ID]; notes != wantNotes {
			t.Errorf("person %d: %d presses answered with a note, want %d", p.User.ID, notes, wantNotes)
		}
	}
	// A repeat costs one call: its answer. (A call is recorded just after
	// the chat shows its effect, so the counts may take a moment to agree.)
	calls := func(s *telegramtest.Server, chatID int64) (n int) {
		for _, c := range s.Calls() {
			if c.Method != "getUpdates" && c.Method != "answerCallbackQuery" && c.Params["chat_id"] == strconv.FormatInt(chatID, 10) {
				n++
			}
		}
		return n
	}
	err = fake.WaitFor(deadline(t), func(s *telegramtest.Server) bool {
		a := calls(s, single.User.ID)
		return a == calls(s, double.User.ID) && a == calls(s, late.User.ID)
	})
	if err != nil {
		t.Errorf("calls other than callback answers: single %d, double %d, late %d",
			calls(fake, single.User.ID), calls(fake, double.User.ID), calls(fake, late.User.ID))
	}
}

// buttonData is the callback data of the button labelled label on q.
func buttonData(t *testing.T, q telegramtest.Message, label string) string {
	t.Helper()
	for _, row := range q.Keyboard {
		for _, b := range row {
			if b.Text == label {
				return b.CallbackData
			}
		}
	}
	t.Fatalf("no button %q on %q", label, q.Plain)
	return ""
}
