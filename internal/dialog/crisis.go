package dialog

import "github.com/komek-kz/komek/internal/referral"

// Crisis is a kind of immediate danger that a person's typed words signal.
// The values are stored in sessions: append new kinds, never renumber.
type Crisis uint8

// Kinds of crisis. Each shows the emergency numbers that fit its need (112,
// and the police or the ambulance) and the hotlines for its need.
const (
	// NoCrisis: the text signals no immediate danger.
	NoCrisis Crisis = iota
	// CrisisSuicide: thoughts or plans of suicide, self-harm.
	CrisisSuicide
	// CrisisViolence: being beaten, raped or threatened, now or just now.
	CrisisViolence
	// CrisisHeld: locked in, held, sold, forced to work, documents taken.
	CrisisHeld
	// CrisisChild: a child being hurt, threatened, abused or missing,
	// including a child writing about their own parents.
	CrisisChild
	// CrisisDanger: a cry for help that says no more ("SOS", "спасите").
	CrisisDanger
	crisisCount
)

var crisisNames = [...]string{"", "suicide", "violence", "held", "child", "danger"}

// String returns the kind's name as used in lexicon headers and message
// IDs ("suicide", …), or "" for NoCrisis.
func (c Crisis) String() string {
	if int(c) < len(crisisNames) {
		return crisisNames[c]
	}
	return "invalid"
}

// ParseCrisis returns the kind named name ("suicide", "violence", "held",
// "child", "danger").
func ParseCrisis(name string) (Crisis, bool) {
	for i, n := range crisisNames {
		if n == name && i > 0 {
			return Crisis(i), true
		}
	}
	return NoCrisis, false
}

// Need returns the need whose hotlines follow the emergency numbers for
// this kind of crisis; "" (the general hotlines) for a bare cry for help.
func (c Crisis) Need() referral.Need {
	switch c {
	case CrisisSuicide:
		return referral.NeedMentalHealth
	case CrisisViolence:
		return referral.NeedDomesticViolence
	case CrisisHeld:
		return referral.NeedTrafficking
	case CrisisChild:
		return referral.NeedChildAbuse
	}
	return ""
}

// msg returns the message ID of the heading above the contacts.
func (c Crisis) msg() string { return "crisis." + c.String() }

// CrisisDetector tells whether typed text signals immediate danger. The
// dialog asks it about every piece of typed text, at every step, before
// anything else; it must be fast, safe for concurrent use, and must not
// keep or log the text.
type CrisisDetector interface {
	// Detect returns the kind of danger text signals, or NoCrisis, and the
	// language the signal was written in ("" when it cannot tell).
	Detect(text string) (Crisis, referral.Lang)
}

// crisis checks typed text for signs of immediate danger. On a sign it
// interrupts whatever was asked, shows the emergency contacts for that kind
// of danger and asks whether to go on, remembering where the person was,
// and reports true. The text itself is not kept.
func (t *turn) crisis(in Input) bool {
	d := t.m.opts.Crisis
	if d == nil || in.Kind != InputText {
		return false
	}
	kind, textLang := d.Detect(in.Text)
	if kind == NoCrisis || kind >= crisisCount {
		return false
	}
	s := &t.s
	back := s.Step
	switch s.Step {
	case StepLanguage, StepSafety:
		back = s.Resume // where a language change or an earlier alarm returns to
	case StepDanger:
		back, s.Danger = StepNone, DangerYes // as if they had answered "yes"
	}
	if s.Step == StepNone || s.Step >= StepEnded {
		*s = State{Lang: s.Lang, LastSeen: s.LastSeen, Seq: s.Seq} // a new conversation
		back = StepNone
	}
	if !s.Lang.Valid() {
		s.Lang = firstValid(textLang, in.LangHint, referral.English)
	}
	if s.Need == "" && kind.Need() != "" && back != StepNeed {
		s.Need = kind.Need()
		s.Ahead |= bit(StepNeed)
	}
	t.situation(t.m.match.readAny(in.Text), back) // what else the words say: never asked again
	s.Resume, s.Crisis = back, kind
	t.alarm()
	return true
}

func firstValid(langs ...referral.Lang) referral.Lang {
	for _, l := range langs {
		if l.Valid() {
			return l
		}
	}
	return referral.English
}

// alarm shows the contacts for the crisis in the state, then asks whether
// to go on.
func (t *turn) alarm() {
	c := t.s.Crisis
	t.out = append(t.out, Output{Kind: OutEmergency, Msg: c.msg(), Results: t.m.table.EmergencyContacts(c.Need())})
	t.ask(StepSafety)
}

// afterAlarm goes on from the safety question that followed an alarm:
// back to the question the person was at. A need question interrupted by
// the alarm is answered with the need the words signalled (they can go
// back and change it); a conversation the alarm started begins with the
// welcome and the need question.
func (t *turn) afterAlarm() {
	s := &t.s
	back, kind := s.Resume, s.Crisis
	s.Resume, s.Crisis = StepNone, NoCrisis
	switch {
	case back == StepNeed && kind.Need() != "":
		s.Step = StepNeed
		t.echo([]Option{t.option(StepNeed, string(kind.Need()))}) // what the words were taken for
		t.answer(string(kind.Need()))
	case back == StepNone || back == StepSafety:
		if s.Danger == DangerUnknown {
			t.say(OutMessage, "welcome", nil)
		}
		t.echo(t.aheadEcho())
		t.ask(t.m.next(*s, StepSafety))
	default:
		t.resume(back)
	}
}

// dropStaleCrisis forgets an alarm once the person has left its safety
// question other than for its language question (by starting over, say).
func (t *turn) dropStaleCrisis() {
	if t.s.Crisis != NoCrisis && t.s.Step != StepSafety && t.s.Step != StepLanguage {
		t.s.Crisis, t.s.Resume = NoCrisis, StepNone
	}
}
