package dialog_test

import (
	"slices"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral/referraltest"
)

// lex is a small lexicon in the shape locale.Catalog.Lexicon returns: labels
// in several languages plus typed keywords.
var lex = dialog.Lexicon{
	"lang.kk": {"Қазақша", "kazakh"}, "lang.ru": {"Русский", "russian"}, "lang.en": {"English"},
	"danger.yes":             {"Yes, in danger now", "Да, мне угрожает опасность", "да"},
	"danger.no":              {"No", "Нет", "Жоқ"},
	"safety.continue":        {"Go on", "Продолжить"},
	"safety.exit":            {"Leave", "Выйти"},
	"need.domestic_violence": {"Violence or threats at home", "Насилие или угрозы дома", "муж бьёт"},
	"need.child_abuse":       {"Violence against a child, or bullying", "Насилие над ребёнком, травля", "буллинг"},
	"need.trafficking":       {"Forced labour, being held, trafficking", "Принудительный труд, торговля людьми"},
	"need.migrant":           {"Migrant problems: documents, wages, going home", "Проблемы мигранта: документы, зарплата", "паспорт", "migrant"},
	"need.child_rehab":       {"Rehabilitation for a child with a disability", "Реабилитация ребёнка с инвалидностью", "ДЦП", "реабилитация"},
	"need.disability":        {"Disability: study, work, inclusion", "Инвалидность: учёба, работа"},
	"need.mental_health":     {"Feeling very bad, thoughts of suicide", "Очень плохо на душе, мысли о суициде"},
	"need.poverty":           {"Money, food, material help", "Деньги, еда, помощь вещами"},
	"need.child_care":        {"A child without parents", "Ребёнок без родителей"},
	"need.legal":             {"Legal help, complaints about rights", "Юридическая помощь, жалобы"},
	"who.self":               {"For me", "Для меня"},
	"who.child":              {"For my child", "Для моего ребёнка"},
	"who.adult":              {"For another adult", "Для другого взрослого"},
	"who.other_child":        {"For another child", "Для другого ребёнка"},
	"age.0-2":                {"Under 3"}, "age.3-6": {"3 to 6"}, "age.7-13": {"7 to 13"}, "age.14-17": {"14 to 17"},
	"age.0-13": {"Under 14"}, "age.18+": {"18 or older"},
	"region.astana": {"Astana", "Астана"}, "region.almaty": {"Almaty", "Алматы"}, "region.shymkent": {"Shymkent", "Шымкент"},
	"region.almaty_region": {"Almaty Region", "Алматинская область", "Алматы облысы"},
	"region.akmola":        {"Akmola Region", "Акмолинская область"},
	"region.jetisu":        {"Jetisu Region", "Область Жетісу"},
	"region.karaganda":     {"Karaganda Region", "Карагандинская область"},
	"region.turkistan":     {"Turkistan Region", "Туркестанская область"},
	"region.abroad":        {"Outside Kazakhstan", "За пределами Казахстана"},
	"citizenship.kz":       {"Kazakhstan", "Казахстан"}, "citizenship.foreign": {"Another country", "Другая страна"},
	"citizenship.stateless": {"No citizenship"}, "citizenship.skip": {"I'd rather not say"},
	"results.option.more": {"Show more", "Ещё"}, "results.option.restart": {"Start over"}, "results.option.exit": {"Finish"},
	"nav.back": {"Back", "Назад", "артқа"}, "nav.restart": {"Start over", "Заново"},
	"nav.language": {"Language", "Язык"}, "nav.exit": {"Exit", "Выход"},
}

var machine = dialog.New(referraltest.Table(), lex, dialog.Options{ShowUnconfirmed: true})

var t0 = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// chat is one scripted conversation.
type chat struct {
	t   *testing.T
	m   *dialog.Machine
	s   dialog.State
	out []dialog.Output
	now time.Time
}

func newChat(t *testing.T) *chat { return &chat{t: t, m: machine, now: t0} }

// send applies one input and checks the invariants every turn must keep.
func (c *chat) send(in dialog.Input) *chat {
	c.t.Helper()
	c.now = c.now.Add(time.Minute)
	c.s, c.out = c.m.Step(c.s, in, c.now)
	checkTurn(c.t, c.s, c.out)
	return c
}

func (c *chat) text(s string) *chat        { c.t.Helper(); return c.send(dialog.Text(s)) }
func (c *chat) cmd(k dialog.Command) *chat { c.t.Helper(); return c.send(dialog.Cmd(k)) }

// press presses the button with value v on the current question.
func (c *chat) press(v string) *chat {
	c.t.Helper()
	return c.send(dialog.Press(c.s.Step, c.s.Seq, v))
}

// msgs returns the message IDs of the last turn's outputs.
func (c *chat) msgs() []string {
	ids := make([]string, len(c.out))
	for i, o := range c.out {
		ids[i] = o.Msg
	}
	return ids
}

func (c *chat) at(step dialog.StepID) *chat {
	c.t.Helper()
	if c.s.Step != step {
		c.t.Fatalf("at step %v, want %v (outputs %v)", c.s.Step, step, c.msgs())
	}
	return c
}

// question returns the last output, which is the question being asked.
func (c *chat) question() dialog.Output { return c.out[len(c.out)-1] }

// checkTurn asserts what holds after every step: there is an answer; the
// conversation either ended with a goodbye, or noted a repeated answer and
// said nothing else, or waits on a question whose step and sequence number
// match the state, with options to choose from; and the state survives
// encoding.
func checkTurn(t *testing.T, s dialog.State, out []dialog.Output) {
	t.Helper()
	if len(out) == 0 {
		t.Fatalf("no output at step %v", s.Step)
	}
	last := out[len(out)-1]
	if slices.ContainsFunc(out, func(o dialog.Output) bool { return o.Kind == dialog.OutNoted }) {
		if len(out) != 1 || last.Msg != "noted" {
			t.Fatalf("a repeat is noted and nothing else is said: %+v", out)
		}
	} else if s.Ended() {
		if last.Msg != "bye" && last.Msg != "forgotten" {
			t.Fatalf("ended without a goodbye: %+v", last)
		}
	} else {
		if last.Kind != dialog.OutQuestion || last.Step != s.Step || last.Seq != s.Seq || len(last.Options) == 0 {
			t.Fatalf("state at %v/%d but last output is %+v", s.Step, s.Seq, last)
		}
	}
	b, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back dialog.State
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatalf("state %+v does not survive encoding: %v", s, err)
	}
}
