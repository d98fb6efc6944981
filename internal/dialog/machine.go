package dialog

import (
	"slices"
	"time"

	"github.com/komek-kz/komek/internal/referral"
)

// Machine runs conversations over one referral table. It holds no
// per-conversation state and is safe for concurrent use.
type Machine struct {
	table *referral.Table
	match *matcher
	opts  Options
}

// Options change what the conversation shows.
type Options struct {
	// ShowUnconfirmed names, below the results and clearly labelled, the
	// services that would fit but whose contacts nobody has confirmed yet,
	// so the person can search for them by name. Never with contacts.
	ShowUnconfirmed bool
	// RetentionHours is how long a conversation is kept after the person's
	// last message, as the privacy note tells them (default 24).
	RetentionHours int
	// Crisis, when set, reads every piece of typed text first, at every
	// step; words of immediate danger interrupt the conversation with the
	// emergency contacts for that kind of danger (see CrisisDetector).
	Crisis CrisisDetector
	// Places are the places a person may name when asked where they are
	// (a gazetteer's towns and foreign cities), and Countries the
	// countries, for where and for citizenship (see places.go).
	Places    []Place
	Countries []Country
	// Locate returns the region a shared location falls in, or false
	// when it cannot tell (see InputLocation).
	Locate func(lat, lon float64) (referral.Region, bool)
}

// New returns a Machine that answers from table and understands typed
// answers through lex.
func New(table *referral.Table, lex Lexicon, opts Options) *Machine {
	withAliases := make(Lexicon, len(lex)+len(referral.Regions))
	for id, texts := range lex {
		withAliases[id] = texts
	}
	for alias, r := range referral.RegionAliases {
		id := regionLabel(r)
		withAliases[id] = append(slices.Clip(withAliases[id]), alias)
	}
	match := newMatcher(withAliases)
	match.addPlaces(opts.Places, opts.Countries)
	match.done()
	return &Machine{table: table, match: match, opts: opts}
}

// Table returns the referral table the machine answers from.
func (m *Machine) Table() *referral.Table { return m.table }

// Step applies one input to state s at time now and returns the next state
// and what to say, in order. It never fails: unclear, stale or forged input
// gets a short explanation and the current question again. The returned
// state is always valid; when it is Ended, the conversation is over and its
// session should be deleted.
func (m *Machine) Step(s State, in Input, now time.Time) (State, []Output) {
	s.LastSeen = now
	t := turn{m: m, s: s}
	t.apply(in)
	return t.s, t.out
}

// turn accumulates one step's state changes and outputs.
type turn struct {
	m   *Machine
	s   State
	out []Output
}

func (t *turn) say(kind OutputKind, msg string, args Args) {
	t.out = append(t.out, Output{Kind: kind, Msg: msg, Args: args})
}

func (t *turn) apply(in Input) {
	defer t.dropStaleCrisis()
	if t.crisis(in) {
		return
	}
	if in.LangHint.Valid() && !t.s.Lang.Valid() && t.s.Step == StepNone {
		t.s.Lang = in.LangHint
	}
	if t.s.Step == StepNone || t.s.Step == StepEnded || t.s.Step >= stepCount {
		if in.Kind == InputText {
			t.firstText(in.Text)
			return
		}
		t.begin()
		return
	}
	switch in.Kind {
	case InputCommand:
		t.command(in.Command)
	case InputChoice:
		t.choice(in.Choice)
	case InputText:
		t.text(in.Text, in.Seen)
	case InputLocation:
		t.location(in.Lat, in.Lon)
	default:
		t.ask(t.s.Step)
	}
}

// begin starts a conversation: the language question unless the language is
// known, then the welcome and the danger question.
func (t *turn) begin() {
	lang := t.s.Lang
	t.s = State{Lang: lang, LastSeen: t.s.LastSeen, Seq: t.s.Seq}
	if !lang.Valid() {
		t.ask(StepLanguage)
		return
	}
	t.say(OutMessage, "welcome", nil)
	t.ask(StepDanger)
}

func (t *turn) command(c Command) {
	switch c {
	case CmdStart:
		t.begin()
	case CmdRestart:
		t.restart()
	case CmdLanguage:
		if t.s.Step != StepLanguage && t.s.Crisis == NoCrisis { // after an alarm, Resume keeps where to go on
			t.s.Resume = t.s.Step
		}
		t.ask(StepLanguage)
	case CmdBack:
		t.back()
	case CmdHelp:
		t.say(OutMessage, "help", nil)
		t.ask(t.s.Step)
	case CmdExit:
		t.s = State{Step: StepEnded, Lang: t.s.Lang, LastSeen: t.s.LastSeen, End: EndExit}
		t.say(OutMessage, "bye", nil)
	case CmdForget:
		t.s = State{Step: StepEnded, Lang: t.s.Lang, LastSeen: t.s.LastSeen, End: EndForget}
		t.say(OutMessage, "forgotten", nil)
	case CmdPrivacy:
		t.privacy()
	case CmdResume:
		t.say(OutMessage, "resumed", nil)
		t.resume(t.s.Step)
	default:
		t.ask(t.s.Step)
	}
}

func (t *turn) restart() {
	lang, seq := t.s.Lang, t.s.Seq
	t.s = State{Lang: lang, Seq: seq, LastSeen: t.s.LastSeen}
	if !lang.Valid() {
		t.ask(StepLanguage)
		return
	}
	t.say(OutMessage, "restarted", nil)
	t.ask(StepDanger)
}

func (t *turn) back() {
	if t.s.Crisis != NoCrisis { // from the alarm: where the person was; from its language question: the alarm
		if t.s.Step == StepSafety {
			t.afterAlarm()
		} else {
			t.alarm()
		}
		return
	}
	if t.s.Step == StepLanguage && t.s.Resume != StepNone {
		r := t.s.Resume
		t.s.Resume = StepNone
		t.resume(r)
		return
	}
	prev := t.m.prev(t.s, t.s.Step)
	if prev == StepNone {
		t.say(OutMessage, "back.first", nil)
		t.ask(t.s.Step)
		return
	}
	t.ask(prev)
}

// privacy shows the privacy note, with a button to erase everything, and
// asks the current question again; the button belongs to that question.
func (t *turn) privacy() {
	hours := t.m.opts.RetentionHours
	if hours <= 0 {
		hours = 24
	}
	t.out = append(t.out, Output{Kind: OutMessage, Msg: "privacy", Args: Args{"Count": hours},
		Options: []Option{{Value: NavForget, Label: "privacy.forget"}}, Step: t.s.Step, Seq: t.s.Seq + 1})
	t.ask(t.s.Step)
}

// answer applies an option value that is known to be offered at the
// current step.
func (t *turn) answer(v string) {
	if c, ok := navCommands[v]; ok {
		t.command(c)
		return
	}
	s := &t.s
	s.Ahead &^= bit(s.Step) // answered now, at its question
	s.Confirm = 0
	switch s.Step {
	case StepLanguage:
		s.Lang = referral.Lang(v)
		if s.Crisis != NoCrisis {
			t.alarm() // the contacts again, in the language chosen
			return
		}
		if r := s.Resume; r != StepNone {
			s.Resume = StepNone
			t.resume(r)
			return
		}
		t.say(OutMessage, "welcome", nil)
		t.echo(t.aheadEcho())
		t.ask(StepDanger)
		return
	case StepDanger:
		if v == "yes" {
			s.Danger = DangerYes
			t.emergency()
			return
		}
		s.Danger = DangerNo
	case StepSafety:
		if v == "exit" {
			t.command(CmdExit)
			return
		}
		if s.Crisis != NoCrisis {
			t.afterAlarm()
			return
		}
	case StepNeed:
		s.Need = referral.Need(v)
	case StepWho:
		s.Who = Who(v)
	case StepAge:
		s.Age = AgeBand(v)
	case StepRegion:
		s.Region = referral.Region(v)
	case StepCitizenship:
		s.Citizenship = referral.Citizenship(v)
		if v == "skip" {
			s.Citizenship = referral.AnyCitizenship
		}
		s.CitizenshipAsked = true
	case StepResults:
		t.results(v)
		return
	case StepFeedbackHelped, StepFeedbackBroken, StepFeedbackNoAnswer:
		t.feedbackFor(v)
		return
	}
	t.clearAfter(s.Step)
	t.ask(t.m.next(*s, s.Step))
}

// clearAfter forgets the answers to the questions after step, which will be
// asked again.
func (t *turn) clearAfter(step StepID) {
	s := &t.s
	for _, later := range flow {
		if later <= step || s.Ahead&bit(later) != 0 {
			continue // answers given ahead stay
		}
		switch later {
		case StepWho:
			s.Who = WhoUnknown
		case StepAge:
			s.Age = ""
		case StepRegion:
			s.Region = ""
		case StepCitizenship:
			s.Citizenship, s.CitizenshipAsked = "", false
		}
	}
	s.Page = 0
}

func (t *turn) results(v string) {
	switch v {
	case "more":
		t.s.Page++
		t.showResults()
	case "restart":
		t.restart()
	case "exit":
		t.command(CmdExit)
	default:
		if f, ok := feedbackValues[v]; ok {
			t.feedback(f)
		}
	}
}

// emergency shows the emergency contacts, then asks whether to go on.
func (t *turn) emergency() {
	t.out = append(t.out, Output{Kind: OutEmergency, Msg: "emergency.title",
		Results: t.m.table.EmergencyContacts(t.s.Need)})
	t.ask(StepSafety)
}

// resume returns to a question left for a language change, showing again
// what came with it: the emergency contacts, or the results.
func (t *turn) resume(step StepID) {
	switch step {
	case StepSafety:
		if t.s.Crisis != NoCrisis {
			t.alarm()
			return
		}
		t.emergency()
	case StepResults:
		t.showResults()
	default:
		t.ask(step)
	}
}

// ask moves to step and asks its question. Asking StepResults shows the
// current page of results first.
func (t *turn) ask(step StepID) {
	if step == StepResults && t.s.Step != StepResults {
		t.s.Page = 0
		t.s.Step = step
		t.showResults()
		return
	}
	if step != t.s.Step {
		t.s.Misses, t.s.Confirm = 0, 0
	}
	t.s.Step = step
	t.s.Seq++
	t.out = append(t.out, t.asked(step))
}

func (t *turn) showResults() {
	all, from, page := t.m.page(&t.s)
	msg := "results.title"
	if t.s.Page > 0 {
		msg = "results.more"
	} else {
		t.say(OutMessage, "about."+string(t.s.Need), nil)
		if noLocal(t.s.Region, all) {
			t.say(OutMessage, "results.nolocal", nil)
		}
	}
	t.out = append(t.out, Output{Kind: OutResults, Msg: msg, Results: page,
		Args: Args{"Count": len(all), "Shown": from + len(page)}})
	if t.m.opts.ShowUnconfirmed && from+len(page) == len(all) {
		if also := unlisted(t.m.table.Unconfirmed(t.s.Query()), all); len(also) > 0 {
			t.out = append(t.out, Output{Kind: OutAlso, Msg: "results.unconfirmed", Results: also})
		}
	}
	t.s.Step, t.s.Misses = StepResults, 0
	t.s.Seq++
	t.out = append(t.out, t.asked(StepResults))
}

// page returns every result for s, where the current page starts, and the
// page itself, first clamping s.Page to the last page.
func (m *Machine) page(s *State) (all []referral.Result, from int, page []referral.Result) {
	all = m.table.Match(s.Query())
	pages := (len(all) + referral.PageSize - 1) / referral.PageSize
	if int(s.Page) >= pages {
		s.Page = uint8(max(0, pages-1))
	}
	from = int(s.Page) * referral.PageSize
	return all, from, all[from:min(len(all), from+referral.PageSize)]
}

// unlisted drops from also the services of organisations that already have
// a card among the results: the line names organisations, and naming one
// as "not confirmed yet" right below its own card would confuse.
func unlisted(also, results []referral.Result) []referral.Result {
	var out []referral.Result
	for _, a := range also {
		if !slices.ContainsFunc(results, func(r referral.Result) bool { return r.Org == a.Org }) {
			out = append(out, a)
		}
	}
	return out
}

// noLocal reports whether the person named a region in Kazakhstan and no
// result works there or next door: the bot then says so plainly before the
// nationwide and online services.
func noLocal(r referral.Region, all []referral.Result) bool {
	if r == "" || r == referral.Abroad {
		return false
	}
	return !slices.ContainsFunc(all, func(res referral.Result) bool {
		return res.Fit == referral.FitLocal || res.Fit == referral.FitNear
	})
}
