package dialog

import (
	"slices"

	"github.com/komek-kz/komek/internal/referral"
)

// Late and repeated input (issue 14). On a slow connection a person presses
// a button twice before the first press is answered, presses a button on an
// older copy of a question, or types an answer to the question on their
// screen while the next one is still on its way. A press answers the
// question it belongs to, not the message that carried it:
//
//   - a press on the current question answers it, from any copy of it; but
//     the results and which-service questions repeat themselves ("show
//     more"), so a press on an older copy of them, while they are asked,
//     is a repeat (its options may have been another page's), but for
//     start over, which never leads back to them;
//   - a press on an earlier question with the answer already given is a
//     repeat (a double tap): OutNoted alone, and nothing changes;
//   - a press on an earlier question with another answer changes that
//     answer and goes on from there, as if the person had gone back to it
//     (not while an alarm is shown: its safety question comes first);
//   - exit works from every copy of every question; back, start over and
//     language on an older copy are repeats;
//   - anything else (an unknown step, a value the question does not offer,
//     a question not asked yet) is stale: said so, and the current
//     question asked again.
//
// Typed text is read first as an answer to the question the person saw
// last (Input.Seen) when that is an earlier question, the same way.

// OutNoted (an output kind) says the input repeated an answer already
// given. It comes alone, with Msg "noted", and the state is unchanged:
// Telegram shows it as the pressed button's toast and sends nothing.
const OutNoted OutputKind = OutEcho + 1

// Seen is a question a person saw: its step and sequence number.
type Seen struct {
	Step StepID
	Seq  uint16
}

// choice handles a button press: the question it belongs to decides what
// it means (see above).
func (t *turn) choice(c Choice) {
	s := &t.s
	switch {
	case c.Step == StepNone || c.Step == StepEnded || c.Step >= stepCount:
		t.stale()
	case isExit(c.Step, c.Value):
		t.command(CmdExit) // quick exit, from any copy
	case c.Value == NavForget:
		if c.Step == s.Step && c.Seq == s.Seq {
			t.command(CmdForget) // the button under the privacy note
			return
		}
		t.stale()
	case c.Seq > s.Seq || (c.Seq == s.Seq && c.Step != s.Step):
		t.stale() // a question never asked: forged
	case c.Step == s.Step && c.Seq < s.Seq && repeats(s.Step) && c.Value != "restart":
		t.noted() // a second "show more" shows no second page; start over leaves the results
	case c.Step == s.Step:
		if !t.m.question(*s, s.Step).offers(c.Value) {
			t.stale()
			return
		}
		t.answer(c.Value)
	default:
		t.earlier(c.Step, c.Value)
	}
}

// earlier handles a press on an older question at another step.
func (t *turn) earlier(step StepID, v string) {
	s := &t.s
	if repeats(step) && repeats(s.Step) {
		t.noted() // a double tap of a feedback answer, or of "more" then one
		return
	}
	if !t.m.question(*s, step).offers(v) {
		t.stale()
		return
	}
	if _, nav := navCommands[v]; nav || step == StepSafety || (step == StepResults && v == "restart") {
		t.noted() // a double tap of back, start over, language or go on
		return
	}
	cur, ok := answerOf(*s, step)
	switch {
	case !ok:
		t.stale() // the results, or a question with no answer now
	case v == cur:
		t.noted()
	case s.Crisis != NoCrisis:
		t.stale() // the alarm's safety question first
	default:
		t.change(step, v)
		t.answerChanged(step, v)
	}
}

// change goes back to an answered question at step, to answer it anew
// (answerChanged goes on from there); a language is set at once, with no
// going back.
func (t *turn) change(step StepID, v string) {
	s := &t.s
	if step == StepLanguage {
		s.Lang = referral.Lang(v)
		return
	}
	s.Step, s.Resume, s.Misses, s.Confirm = step, StepNone, 0, 0
}

// answerChanged goes on after change: a new language asks the current
// question again, in it (with what came with it: the results, the
// emergency contacts), anything else answers the question gone back to.
func (t *turn) answerChanged(step StepID, v string) {
	if step == StepLanguage {
		t.resume(t.s.Step)
		return
	}
	t.answer(v)
}

// seenText reads typed text as an answer to the question the person saw
// last, when that is an earlier question than the current one with an
// answer given: the same answer is a repeat (unless the text states more),
// another changes it — unless it also answers the current question, which
// then wins (the person typed ahead). It reports whether the text was taken so; if not,
// the text is read against the current question as usual.
func (t *turn) seenText(text string, r *reading, seen Seen) bool {
	s := &t.s
	if seen.Seq == 0 || seen.Seq >= s.Seq || seen.Step == s.Step {
		return false
	}
	cur, ok := answerOf(*s, seen.Step)
	if !ok {
		return false
	}
	v, from, used, ok := t.typedAnswer(text, r, seen.Step)
	switch {
	case !ok:
		return false
	case v == cur:
		if from != nil && t.statesMore(from.without(used), seen.Step) {
			return false // the rest is for the questions after it
		}
		t.noted()
		return true
	case s.Crisis != NoCrisis:
		return false
	case seen.Step == StepDanger && v == "no":
		return false // a yes is taken back by a press only: the emergency contacts stay
	case t.fitsCurrent(text, r):
		// Another answer to the question seen, but also an answer to the
		// one on its way: the person typed ahead («Алматыдамын», then
		// «шетел азаматы» before the citizenship question arrived, where
		// «шетел» is also a district's name). The question asked wins.
		return false
	}
	t.change(seen.Step, v)
	if seen.Step == StepLanguage {
		t.echo([]Option{t.option(StepLanguage, v)})
		t.answerChanged(StepLanguage, v)
		return true
	}
	t.accept(v, from, used)
	return true
}

// typedAnswer reads text as an answer to the question at step, the way
// text at that question is read: an option number, the danger question's
// leaning to safety, an age, or one option's words. It returns the value,
// the reading it came from (nil for a number) and the words it used.
func (t *turn) typedAnswer(text string, r *reading, step StepID) (string, *reading, uint64, bool) {
	q := t.m.question(t.s, step)
	if step != StepAge {
		if v, ok := optionNumber(text, q.Options); ok {
			return v, nil, 0, true
		}
	}
	switch step {
	case StepDanger:
		v, used := t.dangerValue(r)
		return v, r, used, v != ""
	case StepAge:
		if a := readAge(r); a.numbers == 1 {
			band, ok := bandOf(a.years, q.Options)
			n := int(a.years)
			if ok && a.bare && float64(n) == a.years && n >= 1 && n <= len(q.Options) && q.Options[n-1].Value != band {
				return "", nil, 0, false // an age or an option's number: not a repeat to guess at
			}
			return band, r, a.used, ok
		}
	}
	v, vd, used := t.m.match.choose(r, q.Options, forQuestion)
	return v, r, used, vd == vOne
}

// fitsCurrent reports whether text answers the question being asked.
func (t *turn) fitsCurrent(text string, r *reading) bool {
	_, _, _, ok := t.typedAnswer(text, r, t.s.Step)
	return ok
}

// statesMore reports whether r states an answer still open besides the
// one to step, without keeping it.
func (t *turn) statesMore(r *reading, step StepID) bool {
	probe := turn{m: t.m, s: t.s}
	return len(probe.situation(r, step)) > 0
}

// isExit reports whether v at step leaves the conversation.
func isExit(step StepID, v string) bool {
	return v == NavExit || (v == "exit" && (step == StepSafety || step == StepResults))
}

// repeats reports whether the question at step asks itself again when
// answered: the results ("show more") and which-service questions.
func repeats(step StepID) bool {
	return step == StepResults || feedbackAt(step) != FeedbackNone
}

func (t *turn) noted() { t.out = append(t.out, Output{Kind: OutNoted, Msg: "noted"}) }

// stale says a button is out of date and asks the current question again.
func (t *turn) stale() {
	t.say(OutMessage, "stale", nil)
	t.ask(t.s.Step)
}

// answerOf returns the answer given to the question at step, as the
// option value a press carries: the language, "yes" or "no" to danger, or
// an answer about the situation ("skip" for rather not say). It reports
// false for a question not answered, and for every other step.
func answerOf(s State, step StepID) (string, bool) {
	var v string
	switch step {
	case StepLanguage:
		if s.Lang.Valid() {
			v = string(s.Lang)
		}
	case StepDanger:
		switch s.Danger {
		case DangerYes:
			v = "yes"
		case DangerNo:
			v = "no"
		}
	case StepNeed:
		v = string(s.Need)
	case StepWho:
		v = string(s.Who)
	case StepAge:
		v = string(s.Age)
	case StepRegion:
		v = string(s.Region)
	case StepCitizenship:
		v = string(s.Citizenship)
		if v == "" && s.CitizenshipAsked {
			v = "skip"
		}
	}
	return v, v != ""
}

// asked returns the question at step as asked now, with its sequence
// number and, after the danger question, the answers given so far.
func (t *turn) asked(step StepID) Output {
	q := t.m.question(t.s, step)
	q.Seq = t.s.Seq
	if step < StepNeed || step > StepResults {
		return q
	}
	n := 0
	for _, f := range flow {
		if _, ok := answerOf(t.s, f); ok && f != step {
			n++
		}
	}
	if n == 0 {
		return q
	}
	q.Answers = make([]Option, 0, n)
	for _, f := range flow {
		if v, ok := answerOf(t.s, f); ok && f != step {
			q.Answers = append(q.Answers, answerOption(f, v))
		}
	}
	return q
}

// answerOption returns the option of the situation question at step whose
// value is v, from the options built once (so with no allocation), as the
// echo labels it.
func answerOption(step StepID, v string) Option {
	var opts []Option
	switch step {
	case StepNeed:
		opts = needOptions
	case StepWho:
		opts = whoOptionList
	case StepAge:
		opts = childAgeOptions
		if !slices.ContainsFunc(opts, func(o Option) bool { return o.Value == v }) {
			opts = selfAgeOptions
		}
	case StepRegion:
		opts = regionOptions
	case StepCitizenship:
		opts = citizenOptions
	}
	for _, o := range opts {
		if o.Value == v {
			return o
		}
	}
	return Option{Value: v, Label: labelPrefix[step] + v}
}
