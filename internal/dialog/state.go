package dialog

import (
	"time"

	"github.com/komek-kz/komek/internal/referral"
)

// StepID names a point in the conversation: the question the bot is waiting
// for an answer to.
type StepID uint8

// Steps. The numeric values are stored in sessions and sent in buttons:
// append new steps, never renumber.
const (
	// StepNone is a conversation that has not started (the zero State).
	StepNone StepID = iota
	StepLanguage
	StepDanger
	// StepSafety follows the emergency contacts: go on, or leave.
	StepSafety
	StepNeed
	StepWho
	StepAge
	StepRegion
	StepCitizenship
	StepResults
	// StepEnded is a conversation the person left; its session is deleted.
	StepEnded
	// StepFeedbackHelped, StepFeedbackBroken and StepFeedbackNoAnswer ask
	// which service a feedback answer after the results is about; the step
	// itself holds the answer, so the session needs no field for it.
	StepFeedbackHelped
	StepFeedbackBroken
	StepFeedbackNoAnswer
	stepCount
)

var stepNames = [...]string{"none", "language", "danger", "safety", "need", "who", "age", "region", "citizenship", "results", "ended", "feedback-helped", "feedback-broken", "feedback-no-answer"}

func (s StepID) String() string {
	if int(s) < len(stepNames) {
		return stepNames[s]
	}
	return "invalid"
}

// Who is the person the help is for.
type Who string

// Who values; they are also the option values of the question.
const (
	WhoUnknown    Who = ""
	WhoSelf       Who = "self"
	WhoMyChild    Who = "child"
	WhoOtherAdult Who = "adult"
	WhoOtherChild Who = "other_child"
)

var whoOptions = []Who{WhoSelf, WhoMyChild, WhoOtherAdult, WhoOtherChild}

func (w Who) child() bool { return w == WhoMyChild || w == WhoOtherChild }

// AgeBand is an age range offered as an answer; its value is the range as
// written ("3-6", "18+").
type AgeBand string

// Age bands for a child, and for a person asking for themselves.
var (
	childBands = []AgeBand{"0-2", "3-6", "7-13", "14-17"}
	selfBands  = []AgeBand{"0-13", "14-17", "18+"}
)

var bandRanges = map[AgeBand]referral.AgeRange{
	"0-2": {Min: 0, Max: 2}, "3-6": {Min: 3, Max: 6}, "7-13": {Min: 7, Max: 13},
	"14-17": {Min: 14, Max: 17}, "0-13": {Min: 0, Max: 13}, "18+": {Min: 18},
}

// Danger is the answer to "are you in danger right now?".
type Danger uint8

// Danger answers.
const (
	DangerUnknown Danger = iota
	DangerYes
	DangerNo
)

// State is one conversation's state: where it is and the answers given so
// far, as codes. It holds nothing a person typed. The zero State is a
// conversation that has not started. States are values: Step returns a new
// one and never modifies its argument's memory.
type State struct {
	Step StepID
	// Resume is the question to return to after a language change, or,
	// while Crisis is set, after the emergency contacts.
	Resume StepID
	Lang   referral.Lang
	Danger Danger
	Need   referral.Need
	Who    Who
	Age    AgeBand
	Region referral.Region
	// Citizenship is "" when not asked or not said.
	Citizenship referral.Citizenship
	// CitizenshipAsked records that the citizenship question was answered,
	// even with "rather not say".
	CitizenshipAsked bool
	// Page is the results page shown, from 0.
	Page uint8
	// Seq numbers the questions asked; buttons carry it so a stale or
	// forged button is recognised.
	Seq uint16
	// LastSeen is when the person last wrote; sessions expire after it.
	LastSeen time.Time
	// Crisis is the kind of danger the person's typed words signalled,
	// while they are at the safety question that follows its emergency
	// contacts (or changing the language there); NoCrisis otherwise. It is
	// a code: the words themselves are never kept.
	Crisis Crisis
	// Ahead has a bit (1<<step) for each question answered ahead, from
	// what the person typed before it was asked (a situation in one
	// message): it is not asked, and starting it over keeps the answer.
	Ahead uint16
	// Misses counts the typed answers not understood at the current
	// question, for hints that change (see hints.go).
	Misses uint8
	// Confirm is a bare number typed at the age question that is also the
	// number of an option for another band: the question asks which was
	// meant, offering those two bands (0 when not asked).
	Confirm uint8
	// End says how a conversation at StepEnded ended. It is never stored:
	// an ended conversation's session is deleted.
	End Ending
}

// Ending says how a conversation ended.
type Ending uint8

// Endings.
const (
	// EndNone: the conversation goes on.
	EndNone Ending = iota
	// EndExit: the person left (/exit): the channel removes the
	// conversation from the chat where it can.
	EndExit
	// EndForget: the person asked to be forgotten (/forget): the channel
	// erases everything it keeps about them.
	EndForget
)

// Query returns the referral query for the answers given so far.
func (s State) Query() referral.Query {
	q := referral.Query{Need: s.Need, Region: s.Region, Citizenship: s.Citizenship, Lang: s.Lang}
	switch r, ok := bandRanges[s.Age]; {
	case ok:
		q.Age, q.AgeKnown = r, true
	case s.Who.child() || s.Need.ForChildOnly():
		q.Age, q.AgeKnown = referral.AgeRange{Min: 0, Max: 17}, true
	case s.Who == WhoOtherAdult:
		q.Age, q.AgeKnown = referral.AgeRange{Min: 18}, true
	}
	return q
}

// Ended reports whether the person left the conversation; the session is
// then deleted.
func (s State) Ended() bool { return s.Step == StepEnded }
