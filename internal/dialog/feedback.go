package dialog

import (
	"strconv"
	"strings"

	"github.com/komek-kz/komek/internal/referral"
)

// Feedback is a person's answer to "did this help?" after the results.
type Feedback uint8

// Feedback answers.
const (
	FeedbackNone Feedback = iota
	// FeedbackHelped: "I got help".
	FeedbackHelped
	// FeedbackBroken: "the number didn't work". Coordinators see these
	// services on their to-do list once the reports reach a threshold.
	FeedbackBroken
	// FeedbackNoAnswer: "nobody answered".
	FeedbackNoAnswer
)

var feedbackCodes = [...]string{"", "helped", "broken", "no_answer"}

// Code is the feedback's stable name in counters and reports.
func (f Feedback) Code() string {
	if int(f) < len(feedbackCodes) {
		return feedbackCodes[f]
	}
	return ""
}

// feedbackValues are the option values of the feedback answers at the
// results question.
var feedbackValues = map[string]Feedback{"fb:helped": FeedbackHelped, "fb:broken": FeedbackBroken, "fb:noanswer": FeedbackNoAnswer}

var feedbackOptions = []Option{
	{Value: "fb:helped", Label: "results.option.helped"},
	{Value: "fb:broken", Label: "results.option.broken"},
	{Value: "fb:noanswer", Label: "results.option.noanswer"},
}

// Report is one anonymous feedback answer: which service, and what
// happened. It says nothing about who gave it.
type Report struct {
	Service  string
	Feedback Feedback
}

// feedback handles a feedback answer at the results question: with one
// service on the page it is about that one; otherwise the bot asks which.
func (t *turn) feedback(f Feedback) {
	_, _, page := t.m.page(&t.s)
	switch len(page) {
	case 0:
		t.ask(StepResults)
	case 1:
		t.report(page[0], f)
	default:
		t.ask(feedbackSteps[f])
	}
}

// feedbackSteps are the which-service questions, one per answer.
var feedbackSteps = map[Feedback]StepID{
	FeedbackHelped: StepFeedbackHelped, FeedbackBroken: StepFeedbackBroken, FeedbackNoAnswer: StepFeedbackNoAnswer,
}

// feedbackAt returns the feedback answer a which-service question is
// about, or FeedbackNone for any other step.
func feedbackAt(step StepID) Feedback {
	for f, s := range feedbackSteps {
		if s == step {
			return f
		}
	}
	return FeedbackNone
}

// feedbackFor handles the answer to "which service?": an option value
// "s<n>", the n-th service of the page shown.
func (t *turn) feedbackFor(v string) {
	_, _, page := t.m.page(&t.s)
	n, err := strconv.Atoi(v[min(1, len(v)):])
	f := feedbackAt(t.s.Step)
	if err != nil || n < 1 || n > len(page) || f == FeedbackNone {
		t.askResults()
		return
	}
	t.report(page[n-1], f)
}

// report thanks the person, hands the channel the anonymous report, and
// asks the results question again without showing the results again.
func (t *turn) report(r referral.Result, f Feedback) {
	t.out = append(t.out, Output{Kind: OutMessage, Msg: "feedback.thanks." + f.Code(),
		Report: &Report{Service: r.Service.ID, Feedback: f}})
	t.askResults()
}

// askResults returns to the results question, without the results.
func (t *turn) askResults() {
	t.s.Step = StepResults
	t.s.Seq++
	t.out = append(t.out, t.asked(StepResults))
}

// feedbackChoices lists the services of the page shown, by name.
func (m *Machine) feedbackChoices(s State) []Option {
	_, _, page := m.page(&s)
	opts := make([]Option, len(page))
	for i, r := range page {
		opts[i] = Option{Value: "s" + strconv.Itoa(i+1), Name: cardName(r)}
	}
	return opts
}

// cardName is the name a card shows: "<service> — <organisation>", unless
// one contains the other.
func cardName(r referral.Result) referral.Text {
	one := func(svc, org string) string {
		if org == "" || strings.Contains(svc, org) || strings.Contains(org, svc) {
			return svc
		}
		return svc + " — " + org
	}
	s, o := r.Service.Name, r.Org.Name
	return referral.Text{KK: one(s.KK, o.KK), RU: one(s.RU, o.RU), EN: one(s.EN, o.EN)}
}
