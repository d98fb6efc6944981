package dialog

import (
	"github.com/komek-kz/komek/internal/referral"
)

// flow is the order of the questions about a person's situation.
var flow = []StepID{StepNeed, StepWho, StepAge, StepRegion, StepCitizenship}

// asks reports whether the question at step is asked, given the answers so
// far.
func (m *Machine) asks(s State, step StepID) bool {
	switch step {
	case StepWho:
		return !s.Need.ForChildOnly()
	case StepAge:
		return s.Who.child() || s.Need.ForChildOnly() || (s.Who == WhoSelf && m.table.AgeMatters(s.Need))
	case StepCitizenship:
		return s.Need.AsksCitizenship()
	}
	return true
}

// next returns the question after step, or StepResults.
func (m *Machine) next(s State, step StepID) StepID {
	if step == StepDanger || step == StepSafety {
		step = StepNone
	}
	for _, f := range flow {
		if f > step && m.asks(s, f) && s.Ahead&bit(f) == 0 {
			return f
		}
	}
	return StepResults
}

// prev returns the question before step, or StepNone at the first one.
func (m *Machine) prev(s State, step StepID) StepID {
	switch step {
	case StepLanguage, StepDanger:
		return StepNone
	case StepSafety:
		return StepDanger
	case StepFeedbackHelped, StepFeedbackBroken, StepFeedbackNoAnswer:
		return StepResults
	case StepNeed:
		return StepDanger
	}
	for i := len(flow) - 1; i >= 0; i-- {
		if f := flow[i]; f < step && m.asks(s, f) {
			return f
		}
	}
	return StepDanger
}

// question builds the question asked at step, without its Seq.
func (m *Machine) question(s State, step StepID) Output {
	q := Output{Kind: OutQuestion, Step: step}
	switch step {
	case StepLanguage:
		q.Msg, q.Options = "ask.language", languageOptions
	case StepDanger:
		q.Msg, q.Options = "ask.danger", dangerOptions
	case StepSafety:
		q.Msg, q.Options = "ask.safety", safetyOptions
	case StepNeed:
		q.Msg, q.Options = "ask.need", needOptions
	case StepWho:
		q.Msg, q.Options = "ask.who", whoOptionList
	case StepAge:
		q.Msg, q.Options = ageQuestion(s)
		if s.Confirm != 0 {
			q.Args = Args{"Count": int(s.Confirm)}
		}
	case StepRegion:
		q.Msg, q.Options = "ask.region", regionOptions
	case StepCitizenship:
		q.Msg, q.Options = "ask.citizenship", citizenOptions
	case StepResults:
		q.Msg = "ask.results"
		if (int(s.Page)+1)*referral.PageSize < len(m.table.Match(s.Query())) {
			q.Options = append(q.Options, Option{Value: "more", Label: "results.option.more"})
		}
		q.Options = append(q.Options, feedbackOptions...)
		q.Options = append(q.Options,
			Option{Value: "restart", Label: "results.option.restart"},
			Option{Value: "exit", Label: "results.option.exit"})
	case StepFeedbackHelped, StepFeedbackBroken, StepFeedbackNoAnswer:
		q.Msg, q.Options = "ask.feedback", m.feedbackChoices(s)
	}
	q.Nav = m.nav(s, step)
	return q
}

func ageQuestion(s State) (string, []Option) {
	if s.Confirm != 0 {
		return "typed.age.confirm", confirmOptions(s)
	}
	if s.Who == WhoSelf {
		return "ask.age.self", selfAgeOptions
	}
	return "ask.age.child", childAgeOptions
}

// nav returns the navigation choices offered with the question at step.
func (m *Machine) nav(s State, step StepID) []Option {
	nav := make([]Option, 0, 4)
	if m.prev(s, step) != StepNone || (step == StepLanguage && (s.Resume != StepNone || s.Crisis != NoCrisis)) {
		nav = append(nav, Option{Value: NavBack, Label: "nav.back"})
	}
	if step != StepLanguage && step != StepDanger && step != StepResults && feedbackAt(step) == FeedbackNone {
		nav = append(nav, Option{Value: NavRestart, Label: "nav.restart"})
	}
	if step != StepLanguage {
		nav = append(nav, Option{Value: NavLanguage, Label: "nav.language"})
	}
	if step != StepResults {
		nav = append(nav, Option{Value: NavExit, Label: "nav.exit"})
	}
	return nav
}

func regionLabel(r referral.Region) string { return "region." + string(r) }

// offers reports whether v is one of the question's options or navigation
// choices.
func (q Output) offers(v string) bool {
	for _, o := range q.Options {
		if o.Value == v {
			return true
		}
	}
	for _, o := range q.Nav {
		if o.Value == v {
			return true
		}
	}
	return false
}
