package dialog

// Event is one anonymous count a step produced, for the operator's
// statistics ("komek stats"): a metric and a code, never who or what was
// typed.
type Event struct {
	Metric, Label string
}

// Metrics of Events.
const (
	// MetricStarted: a conversation started: the welcome was shown, in the
	// language of the label.
	MetricStarted = "started"
	// MetricLang, MetricNeed, MetricWho, MetricRegion, MetricCitizenship:
	// the answers of a conversation that reached its results, counted once.
	MetricLang        = "lang"
	MetricNeed        = "need"
	MetricWho         = "who"
	MetricRegion      = "region"
	MetricCitizenship = "citizenship"
	// MetricUnmet: results with no service in the person's region or next
	// door (label "need region").
	MetricUnmet = "unmet"
	// MetricCrisis: emergency contacts shown (label: "danger" for the
	// danger question, or the kind of crisis typed words signalled).
	MetricCrisis = "crisis"
	// MetricFeedback: a feedback answer (label "service-id outcome").
	MetricFeedback = "feedback"
)

// Events returns the anonymous counts of one step, from the states before
// and after it and what it said.
func Events(before, after State, outs []Output) []Event {
	var ev []Event
	for _, o := range outs {
		switch {
		case o.Msg == "welcome":
			ev = append(ev, Event{MetricStarted, orDash(string(after.Lang))})
		case o.Kind == OutEmergency:
			label := "danger"
			if after.Crisis != NoCrisis {
				label = after.Crisis.String()
			}
			ev = append(ev, Event{MetricCrisis, label})
		case o.Kind == OutResults && o.Msg == "results.title" && firstShowing(before.Step):
			ev = append(ev,
				Event{MetricLang, orDash(string(after.Lang))}, Event{MetricNeed, orDash(string(after.Need))},
				Event{MetricWho, orDash(string(after.Who))}, Event{MetricRegion, orDash(string(after.Region))},
				Event{MetricCitizenship, orDash(string(after.Citizenship))})
		case o.Msg == "results.nolocal" && firstShowing(before.Step):
			ev = append(ev, Event{MetricUnmet, string(after.Need) + " " + string(after.Region)})
		case o.Report != nil:
			ev = append(ev, Event{MetricFeedback, o.Report.Service + " " + o.Report.Feedback.Code()})
		}
	}
	return ev
}

// firstShowing reports whether results shown after a step at before are
// shown for the first time, not again after a language change or feedback.
func firstShowing(before StepID) bool {
	return before != StepResults && before != StepLanguage && feedbackAt(before) == FeedbackNone
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
