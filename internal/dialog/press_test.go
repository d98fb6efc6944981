package dialog_test

import (
	"slices"
	"testing"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referral/referraltest"
)

// Presses on older copies of questions, double taps, and typed text that
// answers the question on the person's screen while the next one is still
// on its way (issue 14).

// pressOn presses the button with value v on question q, wherever the
// conversation is now.
func (c *chat) pressOn(q dialog.Output, v string) *chat {
	c.t.Helper()
	return c.send(dialog.Press(q.Step, q.Seq, v))
}

// typeSeeing types s while question q is the last one the person saw.
func (c *chat) typeSeeing(q dialog.Output, s string) *chat {
	c.t.Helper()
	in := dialog.Text(s)
	in.Seen = dialog.Seen{Step: q.Step, Seq: q.Seq}
	return c.send(in)
}

// noted asserts that the last turn only noted a repeat, leaving the state
// as it was before (but for when the person was last seen).
func (c *chat) noted(before dialog.State) *chat {
	c.t.Helper()
	if len(c.out) != 1 || c.out[0].Kind != dialog.OutNoted || c.out[0].Msg != "noted" {
		c.t.Fatalf("want only the note that it was already taken, got %v", c.msgs())
	}
	before.LastSeen = c.s.LastSeen
	if c.s != before {
		c.t.Fatalf("a repeat changed the state:\n got  %+v\n want %+v", c.s, before)
	}
	return c
}

// doubleTap presses v twice on the current question, as a person on a slow
// connection does: the first press answers, the second is noted.
func (c *chat) doubleTap(v string) *chat {
	c.t.Helper()
	q := c.question()
	c.pressOn(q, v)
	if slices.Contains(c.msgs(), "stale") || c.out[0].Kind == dialog.OutNoted {
		c.t.Fatalf("first press of %q: %v", v, c.msgs())
	}
	first := c.out
	c.pressOn(q, v).noted(c.s)
	c.out = first // what the person sees: the first press's answer
	return c
}

func (c *chat) has(msg string) bool { return slices.Contains(c.msgs(), msg) }

func TestDoubleTapOnEveryQuestionIsNotedOnce(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart)
	c.doubleTap("ru").at(dialog.StepDanger)
	c.doubleTap("yes").at(dialog.StepSafety)
	c.doubleTap("continue").at(dialog.StepNeed)
	c.doubleTap("migrant").at(dialog.StepWho)
	c.doubleTap("child").at(dialog.StepAge)
	c.doubleTap("7-13").at(dialog.StepRegion)
	c.doubleTap("shymkent").at(dialog.StepCitizenship)
	c.doubleTap("foreign").at(dialog.StepResults)
	c.doubleTap(dialog.NavLanguage).at(dialog.StepLanguage)
	c.doubleTap("kk").at(dialog.StepResults)
	c.doubleTap("restart").at(dialog.StepDanger)
	if c.s.Need != "" || c.s.Lang != referral.Kazakh {
		t.Errorf("after starting over: %+v", c.s)
	}
	c.doubleTap("no").at(dialog.StepNeed)
	c.doubleTap("legal").at(dialog.StepWho)
	c.doubleTap(dialog.NavBack).at(dialog.StepNeed)
	c.doubleTap(dialog.NavRestart).at(dialog.StepDanger)
}

func TestDoubleTapOfTheFeedbackAnswers(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("en").press("no").press("migrant").press("self").press("shymkent").press("foreign")
	c.doubleTap("fb:helped").at(dialog.StepFeedbackHelped)
	c.doubleTap("s1").at(dialog.StepResults)
	if !c.has("feedback.thanks.helped") {
		t.Errorf("the first press thanks: %v", c.msgs())
	}
}

// pagedChat is at the first page of nine results.
func pagedChat(t *testing.T) *chat {
	orgs := referraltest.Organizations()
	for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
		s := orgs[4].Services[0] // a local crisis line in Almaty
		s.ID = "almaty-mh." + id
		orgs[4].Services = append(orgs[4].Services, s)
	}
	table, err := referral.NewTable(orgs)
	if err != nil {
		t.Fatal(err)
	}
	c := newChat(t)
	c.m = dialog.New(table, lex, dialog.Options{})
	c.cmd(dialog.CmdStart).press("en").press("no").press("mental_health").press("adult").press("almaty")
	return c.at(dialog.StepResults)
}

func TestShowMoreTappedTwiceShowsOnePage(t *testing.T) {
	c := pagedChat(t)
	first := c.question()
	c.doubleTap("more").at(dialog.StepResults)
	if c.s.Page != 1 {
		t.Errorf("page %d after a double tap of 'more', want 1", c.s.Page)
	}
	c.pressOn(first, "fb:helped").noted(c.s)          // the first page's question is an older copy
	c.pressOn(first, "restart").at(dialog.StepDanger) // start over, though, never leads back to the results
	if c.s.Need != "" {
		t.Errorf("start over from an older copy of the results question: %+v", c.s)
	}
}

func TestPressOnAnEarlierQuestionChangesTheAnswer(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("en").press("no")
	need := c.question()
	c.press("migrant").press("self")
	region := c.question()
	c.press("almaty").at(dialog.StepCitizenship)

	c.pressOn(region, "shymkent").at(dialog.StepCitizenship) // where: changed, and on to the next question
	if c.s.Region != referral.Shymkent || c.s.Need != referral.NeedMigrant || c.s.Who != dialog.WhoSelf || c.has("stale") {
		t.Errorf("after changing the region: %+v, %v", c.s, c.msgs())
	}
	c.press("kz").at(dialog.StepResults)

	c.pressOn(need, "domestic_violence").at(dialog.StepWho) // the need: the answers after it are asked again
	if c.s.Need != referral.NeedDomesticViolence || c.s.Who != dialog.WhoUnknown || c.s.Region != "" || c.s.CitizenshipAsked {
		t.Errorf("after changing the need: %+v", c.s)
	}
	if !slices.Equal(c.msgs(), []string{"ask.who"}) {
		t.Errorf("after changing the need: %v, want only the next question", c.msgs())
	}
	c.pressOn(need, "domestic_violence").noted(c.s) // pressed again: already taken
}

func TestAnAnswerGivenAheadStaysWhenAnEarlierOneChanges(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("ru").press("no")
	need := c.question()
	c.text("паспорт, Алматы").at(dialog.StepWho) // the region is given ahead
	c.pressOn(need, "legal").at(dialog.StepWho)
	if c.s.Need != referral.NeedLegal || c.s.Region != referral.Almaty {
		t.Errorf("need %q region %q: want legal, and Almaty kept", c.s.Need, c.s.Region)
	}
}

func TestDangerChangedToYesOnAnEarlierQuestionShowsTheEmergencyContacts(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("en")
	danger := c.question()
	c.press("no").press("migrant").at(dialog.StepWho)
	c.pressOn(danger, "yes").at(dialog.StepSafety)
	if c.out[0].Kind != dialog.OutEmergency || c.s.Danger != dialog.DangerYes {
		t.Errorf("yes on the danger question: %v, danger %v", c.msgs(), c.s.Danger)
	}
}

func TestLanguageChangedOnAnEarlierQuestionAsksTheSameQuestion(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart)
	lang := c.question()
	c.press("en").press("no").press("migrant").press("self").at(dialog.StepRegion)
	c.pressOn(lang, "ru").at(dialog.StepRegion)
	if c.s.Lang != referral.Russian || c.s.Who != dialog.WhoSelf || !slices.Equal(c.msgs(), []string{"ask.region"}) {
		t.Errorf("after another language on the first question: %q, %+v, %v", c.s.Lang, c.s, c.msgs())
	}
	c.pressOn(lang, "ru").noted(c.s)
}

func TestAnOlderCopyOfTheCurrentQuestionAnswersIt(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("en").press("no")
	old := c.question()
	c.cmd(dialog.CmdHelp).at(dialog.StepNeed) // the question again, with a new number
	c.pressOn(old, "migrant").at(dialog.StepWho)
	if c.s.Need != referral.NeedMigrant || c.has("stale") {
		t.Errorf("a press on the older copy: %v, need %q", c.msgs(), c.s.Need)
	}
}

func TestExitWorksFromAnyCopy(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("en")
	danger := c.question()
	c.press("no").press("migrant").press("self").at(dialog.StepRegion)
	c.pressOn(danger, dialog.NavExit)
	if !c.s.Ended() || c.s.End != dialog.EndExit {
		t.Fatalf("exit from an old question: %+v", c.s)
	}

	c = newChat(t)
	c.cmd(dialog.CmdStart).press("en").press("no").press("migrant").press("self").press("almaty").press("kz")
	results := c.question()
	c.press("restart").press("no").at(dialog.StepNeed)
	c.pressOn(results, "exit")
	if !c.s.Ended() {
		t.Fatalf("exit from old results: %+v", c.s)
	}
}

func TestForgedPressesAreStillStale(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("en")
	danger := c.question()
	c.press("no").press("migrant").at(dialog.StepWho)
	press := func(step dialog.StepID, seq uint16, v string) func(dialog.State) dialog.Input {
		return func(dialog.State) dialog.Input { return dialog.Press(step, seq, v) }
	}
	for what, in := range map[string]func(dialog.State) dialog.Input{
		"a value the old question never offered": press(danger.Step, danger.Seq, "migrant"),
		"a question not asked yet":               press(dialog.StepWho, 60000, "self"),
		"the current number on another step": func(s dialog.State) dialog.Input {
			return dialog.Press(dialog.StepDanger, s.Seq, "yes")
		},
		"an unknown step":                press(200, 1, "no"),
		"the ended step":                 press(dialog.StepEnded, 1, "no"),
		"forget on an old question":      press(danger.Step, danger.Seq, dialog.NavForget),
		"the results before any results": press(dialog.StepResults, danger.Seq, "more"),
	} {
		before := c.s
		c.send(in(c.s)).at(dialog.StepWho)
		if c.out[0].Msg != "stale" || c.s.Need != before.Need || c.s.Danger != before.Danger {
			t.Errorf("%s: %v, %+v", what, c.msgs(), c.s)
		}
	}
}

func TestAnEarlierAnswerDoesNotChangeWhileTheAlarmIsShown(t *testing.T) {
	c := newAlarmChat(t).walk(dialog.StepRegion)
	c.text("меня держат взаперти").checkAlarm(dialog.CrisisHeld)
	need := dialog.Output{Step: dialog.StepNeed, Seq: 3} // asked third: language 1, danger 2, need 3
	c.pressOn(need, "legal").at(dialog.StepSafety)
	if c.out[0].Msg != "stale" || c.s.Need != referral.NeedMigrant {
		t.Errorf("another need while the alarm is shown: %v, need %q", c.msgs(), c.s.Need)
	}
}

func TestTypedTextAnswersTheQuestionOnTheScreen(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("ru").press("no")
	need := c.question()
	c.press("migrant").at(dialog.StepWho) // "for whom?" is not delivered yet

	c.typeSeeing(need, "паспорт").noted(c.s)         // the same need, typed: already taken
	c.typeSeeing(need, "буллинг").at(dialog.StepWho) // another need: changed, echoed, and "for whom?" asked anew
	if c.s.Need != referral.NeedChildAbuse || !slices.Equal(c.msgs(), []string{"", "ask.who"}) || c.out[0].Kind != dialog.OutEcho {
		t.Errorf("another need typed: need %q, %v", c.s.Need, c.msgs())
	}
	c.press("child").at(dialog.StepAge)
	age := c.question()
	c.press("7-13").at(dialog.StepRegion)
	c.typeSeeing(age, "10 лет").noted(c.s)
	c.typeSeeing(age, "4 года").at(dialog.StepRegion) // another age: changed, and on to the next question
	if c.s.Age != "3-6" {
		t.Errorf("age %q, want 3-6", c.s.Age)
	}
}

func TestTypedTextThatDoesNotFitTheQuestionOnTheScreenGoesToTheCurrentOne(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("ru").press("no")
	need := c.question()
	c.press("migrant").press("self").at(dialog.StepRegion)
	c.typeSeeing(need, "Алматы").at(dialog.StepCitizenship)
	if c.s.Region != referral.Almaty || c.s.Need != referral.NeedMigrant {
		t.Errorf("a region typed while the need question is on the screen: %+v", c.s)
	}

	c = newChat(t)
	c.cmd(dialog.CmdStart).press("ru").press("no")
	need = c.question()
	c.press("migrant").at(dialog.StepWho)
	c.typeSeeing(need, "паспорт, Алматы").at(dialog.StepWho) // the same need, and more: the rest is kept
	if c.s.Region != referral.Almaty || c.has("noted") {
		t.Errorf("the same need with a region: %v, region %q", c.msgs(), c.s.Region)
	}
}

func TestTypedNumberOfAnOptionOnTheScreen(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("en").press("no")
	need := c.question()
	n := slices.IndexFunc(need.Options, func(o dialog.Option) bool { return o.Value == "migrant" }) + 1
	c.press("migrant").at(dialog.StepWho)
	c.typeSeeing(need, string(rune('0'+n))).noted(c.s)
}

func TestTheAnswersSoFarComeWithTheQuestions(t *testing.T) {
	labels := func(opts []dialog.Option) []string {
		var ls []string
		for _, o := range opts {
			ls = append(ls, o.Label)
		}
		return ls
	}
	c := newChat(t)
	c.cmd(dialog.CmdStart)
	if got := c.question().Answers; got != nil {
		t.Errorf("language question: %v", got)
	}
	c.press("en")
	if got := c.question().Answers; got != nil {
		t.Errorf("danger question: %v", got)
	}
	c.press("no")
	if got := c.question().Answers; got != nil {
		t.Errorf("need question, nothing answered yet: %v", got)
	}
	c.press("migrant").press("self").press("shymkent")
	if got, want := labels(c.question().Answers), []string{"need.migrant", "who.self", "region.shymkent"}; !slices.Equal(got, want) {
		t.Errorf("citizenship question: %v, want %v", got, want)
	}
	c.press("skip").at(dialog.StepResults)
	if got, want := labels(c.question().Answers), []string{"need.migrant", "who.self", "region.shymkent", "citizenship.skip"}; !slices.Equal(got, want) {
		t.Errorf("results question: %v, want %v", got, want)
	}
	c.press("restart").at(dialog.StepDanger)
	c.press("no").text("паспорт, Алматы").at(dialog.StepWho)
	if got, want := labels(c.question().Answers), []string{"need.migrant", "region.almaty"}; !slices.Equal(got, want) {
		t.Errorf("with a region given ahead: %v, want %v", got, want)
	}
	c.press(dialog.NavBack).at(dialog.StepNeed)
	if got, want := labels(c.question().Answers), []string{"region.almaty"}; !slices.Equal(got, want) {
		t.Errorf("back at the need question: %v, want %v (not the answer being asked again)", got, want)
	}
}

func TestTypedDangerOnTheScreenLeansToSafety(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("ru")
	danger := c.question()
	c.press("no").at(dialog.StepNeed) // the need question is on its way
	c.typeSeeing(danger, "нет").noted(c.s)
	c.typeSeeing(danger, "да").at(dialog.StepSafety)
	if c.s.Danger != dialog.DangerYes || !c.has("emergency.title") {
		t.Errorf("yes typed at the danger question on the screen: %v, danger %v", c.msgs(), c.s.Danger)
	}
	c.typeSeeing(danger, "да").noted(c.s)
	c.typeSeeing(danger, "нет").at(dialog.StepSafety) // not taken back by typing: read at the safety question
	if c.s.Danger != dialog.DangerYes {
		t.Errorf("a typed no took back the yes: %v", c.msgs())
	}
	c.pressOn(danger, "no").at(dialog.StepNeed) // a press does
	if c.s.Danger != dialog.DangerNo {
		t.Errorf("danger %v after pressing no", c.s.Danger)
	}
}

func TestTypedLanguageOnTheScreen(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart)
	lang := c.question()
	c.press("en").at(dialog.StepDanger)
	c.typeSeeing(lang, "English").noted(c.s)
	c.typeSeeing(lang, "Русский").at(dialog.StepDanger)
	if c.s.Lang != referral.Russian || !slices.Equal(c.msgs(), []string{"", "ask.danger"}) {
		t.Errorf("another language typed: %q, %v", c.s.Lang, c.msgs())
	}
}

func TestTypedTextSeenOnTheCurrentQuestionIsReadAsUsual(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("en").press("no")
	need := c.question()
	c.typeSeeing(need, "migrant").at(dialog.StepWho)
	if c.s.Need != referral.NeedMigrant {
		t.Errorf("need %q", c.s.Need)
	}
	c.typeSeeing(dialog.Output{Step: dialog.StepRegion, Seq: 60000}, "2").at(dialog.StepAge) // a question never asked: the current one
	if c.s.Who != dialog.WhoMyChild {
		t.Errorf("who %q", c.s.Who)
	}
}
