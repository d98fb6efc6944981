package dialog_test

import (
	"slices"
	"testing"

	"github.com/komek-kz/komek/internal/dialog"
)

// reports returns the feedback reports of the last turn.
func (c *chat) reports() []dialog.Report {
	var out []dialog.Report
	for _, o := range c.out {
		if o.Report != nil {
			out = append(out, *o.Report)
		}
	}
	return out
}

func toResults(t *testing.T) *chat {
	c := newChat(t)
	c.text("hello").press("ru").press("no").press("migrant").press("self").press("shymkent").press("foreign").at(dialog.StepResults)
	return c
}

// After the results a person may say, anonymously, that a number did not
// work; the bot asks which service and thanks them, and the report names
// the service and nothing about the person.
func TestFeedbackTheNumberDidNotWork(t *testing.T) {
	c := toResults(t)
	if !slices.ContainsFunc(c.question().Options, func(o dialog.Option) bool { return o.Value == "fb:broken" }) {
		t.Fatalf("the results question offers no feedback: %+v", c.question().Options)
	}
	c.press("fb:broken").at(dialog.StepFeedbackBroken)
	q := c.question()
	if q.Msg != "ask.feedback" || len(q.Options) != len(c.shownBefore()) || q.Options[0].Name.IsZero() {
		t.Fatalf("which-service question: %+v", q)
	}
	c.press("s1").at(dialog.StepResults)
	if got := c.reports(); len(got) != 1 || got[0].Service != "south-shelter.migrants" || got[0].Feedback != dialog.FeedbackBroken {
		t.Errorf("reports %+v", got)
	}
	if !slices.Equal(c.msgs(), []string{"feedback.thanks.broken", "ask.results"}) {
		t.Errorf("after the report: %v", c.msgs())
	}

}

// Typing instead of tapping works too, and a forged service number changes
// nothing.
func TestFeedbackTypedAndForged(t *testing.T) {
	c := toResults(t)
	c.press("fb:noanswer").at(dialog.StepFeedbackNoAnswer)
	c.press("s99").at(dialog.StepFeedbackNoAnswer) // not offered: stale
	if len(c.reports()) != 0 {
		t.Errorf("a forged choice was reported: %+v", c.reports())
	}
	c.text("2").at(dialog.StepResults)
	if got := c.reports(); len(got) != 1 || got[0].Feedback != dialog.FeedbackNoAnswer {
		t.Errorf("reports %+v", got)
	}
	c.press("fb:helped").at(dialog.StepFeedbackHelped)
	c.cmd(dialog.CmdBack).at(dialog.StepResults)
	if len(c.reports()) != 0 {
		t.Errorf("going back reported something: %+v %+v", c.reports(), c.s)
	}
}

// shownBefore is the page of results the which-service question lists.
func (c *chat) shownBefore() []string {
	var names []string
	for _, o := range c.question().Options {
		names = append(names, o.Value)
	}
	return names
}

// Changing the language at the which-service question comes back to it,
// with the answer still known (the step holds it).
func TestFeedbackSurvivesALanguageChange(t *testing.T) {
	c := toResults(t)
	c.press("fb:broken").at(dialog.StepFeedbackBroken)
	c.cmd(dialog.CmdLanguage).at(dialog.StepLanguage)
	c.press("en").at(dialog.StepFeedbackBroken)
	c.press("s1").at(dialog.StepResults)
	if got := c.reports(); len(got) != 1 || got[0].Feedback != dialog.FeedbackBroken {
		t.Errorf("reports %+v", got)
	}
}
