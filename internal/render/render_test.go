package render_test

import (
	"strings"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/render"
	"github.com/komek-kz/komek/locales"
)

func catalog(t *testing.T) *locale.Catalog {
	t.Helper()
	c, err := locale.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var checked = time.Date(2025, 11, 6, 0, 0, 0, 0, time.UTC)

func service() (*referral.Service, *referral.Organization) {
	s := &referral.Service{
		ID:          "org.line",
		Name:        referral.Text{EN: "Line <for> help & care", RU: "Линия", KK: "Желі"},
		Description: referral.Text{EN: "What it does.", RU: "Что делает.", KK: "Не істейді."},
		Hours:       referral.Hours{Weekly: []referral.Span{{First: 0, Last: 4, From: 9 * 60, To: 18 * 60}}},
		Cost:        referral.CostFree,
		Eligibility: referral.Eligibility{Women: true, MinAge: 3, MaxAge: 15},
		Contacts: []referral.Contact{
			{Kind: referral.Phone, Value: "+7 727 000 00 00", Purpose: referral.PurposeHotline, Checked: checked},
			{Kind: referral.Phone, Value: "+7 700 999 99 99", Unconfirmed: true, Checked: checked.AddDate(-3, 0, 0)},
			{Kind: referral.Website, Value: "https://example.org/?a=1&b=2", Checked: checked.AddDate(0, -1, 0)},
		},
	}
	o := &referral.Organization{ID: "org", Name: referral.Text{EN: "Org", RU: "Орг", KK: "Ұйым"}}
	return s, o
}

func TestCardShowsConfirmedContactsWithHoursAndTheOldestCheckDate(t *testing.T) {
	r := render.New(catalog(t), render.Plain{})
	s, o := service()
	card := r.Card(referral.English, 1, referral.Result{Service: s, Org: o})
	for _, want := range []string{
		"1. Line <for> help & care — Org",
		"for women · ages 3–15 · free",
		"Phone: +7 727 000 00 00 (hotline, Mon–Fri 09:00–18:00)",
		"Website: https://example.org/?a=1&b=2",
		"Contacts checked on 6 Oct 2025",
	} {
		if !strings.Contains(card, want) {
			t.Errorf("card lacks %q:\n%s", want, card)
		}
	}
	if strings.Contains(card, "999") {
		t.Errorf("card shows an unconfirmed contact:\n%s", card)
	}
}

func TestHTMLEscapesEveryDynamicText(t *testing.T) {
	r := render.New(catalog(t), render.HTML{})
	s, o := service()
	card := r.Card(referral.English, 1, referral.Result{Service: s, Org: o})
	if !strings.Contains(card, "<b>Line &lt;for&gt; help &amp; care</b>") || !strings.Contains(card, "?a=1&amp;b=2") {
		t.Errorf("not escaped:\n%s", card)
	}
}

func TestRussianCardUsesRussianDaysAndDates(t *testing.T) {
	r := render.New(catalog(t), render.Plain{})
	s, o := service()
	card := r.Card(referral.Russian, 2, referral.Result{Service: s, Org: o})
	if !strings.Contains(card, "06.10.2025") || strings.Contains(card, "Mon") {
		t.Errorf("russian card:\n%s", card)
	}
}

func TestEmergencyListsNumbersFirst(t *testing.T) {
	r := render.New(catalog(t), render.Plain{})
	s, o := service()
	msgs := r.Render(referral.English, []dialog.Output{{Kind: dialog.OutEmergency, Msg: "emergency.title", Results: []referral.Result{{Service: s, Org: o}}}})
	if !strings.Contains(msgs[0].Text, "\n+7 727 000 00 00 — Line") {
		t.Errorf("emergency list:\n%s", msgs[0].Text)
	}
}

func TestQuestionButtonsAreLabelledInTheLanguage(t *testing.T) {
	r := render.New(catalog(t), render.Plain{})
	msgs := r.Render(referral.Russian, []dialog.Output{{Kind: dialog.OutQuestion, Msg: "ask.danger", Step: dialog.StepDanger, Seq: 7,
		Options: []dialog.Option{{Value: "no", Label: "danger.no"}}, Nav: []dialog.Option{{Value: dialog.NavExit, Label: "nav.exit"}}}})
	m := msgs[0]
	if m.Seq != 7 || m.Step != dialog.StepDanger || m.Options[0].Label != "Нет" || m.Options[0].Value != "no" || len(m.Nav) != 1 {
		t.Errorf("question: %+v", m)
	}
}

func TestNoLanguageYetRendersEnglish(t *testing.T) {
	r := render.New(catalog(t), render.Plain{})
	msgs := r.Render("", []dialog.Output{{Kind: dialog.OutMessage, Msg: "bye"}})
	if !strings.HasPrefix(msgs[0].Text, "Take care") {
		t.Errorf("got %q", msgs[0].Text)
	}
}

func TestHours(t *testing.T) {
	r := render.New(catalog(t), render.Plain{})
	h, _ := referral.ParseHours("Mo-Fr 09:00-18:00; Sa 10:00-14:00")
	if got := r.Hours(referral.English, h); got != "Mon–Fri 09:00–18:00, Sat 10:00–14:00" {
		t.Errorf("hours: %q", got)
	}
	if got := r.Hours(referral.English, referral.Hours{Always: true}); got != "around the clock" {
		t.Errorf("24/7: %q", got)
	}
}

func TestLaterPagesGoOnCounting(t *testing.T) {
	r := render.New(catalog(t), render.Plain{})
	s, o := service()
	page2 := []referral.Result{{Service: s, Org: o}, {Service: s, Org: o}}
	msgs := r.Render(referral.English, []dialog.Output{{Kind: dialog.OutResults, Msg: "results.more", Results: page2,
		Args: dialog.Args{"Count": 7, "Shown": 7}}})
	if !strings.Contains(msgs[0].Text, "\n\n6. ") || !strings.Contains(msgs[0].Text, "\n\n7. ") {
		t.Errorf("page 2 should number 6 and 7:\n%s", msgs[0].Text)
	}
}

func TestTheAnswersSoFarAreALineLikeTheEcho(t *testing.T) {
	r := render.New(catalog(t), render.HTML{})
	answers := []dialog.Option{{Value: "self", Label: "who.self"}, {Value: "almaty", Label: "region.almaty"}, {Value: "x", Label: "<&>"}}
	msgs := r.Render(referral.Russian, []dialog.Output{
		{Kind: dialog.OutQuestion, Msg: "ask.citizenship", Step: dialog.StepCitizenship, Seq: 5, Answers: answers,
			Options: []dialog.Option{{Value: "kz", Label: "citizenship.kz"}}},
		{Kind: dialog.OutEcho, Options: answers},
		{Kind: dialog.OutQuestion, Msg: "ask.danger", Step: dialog.StepDanger, Seq: 6, Options: []dialog.Option{{Value: "no", Label: "danger.no"}}},
	})
	q, echo := msgs[0], msgs[1]
	if q.Answers != echo.Text || !strings.HasPrefix(q.Answers, "✓ ") || !strings.HasSuffix(q.Answers, " · &lt;&amp;&gt;") {
		t.Errorf("answers line %q, echo %q", q.Answers, echo.Text)
	}
	if strings.Contains(q.Text, "✓") {
		t.Errorf("the answers line is not part of the question's text: %q", q.Text)
	}
	if msgs[2].Answers != "" {
		t.Errorf("no answers, no line: %q", msgs[2].Answers)
	}
}

func TestARepeatIsNotedInTheLanguage(t *testing.T) {
	r := render.New(catalog(t), render.Plain{})
	for _, lang := range referral.Langs {
		m := r.Render(lang, []dialog.Output{{Kind: dialog.OutNoted, Msg: "noted"}})[0]
		if m.Kind != dialog.OutNoted || m.Text == "" || m.Text == "noted" || len(m.Options)+len(m.Nav) != 0 || len([]rune(m.Text)) > 200 {
			t.Errorf("%s: %+v", lang, m)
		}
	}
}
