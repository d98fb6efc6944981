package dialog

import "github.com/komek-kz/komek/internal/referral"

// InputKind says what a person did.
type InputKind uint8

// Input kinds.
const (
	// InputText: the person typed something.
	InputText InputKind = iota + 1
	// InputChoice: the person pressed a button.
	InputChoice
	// InputCommand: the person sent a command (/start, /exit, …).
	InputCommand
	// InputLocation: the person shared a location (Lat, Lon): where they
	// are, read through Options.Locate.
	InputLocation
)

// Command is a conversation command, from a channel's command syntax
// (/start in Telegram and the terminal) or a navigation button.
type Command uint8

// Commands.
const (
	CmdNone Command = iota
	// CmdStart begins the conversation afresh, keeping the language.
	CmdStart
	// CmdRestart starts over, keeping the language.
	CmdRestart
	// CmdLanguage asks for the language again, then returns to the question.
	CmdLanguage
	// CmdBack returns to the previous question.
	CmdBack
	// CmdHelp explains how to answer, then repeats the question.
	CmdHelp
	// CmdExit ends the conversation and forgets it.
	CmdExit
	// CmdResume greets a person coming back after a pause (a new terminal
	// session) and repeats where they were.
	CmdResume
	// CmdPrivacy says what the bot keeps, for how long, who can see it and
	// how to erase it, then repeats the question.
	CmdPrivacy
	// CmdForget erases everything the bot keeps about the person.
	CmdForget
	// CmdAgain asks the current question again, with nothing before it: a
	// channel that shows a long question in parts (WhatsApp's list of
	// region groups) asks for it when the person opens a part.
	CmdAgain
)

// Input is one thing a person did. Text is read for words of danger and to
// pick an option, then forgotten: it never reaches the State.
type Input struct {
	Kind    InputKind
	Text    string
	Command Command
	Choice  Choice
	// LangHint is the language the person's app reports, if it is one the
	// bot speaks; it picks the first language when none is stored.
	LangHint referral.Lang
	// Lat and Lon are a shared location, in decimal degrees. Like text,
	// they are read and forgotten: only the region is kept.
	Lat, Lon float64
	// Seen is the question the person saw last (the last one delivered),
	// when the channel knows it: typed text is read first as an answer to
	// that question (see press.go). The zero Seen means the current one.
	Seen Seen
}

// Location returns a shared-location input.
func Location(lat, lon float64) Input { return Input{Kind: InputLocation, Lat: lat, Lon: lon} }

// Choice is a button press: the question it belongs to and the option.
// Channels carry it through their own encoding (Telegram callback data); the
// dialog checks it against the question it names and the answers given
// (press.go), so repeated, late and forged buttons are harmless.
type Choice struct {
	Step  StepID
	Seq   uint16
	Value string
}

// Text returns a typed-text input.
func Text(s string) Input { return Input{Kind: InputText, Text: s} }

// Press returns a button-press input.
func Press(step StepID, seq uint16, value string) Input {
	return Input{Kind: InputChoice, Choice: Choice{Step: step, Seq: seq, Value: value}}
}

// Cmd returns a command input.
func Cmd(c Command) Input { return Input{Kind: InputCommand, Command: c} }

// OutputKind says how a channel should show an output.
type OutputKind uint8

// Output kinds.
const (
	// OutMessage is a message with no choices.
	OutMessage OutputKind = iota + 1
	// OutQuestion is a message with options to choose from.
	OutQuestion
	// OutResults is a list of services, with Msg as its heading.
	OutResults
	// OutEmergency is the list of emergency contacts, with Msg as its
	// heading; channels show it before anything else.
	OutEmergency
	// OutAlso names services whose contacts are not confirmed yet, with
	// Msg as its heading: names only, never contacts.
	OutAlso
)

// Output is one thing the bot says: a message ID with arguments, and for a
// question its options. It holds no rendered text.
type Output struct {
	Kind OutputKind
	Msg  string
	Args Args
	// Options are the answers to a question, in order; a person may also
	// type an option's number (from 1), or its label.
	Options []Option
	// Nav are the navigation choices of a question: back, start over,
	// language, exit.
	Nav []Option
	// Step and Seq identify the question; a button press carries them back.
	Step StepID
	Seq  uint16
	// Results are the services to show, for OutResults, OutEmergency and
	// OutAlso.
	Results []referral.Result
	// Report, when set, is an anonymous feedback answer for the channel to
	// count (per service, never with who gave it).
	Report *Report
	// Answers, on the questions after the danger question (the situation
	// and the results), are the answers given so far other than the one
	// being asked, in the order of the questions, labelled as an echo's
	// options are: channels show them as a compact line above it.
	Answers []Option
}

// Args are the template arguments of a message.
type Args map[string]any

// Option is one answer to a question. Label is a message ID; Value is what a
// button press carries back.
type Option struct {
	Value string
	Label string
	// Name, when set, is shown instead of Label: a service's name.
	Name referral.Text
}

// Navigation option values; they share the Choice space with the answers.
const (
	NavBack     = "nav:back"
	NavRestart  = "nav:restart"
	NavLanguage = "nav:lang"
	NavExit     = "nav:exit"
	// NavForget is the button under the privacy note.
	NavForget = "nav:forget"
)

var navCommands = map[string]Command{
	NavBack: CmdBack, NavRestart: CmdRestart, NavLanguage: CmdLanguage, NavExit: CmdExit, NavForget: CmdForget,
}
