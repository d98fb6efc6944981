package dialog_test

import (
	"slices"
	"testing"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referral/referraltest"
)

func resultIDs(o dialog.Output) []string {
	var ids []string
	for _, r := range o.Results {
		ids = append(ids, r.Service.ID)
	}
	return ids
}

// findResults returns the results output of the last turn.
func (c *chat) results() dialog.Output {
	c.t.Helper()
	for _, o := range c.out {
		if o.Kind == dialog.OutResults {
			return o
		}
	}
	c.t.Fatalf("no results in %v", c.msgs())
	return dialog.Output{}
}

func TestMigrantFromUzbekistanInShymkentByButtons(t *testing.T) {
	c := newChat(t)
	c.text("hello").at(dialog.StepLanguage)
	c.press("ru").at(dialog.StepDanger)
	if !slices.Equal(c.msgs(), []string{"welcome", "ask.danger"}) {
		t.Errorf("after choosing the language: %v", c.msgs())
	}
	c.press("no").at(dialog.StepNeed)
	c.press("migrant").at(dialog.StepWho)
	c.press("self").at(dialog.StepRegion) // no age-limited migrant service: age not asked
	c.press("shymkent").at(dialog.StepCitizenship)
	c.press("foreign").at(dialog.StepResults)
	got := resultIDs(c.results())
	want := []string{"south-shelter.migrants", "egov.line", "line111.hotline", "line150.hotline"}
	if !slices.Equal(got, want) {
		t.Errorf("results %v, want %v", got, want)
	}
	if c.s.Citizenship != referral.Foreigner || c.s.Region != referral.Shymkent || c.s.Need != referral.NeedMigrant {
		t.Errorf("answers not kept as codes: %+v", c.s)
	}
}

func TestParentInAstanaWithAFiveYearOldWithCerebralPalsyByTypedText(t *testing.T) {
	c := newChat(t)
	c.send(dialog.Input{Kind: dialog.InputCommand, Command: dialog.CmdStart, LangHint: referral.Russian})
	c.at(dialog.StepDanger) // the app's language picked Russian: no language question
	c.text("нет").at(dialog.StepNeed)
	c.text("ДЦП").at(dialog.StepAge) // the need always concerns a child: "for whom" is skipped
	c.text("5 лет").at(dialog.StepRegion)
	c.text("Нур-Султан").at(dialog.StepResults)
	if c.s.Region != referral.Astana || c.s.Age != "3-6" {
		t.Errorf("typed answers: region %q, age %q", c.s.Region, c.s.Age)
	}
	got := resultIDs(c.results())
	if len(got) == 0 || got[0] != "rehab-centre.astana" {
		t.Errorf("results %v: want the Astana centre first", got)
	}
}

func TestInDangerSeesEmergencyContactsFirst(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("en").press("yes").at(dialog.StepSafety)
	if c.out[0].Kind != dialog.OutEmergency {
		t.Fatalf("first output is %v, want the emergency contacts", c.out[0].Msg)
	}
	got := resultIDs(c.out[0])
	if !slices.Equal(got[:3], []string{"emergency.112", "emergency.102", "emergency.103"}) {
		t.Errorf("emergency contacts %v: want 112, 102, 103 first", got)
	}
	if c.s.Danger != dialog.DangerYes {
		t.Errorf("danger answer not kept")
	}
	c.press("continue").at(dialog.StepNeed)
	c.press("domestic_violence").press("self").press("shymkent").at(dialog.StepResults)
	if got := resultIDs(c.results()); got[0] != "south-shelter.shelter" {
		t.Errorf("results %v: want the Shymkent shelter first", got)
	}
}

func TestLeavingFromTheEmergencyScreen(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("en").press("yes").press("exit")
	if !c.s.Ended() {
		t.Errorf("want the conversation ended, at %v", c.s.Step)
	}
}

func TestTypedTextAtAChoiceStep(t *testing.T) {
	tests := []struct {
		step  dialog.StepID
		typed string
		want  string // the answer code it selects; "" for a hint
	}{
		{dialog.StepRegion, "Алматы", "almaty"},
		{dialog.StepRegion, "almaty", "almaty"},
		{dialog.StepRegion, "Almatyy", "almaty"},
		{dialog.StepRegion, "алматинская область", "almaty_region"},
		{dialog.StepRegion, "я живу в алматинской области", "almaty_region"},
		{dialog.StepRegion, "Alma-Ata", "almaty"},
		{dialog.StepRegion, "Талды-Курган", "jetisu"},
		{dialog.StepRegion, "Temirtau", "karaganda"},
		{dialog.StepRegion, "в Астане", "astana"},
		{dialog.StepRegion, "шымкент.", "shymkent"},
		{dialog.StepRegion, "3", "shymkent"},
		{dialog.StepRegion, "99", ""},
		{dialog.StepRegion, "asdfgh", ""},
		{dialog.StepRegion, "🙂", ""},
		{dialog.StepNeed, "паспорт", "migrant"},
		{dialog.StepNeed, "муж бьёт", "domestic_violence"},
		{dialog.StepNeed, "реабилитация", "child_rehab"},
		{dialog.StepNeed, "migrant", "migrant"},
		{dialog.StepNeed, "help", ""},
		{dialog.StepAge, "17", "14-17"},
		{dialog.StepAge, "мне 16 лет", "14-17"},
		{dialog.StepAge, "25", "18+"},
		{dialog.StepAge, "15 years", "14-17"},
		{dialog.StepAge, "пятнадцать", "14-17"},
		{dialog.StepAge, "12 or 13", ""},
		{dialog.StepAge, "500", ""},
	}
	for _, tt := range tests {
		t.Run(tt.step.String()+"/"+tt.typed, func(t *testing.T) {
			c := newChat(t)
			c.cmd(dialog.CmdStart).press("en").press("no")
			switch tt.step {
			case dialog.StepRegion:
				c.press("migrant").press("self")
			case dialog.StepAge:
				c.press("mental_health").press("self")
			}
			c.at(tt.step)
			c.text(tt.typed)
			if tt.want == "" {
				if c.s.Step != tt.step || c.out[0].Msg != "hint" {
					t.Fatalf("want a hint and the same question, got %v at %v", c.msgs(), c.s.Step)
				}
				return
			}
			got := map[dialog.StepID]string{dialog.StepRegion: string(c.s.Region), dialog.StepNeed: string(c.s.Need), dialog.StepAge: string(c.s.Age)}[tt.step]
			if got != tt.want {
				t.Errorf("typed %q selected %q, want %q", tt.typed, got, tt.want)
			}
		})
	}
}

// A bare number at the age question is an age; when it is also the number
// of an option for another band, both bands are offered to confirm.
func TestABareNumberAtTheAgeQuestionIsAnAge(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("en").press("no").press("child_rehab").at(dialog.StepAge)
	c.text("2").at(dialog.StepAge)
	q := c.question()
	if q.Msg != "typed.age.confirm" || len(q.Options) != 2 || q.Options[0].Value != "0-2" || q.Options[1].Value != "3-6" {
		t.Fatalf("typed 2: %v %v, want a question offering 0-2 and 3-6", q.Msg, q.Options)
	}
	c.press("0-2").at(dialog.StepRegion)
	if c.s.Age != "0-2" {
		t.Errorf("age %q", c.s.Age)
	}
	c = newChat(t)
	c.cmd(dialog.CmdStart).press("en").press("no").press("child_rehab").at(dialog.StepAge)
	c.text("9").at(dialog.StepRegion) // not an option number: the age
	if c.s.Age != "7-13" {
		t.Errorf("typed 9: age %q", c.s.Age)
	}
}

func TestBackStartOverAndLanguageInTheMiddle(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("kk").press("no").press("migrant").press("self").at(dialog.StepRegion)

	c.cmd(dialog.CmdBack).at(dialog.StepWho)
	c.text("назад").at(dialog.StepNeed) // typed navigation word
	c.press("dialog-nav-forged").at(dialog.StepNeed)
	if c.out[0].Msg != "stale" {
		t.Errorf("forged button: %v", c.msgs())
	}
	c.press("child_rehab").at(dialog.StepAge)
	if c.s.Who != dialog.WhoUnknown {
		t.Errorf("changing the need must forget the later answers, who=%q", c.s.Who)
	}

	c.cmd(dialog.CmdLanguage).at(dialog.StepLanguage)
	c.press("ru").at(dialog.StepAge)
	if c.s.Lang != referral.Russian || c.s.Need != referral.NeedChildRehab {
		t.Errorf("after the language change: lang %q need %q", c.s.Lang, c.s.Need)
	}

	c.press(dialog.NavRestart).at(dialog.StepDanger)
	if c.s.Need != "" || c.s.Lang != referral.Russian {
		t.Errorf("start over must forget the answers and keep the language: %+v", c.s)
	}
	if c.out[0].Msg != "restarted" {
		t.Errorf("start over says %v", c.msgs())
	}
}

func TestLanguageChangeOnTheResultsShowsThemAgain(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("en").press("no").press("mental_health").press("adult").press("almaty").at(dialog.StepResults)
	before := resultIDs(c.results())
	c.press(dialog.NavLanguage).press("kk").at(dialog.StepResults)
	if got := resultIDs(c.results()); !slices.Equal(got, before) {
		t.Errorf("results after the language change %v, before %v", got, before)
	}
}

func TestBackFromTheFirstQuestion(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("en").at(dialog.StepDanger)
	c.cmd(dialog.CmdBack).at(dialog.StepDanger)
	if c.out[0].Msg != "back.first" {
		t.Errorf("back at the first question: %v", c.msgs())
	}
}

func TestAButtonOfAQuestionNotAskedNowIsStale(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("en").press("no").press("migrant")
	who := c.question()
	c.press("self").press(dialog.NavBack).press(dialog.NavBack).at(dialog.StepNeed)
	c.press("legal").at(dialog.StepWho) // a new need: "for whom?" is asked anew
	c.press(dialog.NavBack).at(dialog.StepNeed)
	c.send(dialog.Press(who.Step, who.Seq, "adult")).at(dialog.StepNeed)
	if c.out[0].Msg != "stale" || c.s.Who != dialog.WhoUnknown {
		t.Errorf("a button of a question with no answer now: %v, who %q", c.msgs(), c.s.Who)
	}
}

func TestResultsPaging(t *testing.T) {
	orgs := referraltest.Organizations()
	for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
		s := orgs[4].Services[0] // a local crisis line in Almaty
		s.ID = "almaty-mh." + id
		orgs[4].Services = append(orgs[4].Services, s)
	}
	table, err := referral.NewTable(orgs)
	if err != nil {
		t.Fatal(err)
	}
	m := dialog.New(table, lex, dialog.Options{})
	s, _ := m.Step(dialog.State{Lang: referral.English}, dialog.Cmd(dialog.CmdStart), t0)
	var out []dialog.Output
	for _, v := range []string{"no", "mental_health", "adult", "almaty"} {
		s, out = m.Step(s, dialog.Press(s.Step, s.Seq, v), t0)
	}
	res := out[1] // after the help text about the need
	if s.Step != dialog.StepResults || res.Kind != dialog.OutResults || len(res.Results) != referral.PageSize || res.Args["Count"] != 9 {
		t.Fatalf("first page: step %v, %+v", s.Step, res)
	}
	q := out[len(out)-1]
	if q.Options[0].Value != "more" {
		t.Fatalf("no 'more' option although there are more: %+v", q.Options)
	}
	s, out = m.Step(s, dialog.Press(s.Step, s.Seq, "more"), t0)
	checkTurn(t, s, out)
	if out[0].Msg != "results.more" || len(out[0].Results) != 4 || out[0].Args["Shown"] != 9 {
		t.Fatalf("second page: %+v", out[0])
	}
	if q := out[len(out)-1]; q.Options[0].Value == "more" {
		t.Errorf("'more' offered on the last page")
	}
}

func TestExitForgetsEverything(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("ru").press("no").press("migrant").cmd(dialog.CmdExit)
	if !c.s.Ended() || c.s.Need != "" {
		t.Fatalf("after /exit: %+v", c.s)
	}
	c.text("привет").at(dialog.StepDanger) // a new conversation, language remembered until the session is deleted
}

func TestResumeAfterAPause(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdResume).at(dialog.StepLanguage) // nothing to resume: a fresh start
	c.press("en").press("no").press("migrant")
	c.cmd(dialog.CmdResume).at(dialog.StepWho)
	if c.out[0].Msg != "resumed" {
		t.Errorf("resume says %v", c.msgs())
	}
}

func TestLastSeenIsTheClockPassedIn(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart)
	if !c.s.LastSeen.Equal(c.now) {
		t.Errorf("LastSeen %v, want %v", c.s.LastSeen, c.now)
	}
}

func TestUnconfirmedServicesAreNamedBelowTheResultsWithoutContacts(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("en").press("no").press("poverty").press("self").press("almaty").at(dialog.StepResults)
	var also dialog.Output
	for _, o := range c.out {
		if o.Kind == dialog.OutAlso {
			also = o
		}
	}
	if got := resultIDs(also); !slices.Equal(got, []string{"food-fund.baskets"}) {
		t.Fatalf("unconfirmed line names %v, want the food fund", got)
	}
	for _, id := range resultIDs(c.results()) {
		if id == "food-fund.baskets" {
			t.Error("an unconfirmed service is among the results")
		}
	}
	if c.out[0].Msg != "about.poverty" {
		t.Errorf("results start with %q, want the help text about the need", c.out[0].Msg)
	}
}

func TestAnOrganisationWithACardIsNotAlsoNamedAsUnconfirmed(t *testing.T) {
	orgs := referraltest.Organizations()
	lead := orgs[4].Services[0] // almaty-mh.crisis, confirmed
	lead.ID = "almaty-mh.lead"
	lead.Contacts = nil // a second service with no contact yet
	orgs[4].Services = append(orgs[4].Services, lead)
	table, err := referral.NewTable(orgs)
	if err != nil {
		t.Fatal(err)
	}
	m := dialog.New(table, lex, dialog.Options{ShowUnconfirmed: true})
	s, _ := m.Step(dialog.State{Lang: referral.English}, dialog.Cmd(dialog.CmdStart), t0)
	var out []dialog.Output
	for _, v := range []string{"no", "mental_health", "adult", "almaty"} {
		s, out = m.Step(s, dialog.Press(s.Step, s.Seq, v), t0)
	}
	for _, o := range out {
		if o.Kind == dialog.OutAlso {
			t.Errorf("the organisation with a card is named again as unconfirmed: %v", resultIDs(o))
		}
	}
}

func TestPrivacyNoteThenForgetByItsButton(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("ru").press("no").press("migrant").at(dialog.StepWho)
	c.cmd(dialog.CmdPrivacy).at(dialog.StepWho)
	note := c.out[0]
	if note.Msg != "privacy" || note.Args["Count"] != 24 || len(note.Options) != 1 || note.Options[0].Value != dialog.NavForget {
		t.Fatalf("privacy note: %+v", note)
	}
	if note.Seq != c.s.Seq || note.Step != c.s.Step {
		t.Fatalf("the note's button must belong to the question asked with it")
	}
	c.send(dialog.Press(note.Step, note.Seq, dialog.NavForget))
	if !c.s.Ended() || c.s.End != dialog.EndForget || c.out[0].Msg != "forgotten" || c.s.Need != "" {
		t.Fatalf("after forget: %+v, %v", c.s, c.msgs())
	}
}

func TestExitAndForgetSayHowTheyEnded(t *testing.T) {
	c := newChat(t)
	c.cmd(dialog.CmdStart).press("en").cmd(dialog.CmdExit)
	if c.s.End != dialog.EndExit {
		t.Errorf("exit: end = %v", c.s.End)
	}
	c = newChat(t)
	c.cmd(dialog.CmdStart).press("en").text("/forget") // typed, not a command: just text
	if c.s.Ended() {
		t.Error("typed /forget text is not a command; channels parse commands")
	}
	c.cmd(dialog.CmdForget)
	if c.s.End != dialog.EndForget {
		t.Errorf("forget: end = %v", c.s.End)
	}
}

// A shared location answers the region question with the region it falls
// in; at another question it is kept for later, and said back.
func TestASharedLocationIsARegion(t *testing.T) {
	locate := func(lat, lon float64) (referral.Region, bool) {
		if lat > 43 && lat < 44 && lon > 76 && lon < 78 {
			return referral.Almaty, true
		}
		return "", false
	}
	m := dialog.New(referraltest.Table(), lex, dialog.Options{Locate: locate})
	c := &chat{t: t, m: m, now: t0}
	c.cmd(dialog.CmdStart).press("en").press("no").press("migrant").press("self").at(dialog.StepRegion)
	c.send(dialog.Location(43.24, 76.89))
	if c.s.Region != referral.Almaty || c.out[0].Kind != dialog.OutEcho {
		t.Fatalf("region %q, outputs %v", c.s.Region, c.msgs())
	}
	c = &chat{t: t, m: m, now: t0}
	c.cmd(dialog.CmdStart).press("en").press("no").at(dialog.StepNeed)
	c.send(dialog.Location(43.24, 76.89)).at(dialog.StepNeed)
	c.press("migrant").press("self")
	if c.s.Step == dialog.StepRegion || c.s.Region != referral.Almaty {
		t.Errorf("a location shared early: region %q, at %v", c.s.Region, c.s.Step)
	}
	c.send(dialog.Location(0, 0)) // nowhere the bot knows: not understood
	if c.out[0].Msg != "hint" {
		t.Errorf("unknown place: %v", c.msgs())
	}
}
