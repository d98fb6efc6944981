package dialog

import (
	"strings"

	"github.com/komek-kz/komek/internal/referral"
)

// Typed answers (issue 10): what the person typed is read once, answers
// the question asked when it can, fills every other answer it states (a
// situation in one message), and is echoed back as the options it was
// taken for («✓ Алматы»), so a misreading is visible and /back fixes it.

// OutEcho (an output kind) says which options typed text was taken for:
// channels show "✓ " and the labels of Options, joined.
const OutEcho OutputKind = OutAlso + 1

func bit(s StepID) uint16 { return 1 << s }

// text handles typed text at a choice step: first as an answer to the
// question the person saw last, if that is an earlier one (press.go).
func (t *turn) text(s string, seen Seen) {
	r := t.m.match.readAny(s)
	if t.seenText(s, r, seen) {
		return
	}
	step := t.s.Step
	q := t.m.question(t.s, step)
	if v, ok := optionNumber(s, q.Options); ok && (step != StepAge || t.s.Confirm != 0) {
		t.accept(v, nil, 0)
		return
	}
	switch step {
	case StepDanger:
		t.danger(r)
		return
	case StepAge:
		if t.age(r, q) {
			return
		}
	}
	v, vd, used := t.m.match.choose(r, q.Options, forQuestion)
	if vd == vOne {
		t.accept(v, r, used)
		return
	}
	if v, nd, _ := t.m.match.choose(r, q.Nav, forQuestion); nd == vOne {
		t.answer(v)
		return
	}
	if step == StepRegion && t.m.match.namesKazakhstan(r) {
		t.say(OutMessage, "typed.region.town", nil)
		t.ask(step)
		return
	}
	// Not an answer to this question, or two answers to it: what the text
	// says about the others is kept all the same, and the question asked
	// again (a miss only when nothing at all was understood).
	if got := t.situation(r, step); len(got) > 0 {
		if step == StepLanguage && !t.s.Lang.Valid() {
			t.guessLanguage(s)
			return
		}
		t.echo(got)
		t.ask(step)
		return
	}
	t.miss()
}

// location reads a shared location: the region it falls in answers the
// region question, or is kept for it (answered ahead) at any other
// question; it is echoed either way. A location the bot cannot place is
// not understood.
func (t *turn) location(lat, lon float64) {
	locate := t.m.opts.Locate
	r, ok := referral.Region(""), false
	if locate != nil {
		r, ok = locate(lat, lon)
	}
	if !ok || !r.Valid() {
		t.miss()
		return
	}
	if t.s.Step == StepRegion {
		t.accept(string(r), nil, 0)
		return
	}
	if t.s.Region == "" && t.s.Step != StepLanguage && t.s.Step != StepResults {
		t.s.Region = r
		t.s.Ahead |= bit(StepRegion)
		t.echo([]Option{t.option(StepRegion, string(r))})
	}
	t.ask(t.s.Step)
}

// accept answers the current question with v, taken from typed text r
// (nil for an option number), and fills what else r states.
func (t *turn) accept(v string, r *reading, used uint64) {
	if _, nav := navCommands[v]; nav {
		t.answer(v)
		return
	}
	step := t.s.Step
	echo := []Option{t.option(step, v)}
	if r != nil && inFlow(step) {
		echo = append(echo, t.situation(r.without(used), step)...)
	}
	t.echo(echo)
	t.answer(v)
}

// option returns the option of step whose value is v, for the echo.
func (t *turn) option(step StepID, v string) Option {
	if p, ok := labelPrefix[step]; ok {
		return Option{Value: v, Label: p + v}
	}
	q := t.m.question(t.s, step)
	for _, o := range q.Options {
		if o.Value == v {
			return o
		}
	}
	return Option{Value: v, Label: v}
}

// labelPrefix gives the label of an option from its value, for the
// questions whose options are labelled so (see options.go).
var labelPrefix = map[StepID]string{
	StepLanguage: "lang.", StepDanger: "danger.", StepSafety: "safety.", StepNeed: "need.", StepWho: "who.",
	StepAge: "age.", StepRegion: "region.", StepCitizenship: "citizenship.", StepResults: "results.option.",
}

func (t *turn) echo(opts []Option) {
	if len(opts) > 0 {
		t.out = append(t.out, Output{Kind: OutEcho, Options: opts})
	}
}

func inFlow(s StepID) bool {
	for _, f := range flow {
		if f == s {
			return true
		}
	}
	return s == StepDanger
}

// danger reads an answer to "are you in danger?", leaning to safety: any
// yes, maybe or fear is yes, even after a no («нет, но боюсь»); only a
// clear no is no. A short yes next to a no («да нет»; «я» in «я в
// безопасности» reads like Kazakh «иа») and anything unclear are asked
// again, with 112 shown.
func (t *turn) danger(r *reading) {
	switch v, used := t.dangerValue(r); v {
	case "yes", "no":
		t.accept(v, r, used)
	default:
		t.echo(t.situation(r, 0))
		t.s.Misses++
		t.say(OutMessage, "typed.danger.unclear", nil)
		t.ask(StepDanger)
	}
}

// dangerValue reads r as an answer to the danger question, as danger
// does: "yes", "no", or "" when unclear, and the words it used.
func (t *turn) dangerValue(r *reading) (string, uint64) {
	_, no, usedNo := t.m.match.choose(r, dangerOptions[1:], forQuestion)
	var used uint64 // the yes phrases apart from the no's words («нет опасности сейчас» is no)
	for _, f := range t.m.match.phrasesIn(r, func(p *phrase) bool { return p.label == "danger.yes" }) {
		if f.used&usedNo == 0 {
			used |= f.used
		}
	}
	yes := used != 0
	switch {
	case yes && (no != vOne || t.m.match.strong(r, used)):
		return "yes", used | usedNo
	case no == vOne && !yes:
		return "no", usedNo
	}
	return "", 0
}

// miss says the text was not understood, with a hint that changes: the
// first time the short hint, then an example answer, then a pointer to the
// buttons, then only the question.
func (t *turn) miss() {
	t.s.Misses++
	t.s.Confirm = 0
	switch t.s.Misses {
	case 1:
		q := t.m.question(t.s, t.s.Step)
		t.say(OutMessage, "hint", Args{"Count": len(q.Options)})
	case 2:
		t.say(OutMessage, "typed.hint."+t.s.Step.String(), nil)
	case 3:
		t.say(OutMessage, "typed.hint.buttons", nil)
	}
	t.ask(t.s.Step)
}

// situation fills, from r, every answer it states that is still open,
// other than the answer to skip (the question being answered), marking
// them answered ahead; it returns the options it filled, for the echo.
func (t *turn) situation(r *reading, skip StepID) []Option {
	r = r.inSituation()
	s := &t.s
	var got []Option
	fill := func(step StepID, opts []Option, set func(string)) {
		if step == skip || s.Ahead&bit(step) != 0 {
			return
		}
		if v, vd, _ := t.m.match.choose(r, opts, forSituation); vd == vOne {
			set(v)
			s.Ahead |= bit(step)
			got = append(got, t.option(step, v))
		}
	}
	if s.Need == "" {
		fill(StepNeed, needOptions, func(v string) { s.Need = referral.Need(v) })
	}
	if s.Who == WhoUnknown && !s.Need.ForChildOnly() {
		fill(StepWho, whoOptionList, func(v string) { s.Who = Who(v) })
	}
	if s.Age == "" && (s.Who != WhoUnknown || s.Need.ForChildOnly()) {
		if band, ok := explicitAge(r, ageOptions(*s)); ok && skip != StepAge {
			s.Age = AgeBand(band)
			s.Ahead |= bit(StepAge)
			got = append(got, t.option(StepAge, band))
		} else {
			fill(StepAge, ageOptions(*s), func(v string) { s.Age = AgeBand(v) })
		}
	}
	if s.Region == "" {
		fill(StepRegion, regionOptions, func(v string) { s.Region = referral.Region(v) })
	}
	if s.Citizenship == "" && !s.CitizenshipAsked && (s.Need == "" || s.Need.AsksCitizenship()) {
		fill(StepCitizenship, citizenOptions[:3], func(v string) { // not "rather not say" from a situation
			s.Citizenship, s.CitizenshipAsked = referral.Citizenship(v), true
		})
	}
	return got
}

func ageOptions(s State) []Option {
	_, opts := ageQuestion(s)
	return opts
}

// aheadEcho returns the options of the answers given ahead, in the order
// of the questions.
func (t *turn) aheadEcho() []Option {
	s := t.s
	var out []Option
	for _, f := range flow {
		if s.Ahead&bit(f) == 0 {
			continue
		}
		if v, ok := answerOf(s, f); ok {
			out = append(out, t.option(f, v))
		}
	}
	return out
}

// firstText begins a conversation with typed text that is no crisis: it
// fills what the text states, guesses the language from its letters when
// none is known and the text said something, and asks the first question.
func (t *turn) firstText(text string) {
	lang := t.s.Lang
	t.s = State{Lang: lang, LastSeen: t.s.LastSeen, Seq: t.s.Seq}
	got := t.situation(t.m.match.readAny(text), 0)
	if !t.s.Lang.Valid() && len(got) > 0 {
		t.s.Lang = scriptLang(text)
	}
	if !t.s.Lang.Valid() {
		t.ask(StepLanguage)
		return
	}
	t.say(OutMessage, "welcome", nil)
	t.echo(got)
	t.ask(StepDanger)
}

// guessLanguage goes on from the language question after text that
// stated a situation: in the language its letters show (Kazakh letters,
// other Cyrillic), with the welcome and what was understood; Latin letters
// may be any language, so the language is asked again (the answers stay).
func (t *turn) guessLanguage(text string) {
	if l := scriptLang(text); l.Valid() && t.s.Resume == StepNone {
		t.s.Lang = l
		t.say(OutMessage, "welcome", nil)
		t.echo(t.aheadEcho())
		t.ask(StepDanger)
		return
	}
	t.ask(StepLanguage)
}

// scriptLang guesses the language of text from its letters: Kazakh
// letters, other Cyrillic, or none (Latin letters may be any language).
func scriptLang(text string) referral.Lang {
	if strings.ContainsAny(strings.ToLower(text), "әғқңөұүһі") {
		return referral.Kazakh
	}
	for _, r := range text {
		if r >= 'Ѐ' && r <= 'ӿ' {
			return referral.Russian
		}
	}
	return ""
}
