package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/telegram/telegramtest"
	"github.com/komek-kz/komek/locales"
)

// Issue 14, as people feel it: several people talk to one "komek serve"
// at the same time, through run(), with the shipped limits, each at their
// own human pace, in Kazakh, Russian and English. Whatever their pace,
// each reaches the referral, never hears "this button no longer works",
// is never asked the same question twice in a row, and no button is left
// spinning.

// hpEnv is the environment of "komek serve" against fake, limits as shipped.
func hpEnv(t *testing.T, fake *telegramtest.Server) []string {
	return []string{"TELEGRAM_TOKEN", fake.Token(), "TELEGRAM_API_URL", fake.URL(),
		"KOMEK_DB", filepath.Join(t.TempDir(), "komek.db"), "KOMEK_LISTEN", "127.0.0.1:0",
		"KOMEK_HASH_KEY", "a-test-key-of-enough-length"}
}

// hpCatalog is the text catalog, to read what people see in their language.
func hpCatalog(t *testing.T) *locale.Catalog {
	t.Helper()
	cat, err := locale.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// hpAnswers is the way of a labour migrant in Almaty who is not a citizen,
// by button value, step by step.
var hpAnswers = map[int]string{
	int(dialog.StepDanger): "no", int(dialog.StepNeed): "migrant", int(dialog.StepWho): "self",
	int(dialog.StepAge): "18+", int(dialog.StepRegion): "almaty", int(dialog.StepCitizenship): "foreign",
}

// hpValues are the button values of the questions whose answers are
// checked.
var hpValues = map[string][]string{
	"region": {"astana", "almaty", "shymkent", "abai", "akmola", "aktobe", "almaty_region", "atyrau",
		"east_kazakhstan", "jetisu", "karaganda", "kostanay", "kyzylorda", "mangystau", "north_kazakhstan",
		"pavlodar", "turkistan", "ulytau", "west_kazakhstan", "zhambyl", "abroad"},
	"citizenship": {"kz", "foreign", "stateless", "skip"},
}

// hpTyped is what a person typing ahead writes, in their language: the
// need, the region and the citizenship.
var hpTyped = map[string][3]string{
	"kk": {"мигрантпын", "Алматыдамын", "шетел азаматы"},
	"ru": {"потерял паспорт", "живу в Алматы", "иностранец"},
	"en": {"migrant", "Almaty", "foreigner"},
}

// hpPerson is one person in a chat with the bot.
type hpPerson struct {
	t    *testing.T
	fake *telegramtest.Server
	user telegramtest.User
	// seenID and seenSeq are the question last seen: its message and
	// number.
	seenID, seenSeq int
}

func newHPPerson(t *testing.T, fake *telegramtest.Server, id int64, lang string) *hpPerson {
	return &hpPerson{t: t, fake: fake, user: telegramtest.User{ID: id, FirstName: "P", LanguageCode: lang}}
}

// next waits for a new current question (telegramtest.CurrentQuestion) and
// returns it with its step and when it appeared on the screen.
func (p *hpPerson) next() (telegramtest.Message, int, time.Time) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var q telegramtest.Message
	var step int
	err := p.fake.WaitFor(ctx, func(s *telegramtest.Server) bool {
		m, ok := s.CurrentQuestion(p.user.ID)
		if !ok {
			return false
		}
		st, seq, ok := telegramtest.QuestionSeq(m)
		if !ok || (m.ID == p.seenID && seq == p.seenSeq) || (m.ID < p.seenID && seq <= p.seenSeq) {
			return false // the same, or an older one while the newest is between versions
		}
		q, step, p.seenID, p.seenSeq = m, st, m.ID, seq
		return true
	})
	if err != nil {
		p.t.Fatalf("no new question after message %d (number %d); the chat:\n%s", p.seenID, p.seenSeq, hpChat(p.fake, p.user.ID))
	}
	at := q.Date
	if !q.EditedAt.IsZero() {
		at = q.EditedAt
	}
	return q, step, at
}

// data is the callback data of the button with value on q.
func (p *hpPerson) data(q telegramtest.Message, value string) string {
	p.t.Helper()
	for _, row := range q.Keyboard {
		for _, b := range row {
			if strings.HasSuffix(b.CallbackData, "|"+value) {
				return b.CallbackData
			}
		}
	}
	p.t.Fatalf("no button %q on %q", value, q.Plain)
	return ""
}

// answer presses the answer to the question at step on q.
func (p *hpPerson) answer(q telegramtest.Message, step int) {
	p.t.Helper()
	v, ok := hpAnswers[step]
	if !ok {
		p.t.Fatalf("no answer for the question at step %d: %q", step, q.Plain)
	}
	p.fake.Press(p.user, q.ID, p.data(q, v))
}

// tapper answers each question by a press, think after it appears on the
// screen; a double tapper's every press lands twice at once.
func (p *hpPerson) tapper(think time.Duration, double bool) {
	p.t.Helper()
	p.fake.SendCommand(p.user, "/start")
	for {
		q, step, at := p.next()
		if step == int(dialog.StepResults) {
			return
		}
		time.Sleep(time.Until(at.Add(think)))
		p.answer(q, step)
		if double {
			// The second tap comes from the same keyboard, which the bot
			// may already have replaced: a slow connection's repeat.
			p.fake.PressForged(p.user, q.ID, p.data(q, hpAnswers[step]))
		}
	}
}

// typeAhead presses "not in danger" and at once types the need, before
// its question arrives; presses "for me" as it comes and at once types the
// region and, 100 ms later, the citizenship, before either question
// arrives.
func (p *hpPerson) typeAhead(lang string) {
	p.t.Helper()
	typed := hpTyped[lang]
	p.fake.SendCommand(p.user, "/start")
	q, step, _ := p.next()
	if step != int(dialog.StepDanger) {
		p.t.Fatalf("first question at step %d: %q", step, q.Plain)
	}
	p.answer(q, step)
	p.fake.SendText(p.user, typed[0])
	for {
		q, step, _ = p.next()
		switch step {
		case int(dialog.StepResults):
			return
		case int(dialog.StepNeed), int(dialog.StepRegion), int(dialog.StepCitizenship):
			continue // answered already by what was typed
		}
		time.Sleep(300 * time.Millisecond)
		p.answer(q, step)
		if step == int(dialog.StepWho) {
			p.fake.SendText(p.user, typed[1])
			time.Sleep(100 * time.Millisecond)
			p.fake.SendText(p.user, typed[2])
		}
	}
}

// hpShown is one version of a bot message as it appeared: a question (at
// a step, with a number) or plain text.
type hpShown struct {
	at        time.Time
	id        int
	question  bool
	step, seq int
	plain     string
	keyboard  string
}

// hpTimeline is every version of every bot message in chatID, in the
// order they appeared on the screen.
func hpTimeline(fake *telegramtest.Server, chatID int64) []hpShown {
	var out []hpShown
	for _, m := range fake.BotMessages(chatID) {
		versions := append(slices.Clone(m.History), telegramtest.Revision{Plain: m.Plain, Keyboard: m.Keyboard})
		at := m.Date
		for _, r := range versions {
			v := hpShown{at: at, id: m.ID, plain: r.Plain, keyboard: fmt.Sprint(r.Keyboard)}
			v.step, v.seq, v.question = telegramtest.QuestionSeq(telegramtest.Message{Keyboard: r.Keyboard})
			out = append(out, v)
			at = r.ReplacedAt
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}

// hpChat is the chat for failure logs: every version of every message.
func hpChat(fake *telegramtest.Server, chatID int64) string {
	var b strings.Builder
	for _, m := range fake.Messages(chatID) {
		who := "person"
		if m.FromBot {
			who = "bot"
		}
		for _, r := range m.History {
			fmt.Fprintf(&b, "%s #%d (later edited): %s %v\n", who, m.ID, r.Plain, r.Keyboard)
		}
		fmt.Fprintf(&b, "%s #%d: %s %v\n", who, m.ID, m.Plain, m.Keyboard)
	}
	return b.String()
}

// hpCheck fails the test unless the chat reached the referral and the
// person was never told a button no longer works (in any language), nor
// asked the same question twice in a row, nor left with a spinning button;
// it logs, press by press, how long the spinner turned and how long the
// next question took.
func hpCheck(t *testing.T, fake *telegramtest.Server, cat *locale.Catalog, p *hpPerson, typed bool, times *hpTimes) {
	t.Helper()
	lang := referral.Lang(p.user.LanguageCode)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := fake.WaitFor(ctx, func(s *telegramtest.Server) bool {
		for _, cb := range s.Callbacks() {
			if cb.ChatID == p.user.ID && !cb.Answered {
				return false
			}
		}
		return true
	})
	if err != nil {
		t.Errorf("presses left unanswered: %v", fake.Unanswered())
	}
	var bad []string
	for _, l := range referral.Langs {
		bad = append(bad, cat.Text(l, "stale", nil))
	}
	if typed {
		// What was typed ahead was understood: no "I didn't understand".
		bad = append(bad, strings.SplitN(cat.Text(lang, "hint", map[string]any{"Count": 9}), ".", 2)[0])
	}
	shown := hpTimeline(fake, p.user.ID)
	var prev *hpShown
	phone := false
	for i := range shown {
		v := &shown[i]
		for _, s := range bad {
			if strings.Contains(v.plain, s) {
				t.Errorf("the bot said %q", v.plain)
			}
		}
		if strings.Contains(v.plain, "+7") && !v.question {
			phone = true
		}
		if !v.question {
			continue
		}
		if prev != nil && prev.step == v.step {
			t.Errorf("the question at step %d was asked twice in a row (message %d number %d, then message %d number %d)",
				v.step, prev.id, prev.seq, v.id, v.seq)
		}
		prev = v
	}
	if !phone || prev == nil || prev.step != int(dialog.StepResults) {
		t.Errorf("the referral was not reached")
	}
	// The answers given are the ones meant, typed or pressed: no other
	// region or citizenship is ever shown as an answer ("✓ a · b").
	given := map[string]bool{}
	for _, v := range shown {
		for line := range strings.SplitSeq(v.plain, "\n") {
			if _, after, ok := strings.Cut(line, "✓ "); ok {
				for _, a := range strings.Split(after, " · ") {
					given[a] = true
				}
			}
		}
	}
	for step, meant := range map[string]string{"region": "almaty", "citizenship": "foreign"} {
		for _, v := range hpValues[step] {
			label := cat.Text(lang, step+"."+v, nil)
			if v != meant && given[label] {
				t.Errorf("the %s was understood as %q, meant %q", step, label, cat.Text(lang, step+"."+meant, nil))
			}
		}
		if label := cat.Text(lang, step+"."+meant, nil); !given[label] {
			// Every answer is shown as taken, typed ahead or not: a
			// question with the echo of typed words is never dropped.
			t.Errorf("the %s %q is never shown as an answer", step, label)
		}
	}
	if t.Failed() {
		t.Logf("the chat:\n%s", hpChat(fake, p.user.ID))
	}
	for _, cb := range fake.Callbacks() {
		if cb.ChatID != p.user.ID || cb.Text != "" {
			continue // a repeat, answered with a note
		}
		var step, seq int
		fmt.Sscanf(strings.ReplaceAll(cb.Data, "|", " "), "1 %d %d", &step, &seq)
		next := "none"
		spin := cb.AnsweredAt.Sub(cb.PressedAt)
		for _, v := range shown {
			if v.question && v.seq > seq && !v.at.Before(cb.PressedAt) {
				d := v.at.Sub(cb.PressedAt)
				next = d.Round(time.Millisecond).String()
				times.add(spin, d)
				break
			}
		}
		t.Logf("step %d: tap → spinner stops %v, tap → next question %s", step, spin.Round(time.Millisecond), next)
	}
}

// hpTimes gathers, press by press, tap → spinner stops and tap → next
// question, from the fake's own timestamps.
type hpTimes struct {
	mu         sync.Mutex
	spin, next []time.Duration
}

func (h *hpTimes) add(spin, next time.Duration) {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.spin, h.next = append(h.spin, spin), append(h.next, next)
}

// String is "p50 / p95 / max" of both, as BENCHMARKS.md reports them.
func (h *hpTimes) String() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	q := func(ds []time.Duration) string {
		if len(ds) == 0 {
			return "none"
		}
		s := slices.Sorted(slices.Values(ds))
		at := func(p float64) time.Duration { return s[int(p*float64(len(s)-1))].Round(time.Millisecond) }
		return fmt.Sprintf("%v / %v / %v", at(0.5), at(0.95), s[len(s)-1].Round(time.Millisecond))
	}
	return fmt.Sprintf("%d presses: tap → spinner stops %s; tap → next question %s (p50 / p95 / max)", len(h.spin), q(h.spin), q(h.next))
}

func TestPeopleAtHumanPaceReachTheReferral(t *testing.T) {
	fake := telegramtest.NewServer(t)
	serve(t, hpEnv(t, fake))
	cat := hpCatalog(t)
	id := int64(9100)
	times := map[string]*hpTimes{"quick tapper": {}, "double tapper": {}, "typing ahead": {}}
	t.Run("together", func(t *testing.T) {
		for _, lang := range []string{"kk", "ru", "en"} {
			id++
			quick := newHPPerson(t, fake, id, lang)
			t.Run("quick tapper/"+lang, func(t *testing.T) {
				t.Parallel()
				quick.t = t
				quick.tapper(300*time.Millisecond, false)
				hpCheck(t, fake, cat, quick, false, times["quick tapper"])
			})
			id++
			double := newHPPerson(t, fake, id, lang)
			t.Run("double tapper/"+lang, func(t *testing.T) {
				t.Parallel()
				double.t = t
				double.tapper(300*time.Millisecond, true)
				hpCheck(t, fake, cat, double, false, times["double tapper"])
				// Every repeated press was answered with the note, in the
				// person's language, and nothing else.
				notes := 0
				for _, cb := range fake.Callbacks() {
					if cb.ChatID == double.user.ID && cb.Text != "" {
						notes++
						if want := cat.Text(referral.Lang(lang), "noted", nil); cb.Text != want {
							t.Errorf("a repeated press got %q, want %q", cb.Text, want)
						}
					}
				}
				if taps := len(slices.DeleteFunc(fake.Callbacks(), func(cb telegramtest.Callback) bool {
					return cb.ChatID != double.user.ID
				})); notes*2 != taps {
					t.Errorf("%d of %d presses noted as repeats, want every second one", notes, taps)
				}
			})
			id++
			ahead := newHPPerson(t, fake, id, lang)
			t.Run("typing ahead/"+lang, func(t *testing.T) {
				t.Parallel()
				ahead.t = t
				ahead.typeAhead(lang)
				hpCheck(t, fake, cat, ahead, true, times["typing ahead"])
			})
		}
	})
	for _, kind := range []string{"quick tapper", "double tapper", "typing ahead"} {
		t.Logf("%s: %v", kind, times[kind])
	}
	// A double tapper is shown exactly what a single tapper is: a repeat
	// sends and edits nothing.
	for i, lang := range []string{"kk", "ru", "en"} {
		single, double := int64(9101+3*i), int64(9102+3*i)
		if a, b := hpVersions(fake, single), hpVersions(fake, double); a != b {
			t.Errorf("%s: a double tapper was shown %d message versions, a single tapper %d", lang, b, a)
		}
	}
}

// hpVersions counts the versions of the bot's messages in chatID: each
// send and each edit.
func hpVersions(fake *telegramtest.Server, chatID int64) int {
	n := 0
	for _, m := range fake.BotMessages(chatID) {
		n += 1 + len(m.History)
	}
	return n
}

// On a slow network every Bot API call takes 300 ms; people still reach
// the referral, in every language, at the same time: one tapping 300 ms
// after each question appears, one typing ahead (whose typed answers then
// arrive well before the bot knows its question is on the screen).
func TestOnASlowNetworkPeopleReachTheReferral(t *testing.T) {
	fake := telegramtest.NewServer(t)
	fake.SetLatency(300 * time.Millisecond)
	serve(t, hpEnv(t, fake))
	cat := hpCatalog(t)
	times := &hpTimes{}
	t.Cleanup(func() { t.Logf("slow network: %v", times) })
	for i, lang := range []string{"kk", "ru", "en"} {
		p := newHPPerson(t, fake, int64(9200+i), lang)
		t.Run("quick tapper/"+lang, func(t *testing.T) {
			t.Parallel()
			p.t = t
			p.tapper(300*time.Millisecond, false)
			hpCheck(t, fake, cat, p, false, times)
		})
		ahead := newHPPerson(t, fake, int64(9210+i), lang)
		t.Run("typing ahead/"+lang, func(t *testing.T) {
			t.Parallel()
			ahead.t = t
			ahead.typeAhead(lang)
			hpCheck(t, fake, cat, ahead, true, nil)
		})
	}
}
