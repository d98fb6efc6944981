package dialog_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/crisis"
	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referral/referraltest"
	"github.com/komek-kz/komek/locales"
)

// alarmMachine reads typed text with the real crisis lexicons.
var alarmMachine = func() *dialog.Machine {
	d, err := crisis.Load(locales.Crisis)
	if err != nil {
		panic(err)
	}
	return dialog.New(referraltest.Table(), lex, dialog.Options{ShowUnconfirmed: true, Crisis: d})
}()

func newAlarmChat(t *testing.T) *chat { c := newChat(t); c.m = alarmMachine; return c }

// crisisWords are phrases of each kind of danger, as a person might type
// them, in each language.
var crisisWords = map[dialog.Crisis][]string{
	dialog.CrisisSuicide:  {"не хочу больше жить", "olgim keledi", "i want to kill myself"},
	dialog.CrisisViolence: {"муж бьёт меня", "күйеуім ұрып жатыр", "he is beating me"},
	dialog.CrisisHeld:     {"паспорт отобрали и не отпускают", "мені қамап қойды", "they locked me in"},
	dialog.CrisisChild:    {"отчим бьёт меня", "әкем ұрады", "my dad hits me"},
	dialog.CrisisDanger:   {"помогите!!!", "құтқарыңдар", "sos"},
}

// walks reach each question of the conversation by pressing buttons.
var walks = map[dialog.StepID][]string{
	dialog.StepLanguage:    nil,
	dialog.StepDanger:      {"en"},
	dialog.StepSafety:      {"en", "yes"},
	dialog.StepNeed:        {"en", "no"},
	dialog.StepWho:         {"en", "no", "migrant"},
	dialog.StepAge:         {"en", "no", "mental_health", "self"},
	dialog.StepRegion:      {"en", "no", "migrant", "self"},
	dialog.StepCitizenship: {"en", "no", "migrant", "self", "almaty"},
	dialog.StepResults:     {"en", "no", "migrant", "self", "almaty", "skip"},
}

func (c *chat) walk(step dialog.StepID) *chat {
	c.t.Helper()
	c.cmd(dialog.CmdStart)
	for _, v := range walks[step] {
		c.press(v)
	}
	return c.at(step)
}

// checkAlarm asserts that the last turn showed the emergency contacts for
// kind first, under its heading, and then asked the safety question.
func (c *chat) checkAlarm(kind dialog.Crisis) {
	c.t.Helper()
	c.at(dialog.StepSafety)
	first := c.out[0]
	if first.Kind != dialog.OutEmergency || first.Msg != "crisis."+kind.String() {
		c.t.Fatalf("first output %v %q, want the emergency contacts under crisis.%s (all: %v)", first.Kind, first.Msg, kind, c.msgs())
	}
	want := resultIDs(dialog.Output{Results: c.m.Table().EmergencyContacts(kind.Need())})
	if got := resultIDs(first); !slices.Equal(got, want) {
		c.t.Errorf("contacts %v, want %v", got, want)
	}
	if got := resultIDs(first); len(got) < 4 || !slices.Equal(got[:3], []string{"emergency.112", "emergency.102", "emergency.103"}) {
		c.t.Errorf("contacts %v: want 112, 102, 103 first and a hotline after them", got)
	}
	if q := c.question(); q.Msg != "ask.safety" || len(c.out) != 2 {
		c.t.Errorf("after the contacts: %v, want only the safety question", c.msgs())
	}
	if c.s.Crisis != kind {
		c.t.Errorf("state remembers crisis %v, want %v", c.s.Crisis, kind)
	}
}

// noTrace asserts that the encoded state holds none of the typed words.
func noTrace(t *testing.T, s dialog.State, typed string) {
	t.Helper()
	b, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range strings.Fields(typed) {
		if len(w) > 3 && strings.Contains(string(b), w) {
			t.Errorf("encoded state contains the typed word %q", w)
		}
	}
}

// At every question, typed words of danger interrupt with the contacts for
// that kind of danger, then the safety question; going on returns to the
// question the person was at, with their answers kept.
func TestCrisisWordsInterruptEveryStep(t *testing.T) {
	for step := range walks {
		for kind, phrases := range crisisWords {
			for _, typed := range phrases {
				t.Run(step.String()+"/"+typed, func(t *testing.T) {
					c := newAlarmChat(t).walk(step)
					before := c.s
					c.text(typed)
					c.checkAlarm(kind)
					noTrace(t, c.s, typed)
					c.press("continue")
					checkResumed(t, c, step, before, kind)
				})
			}
		}
	}
}

// checkResumed asserts where "go on" led from an alarm raised at step.
func checkResumed(t *testing.T, c *chat, step dialog.StepID, before dialog.State, kind dialog.Crisis) {
	t.Helper()
	switch step {
	case dialog.StepLanguage:
		// The conversation had not begun: it begins, in the language the
		// words were in, without asking whether they are in danger, nor
		// what the words already said.
		checkNotAskedAgain(t, c, kind)
		if c.out[0].Msg != "welcome" || !c.s.Lang.Valid() {
			t.Errorf("a conversation begun by an alarm: %v, language %q", c.msgs(), c.s.Lang)
		}
	case dialog.StepDanger, dialog.StepSafety:
		checkNotAskedAgain(t, c, kind) // the words answered "are you in danger?", and what for
		if c.s.Danger != dialog.DangerYes {
			t.Errorf("danger %v, want yes", c.s.Danger)
		}
	case dialog.StepNeed:
		// The words also answered what they need help with.
		if kind.Need() == "" {
			c.at(dialog.StepNeed)
			return
		}
		if c.s.Need != kind.Need() || c.s.Step == dialog.StepNeed {
			t.Errorf("after an alarm at the need question: need %q at %v, want %q answered", c.s.Need, c.s.Step, kind.Need())
		}
	default:
		c.at(step)
		if c.s.Need != before.Need || c.s.Who != before.Who || c.s.Region != before.Region || c.s.Citizenship != before.Citizenship {
			t.Errorf("answers changed: before %+v, after %+v", before, c.s)
		}
		if step == dialog.StepResults && c.results().Kind != dialog.OutResults {
			t.Error("the results are not shown again")
		}
	}
	if c.s.Crisis != dialog.NoCrisis || c.s.Resume != dialog.StepNone {
		t.Errorf("after going on the state still holds the alarm: crisis %v, resume %v", c.s.Crisis, c.s.Resume)
	}
}

// checkNotAskedAgain asserts that going on from an alarm that began the
// conversation asks the need only when the words did not say it.
func checkNotAskedAgain(t *testing.T, c *chat, kind dialog.Crisis) {
	t.Helper()
	if kind.Need() == "" {
		c.at(dialog.StepNeed)
		return
	}
	if c.s.Need != kind.Need() || c.s.Step == dialog.StepNeed || c.s.Step == dialog.StepDanger {
		t.Errorf("after the alarm: need %q at %v, want %q and the next question", c.s.Need, c.s.Step, kind.Need())
	}
}

func TestCrisisBeforeTheConversationUsesTheLanguageOfTheWords(t *testing.T) {
	tests := []struct {
		in   dialog.Input
		want referral.Lang
	}{
		{dialog.Text("өлгім келеді"), referral.Kazakh},
		{dialog.Text("ne hochu zhit"), referral.Russian},
		{dialog.Text("i want to die"), referral.English},
		{dialog.Input{Kind: dialog.InputText, Text: "i want to die", LangHint: referral.Russian}, referral.English},
	}
	for _, tt := range tests {
		c := newAlarmChat(t)
		c.send(tt.in)
		c.checkAlarm(dialog.CrisisSuicide)
		if c.s.Lang != tt.want {
			t.Errorf("%q: language %q, want %q", tt.in.Text, c.s.Lang, tt.want)
		}
	}
}

// fixedDetector signals one kind of danger in any text containing "!!",
// in no language it can tell.
type fixedDetector dialog.Crisis

func (f fixedDetector) Detect(text string) (dialog.Crisis, referral.Lang) {
	if strings.Contains(text, "!!") {
		return dialog.Crisis(f), ""
	}
	return dialog.NoCrisis, ""
}

func TestCrisisLanguageFallsBackToTheAppThenEnglish(t *testing.T) {
	m := dialog.New(referraltest.Table(), lex, dialog.Options{Crisis: fixedDetector(dialog.CrisisViolence)})
	s, _ := m.Step(dialog.State{}, dialog.Input{Kind: dialog.InputText, Text: "!!", LangHint: referral.Kazakh}, t0)
	if s.Lang != referral.Kazakh || s.Step != dialog.StepSafety {
		t.Errorf("with an app language: %q at %v, want kk at safety", s.Lang, s.Step)
	}
	s, _ = m.Step(dialog.State{}, dialog.Text("!!"), t0)
	if s.Lang != referral.English {
		t.Errorf("with nothing to go by: %q, want en", s.Lang)
	}
	ended := dialog.State{Step: dialog.StepEnded, Lang: referral.Russian, End: dialog.EndExit}
	s, out := m.Step(ended, dialog.Text("!!"), t0)
	checkTurn(t, s, out)
	if s.Lang != referral.Russian || s.End != dialog.EndNone || out[0].Kind != dialog.OutEmergency {
		t.Errorf("after an ended conversation: %+v, %v", s, out[0].Msg)
	}
}

func TestOnlyTypedTextIsReadForDanger(t *testing.T) {
	c := newAlarmChat(t).walk(dialog.StepRegion)
	c.send(dialog.Press(c.s.Step, c.s.Seq, "хочу умереть")).at(dialog.StepRegion)
	if c.out[0].Msg != "stale" {
		t.Errorf("a forged button with words of danger: %v", c.msgs())
	}
	c.cmd(dialog.CmdHelp).at(dialog.StepRegion)
	c.text("Алматы").at(dialog.StepCitizenship)
}

func TestLanguageChangeOnTheAlarmShowsItAgainThenGoesBack(t *testing.T) {
	c := newAlarmChat(t).walk(dialog.StepRegion)
	c.text("меня держат взаперти").checkAlarm(dialog.CrisisHeld)
	c.press(dialog.NavLanguage).at(dialog.StepLanguage)
	q := c.question()
	if !slices.ContainsFunc(q.Nav, func(o dialog.Option) bool { return o.Value == dialog.NavBack }) {
		t.Errorf("the language question after an alarm offers no way back: %+v", q.Nav)
	}
	c.press("ru").checkAlarm(dialog.CrisisHeld)
	if c.s.Lang != referral.Russian {
		t.Errorf("language %q, want ru", c.s.Lang)
	}
	c.press("continue").at(dialog.StepRegion)
	if c.s.Need != referral.NeedMigrant {
		t.Errorf("need %q, want the migrant answer kept", c.s.Need)
	}
}

func TestBackFromTheAlarmReturnsWhereThePersonWas(t *testing.T) {
	c := newAlarmChat(t).walk(dialog.StepCitizenship)
	c.text("he has a knife").checkAlarm(dialog.CrisisViolence)
	c.cmd(dialog.CmdBack).at(dialog.StepCitizenship)
	c.text("i want to die").checkAlarm(dialog.CrisisSuicide)
	c.cmd(dialog.CmdResume).at(dialog.StepSafety) // a new terminal session shows the alarm again
	if !slices.Equal(c.msgs(), []string{"resumed", "crisis.suicide", "ask.safety"}) {
		t.Errorf("resuming at the alarm: %v", c.msgs())
	}
	c.text("I am scared he will kill me").checkAlarm(dialog.CrisisViolence)
	c.text("go on").at(dialog.StepCitizenship) // typed, not pressed
}

func TestLeavingFromTheAlarm(t *testing.T) {
	c := newAlarmChat(t).walk(dialog.StepWho)
	c.text("kms").checkAlarm(dialog.CrisisSuicide)
	c.press("exit")
	if !c.s.Ended() || c.s.Crisis != dialog.NoCrisis {
		t.Errorf("after leaving: %+v", c.s)
	}
}

func TestStartingOverFromTheAlarmForgetsIt(t *testing.T) {
	c := newAlarmChat(t).walk(dialog.StepAge)
	c.text("i want to die").checkAlarm(dialog.CrisisSuicide)
	c.press(dialog.NavRestart).at(dialog.StepDanger)
	if c.s.Crisis != dialog.NoCrisis || c.s.Resume != dialog.StepNone {
		t.Errorf("start over kept the alarm: %+v", c.s)
	}
}

func TestEveryStateEveryInputWithTheDetector(t *testing.T) {
	states := reachable(t)
	c := newAlarmChat(t).walk(dialog.StepRegion)
	c.text("хочу умереть")
	states["alarm"] = c.s
	c.press(dialog.NavLanguage)
	states["alarm-language"] = c.s
	for name, s := range states {
		for what, in := range inputs(s) {
			if strings.HasPrefix(what, "press") {
				continue // the buttons belong to the plain machine's questions
			}
			next, out := alarmMachine.Step(s, in, t0)
			checkTurn(t, next, out)
			if next.Crisis != dialog.NoCrisis && next.Step != dialog.StepSafety && next.Step != dialog.StepLanguage {
				t.Errorf("%s/%s: crisis %v left at %v", name, what, next.Crisis, next.Step)
			}
		}
	}
}

func TestAlarmStateEncoding(t *testing.T) {
	c := newAlarmChat(t).walk(dialog.StepResults)
	c.text("меня избивает муж")
	b, err := c.s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back dialog.State
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if back.Crisis != dialog.CrisisViolence || back.Resume != dialog.StepResults {
		t.Errorf("decoded %+v", back)
	}
	if b[0] != 2 {
		t.Errorf("a state with an alarm is encoded as version %d, want 2", b[0])
	}
	plain, _ := dialog.State{Step: dialog.StepNeed, Lang: "ru"}.MarshalBinary()
	if plain[0] != 1 {
		t.Errorf("a state without an alarm is encoded as version %d, want 1 (readable by the release before)", plain[0])
	}
	for name, s := range map[string]dialog.State{
		"unknown crisis":     {Step: dialog.StepSafety, Crisis: 99},
		"crisis at the need": {Step: dialog.StepNeed, Crisis: dialog.CrisisSuicide},
	} {
		b, _ := s.MarshalBinary()
		if err := back.UnmarshalBinary(b); err == nil {
			t.Errorf("%s: decoded without error", name)
		}
	}
}

// FuzzStepWithCrisisWords drives a conversation with the real detector:
// each byte of the script presses an option or types one of the texts.
// No input may panic, leave the person without a question, keep an alarm
// away from its safety question, or keep the typed words.
func FuzzStepWithCrisisWords(f *testing.F) {
	f.Add([]byte{1, 0, 2, 0, 1, 3}, "хочу умереть", "муж бьёт меня")
	f.Add([]byte{0, 1, 4, 1, 1, 1}, "olgim keledi", "continue")
	f.Fuzz(func(t *testing.T, script []byte, a, b string) {
		var s dialog.State
		if len(script) > 48 {
			script = script[:48]
		}
		for _, x := range script {
			var in dialog.Input
			switch x % 4 {
			case 0:
				in = dialog.Text(a)
			case 1:
				in = dialog.Text(b)
			case 2:
				in = dialog.Cmd(dialog.Command(x / 4 % 10))
			case 3:
				_, out := alarmMachine.Step(s, dialog.Cmd(dialog.CmdHelp), t0)
				s, _ = alarmMachine.Step(s, dialog.Cmd(dialog.CmdHelp), t0)
				if q := out[len(out)-1]; len(q.Options) > 0 {
					in = dialog.Press(s.Step, s.Seq, q.Options[int(x/4)%len(q.Options)].Value)
				}
			}
			var out []dialog.Output
			s, out = alarmMachine.Step(s, in, t0)
			checkTurn(t, s, out)
			if s.Crisis != dialog.NoCrisis && s.Step != dialog.StepSafety && s.Step != dialog.StepLanguage {
				t.Fatalf("crisis %v left at %v", s.Crisis, s.Step)
			}
		}
	})
}
