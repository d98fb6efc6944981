package dialog_test

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/gazetteer"
	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referral/referraltest"
	"github.com/komek-kz/komek/locales"
)

// typedCase is a line of testdata/typed-corpus.tsv: typed text at a
// question, in a language, and the option it means ("?": ask again).
type typedCase struct {
	step, lang, text, want string
	line                   int
}

func loadTypedCorpus(t testing.TB) []typedCase {
	f, err := os.Open("testdata/typed-corpus.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []typedCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "step\t") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("typed-corpus.tsv:%d: want 4 columns, got %d", n, len(f))
		}
		out = append(out, typedCase{step: f[0], lang: f[1], text: f[2], want: f[3], line: n})
	}
	return out
}

var realMachine = sync.OnceValues(func() (*dialog.Machine, error) {
	cat, err := locale.Load(locales.FS)
	if err != nil {
		return nil, err
	}
	g, err := gazetteer.Default()
	if err != nil {
		return nil, err
	}
	return dialog.New(referraltest.Table(), dialog.Lexicon(cat.Lexicon()), engine.WithGazetteer(dialog.Options{}, g)), nil
})

// stateAt returns a conversation waiting at the question a corpus line is
// typed at.
func stateAt(step string, lang referral.Lang) dialog.State {
	s := dialog.State{Lang: lang, Seq: 7, Danger: dialog.DangerNo}
	switch step {
	case "language":
		s.Step, s.Lang, s.Danger = dialog.StepLanguage, "", dialog.DangerUnknown
	case "danger":
		s.Step, s.Danger = dialog.StepDanger, dialog.DangerUnknown
	case "safety":
		s.Step, s.Danger = dialog.StepSafety, dialog.DangerYes
	case "need":
		s.Step = dialog.StepNeed
	case "who":
		s.Step, s.Need = dialog.StepWho, referral.NeedLegal
	case "age.child":
		s.Step, s.Need = dialog.StepAge, referral.NeedChildRehab
	case "age.self":
		s.Step, s.Need, s.Who = dialog.StepAge, referral.NeedMentalHealth, dialog.WhoSelf
	case "region":
		s.Step, s.Need, s.Who = dialog.StepRegion, referral.NeedMigrant, dialog.WhoSelf
	case "citizenship":
		s.Step, s.Need, s.Who, s.Region = dialog.StepCitizenship, referral.NeedMigrant, dialog.WhoSelf, referral.Almaty
	case "results":
		s.Step, s.Need, s.Who, s.Region = dialog.StepResults, referral.NeedLegal, dialog.WhoSelf, referral.Almaty
	}
	return s
}

// taken returns the option the bot took typed text for at the question it
// was asked, as its echo shows it, or "?" when it asked again.
func taken(before dialog.State, outs []dialog.Output, opts []dialog.Option) string {
	for _, o := range outs {
		if o.Kind != dialog.OutEcho {
			continue
		}
		for _, e := range o.Options {
			for _, q := range opts {
				if e.Value == q.Value && e.Label == q.Label {
					return e.Value
				}
			}
		}
	}
	return "?"
}

// The typed corpus (testdata/typed-corpus.tsv): accuracy per language and
// the silent-misreading rate. A line is understood when the bot takes the
// option it means, or asks again where the text means none; a silent
// misreading is a wrong option taken without asking. Run with -v to see
// the figures and every line missed.
func TestTypedCorpus(t *testing.T) {
	m, err := realMachine()
	if err != nil {
		t.Fatal(err)
	}
	type tally struct{ n, ok, silent, silentDanger int }
	per := map[string]*tally{}
	var missed []string
	for _, c := range loadTypedCorpus(t) {
		s := stateAt(c.step, referral.Lang(c.lang))
		opts := questionOptions(m, s)
		_, outs := m.Step(s, dialog.Text(c.text), t0)
		got := taken(s, outs, opts)
		tl := per[c.lang]
		if tl == nil {
			tl = &tally{}
			per[c.lang] = tl
		}
		tl.n++
		switch {
		case got == c.want:
			tl.ok++
		case got != "?":
			tl.silent++
			if c.step == "danger" {
				tl.silentDanger++
			}
			missed = append(missed, fmt.Sprintf("  SILENT %s/%s line %d %q → %s (want %s)", c.step, c.lang, c.line, c.text, got, c.want))
		default:
			missed = append(missed, fmt.Sprintf("  asked  %s/%s line %d %q (want %s)", c.step, c.lang, c.line, c.text, c.want))
		}
	}
	sort.Strings(missed)
	for _, l := range missed {
		t.Log(l)
	}
	var all tally
	for _, lang := range []string{"kk", "ru", "en"} {
		tl := per[lang]
		if tl == nil {
			t.Fatalf("no %s lines", lang)
		}
		all.n, all.ok, all.silent, all.silentDanger = all.n+tl.n, all.ok+tl.ok, all.silent+tl.silent, all.silentDanger+tl.silentDanger
		acc, silent := float64(tl.ok)/float64(tl.n), float64(tl.silent)/float64(tl.n)
		t.Logf("typed corpus %s: %d lines, understood %.3f (%d), silent misreadings %.3f (%d), at the danger question %d",
			lang, tl.n, acc, tl.ok, silent, tl.silent, tl.silentDanger)
		if acc < 0.95 {
			t.Errorf("%s: understood %.3f, want ≥ 0.95", lang, acc)
		}
	}
	silent := float64(all.silent) / float64(all.n)
	t.Logf("typed corpus all: %d lines, understood %.3f, silent misreadings %.4f (%d), at the danger question %d",
		all.n, float64(all.ok)/float64(all.n), silent, all.silent, all.silentDanger)
	if silent > 0.01 {
		t.Errorf("silent misreadings %.4f, want ≤ 0.01", silent)
	}
	if all.silentDanger > 0 {
		t.Errorf("%d silent misreadings at the danger question, want 0", all.silentDanger)
	}
}

// questionOptions returns the options of the question s waits at.
func questionOptions(m *dialog.Machine, s dialog.State) []dialog.Option {
	_, outs := m.Step(s, dialog.Cmd(dialog.CmdHelp), t0)
	for _, o := range outs {
		if o.Kind == dialog.OutQuestion {
			return o.Options
		}
	}
	return nil
}

func TestDebugReal(t *testing.T) {
	if os.Getenv("DEBUG_TEXT") == "" {
		t.Skip()
	}
	m, _ := realMachine()
	dialog.DebugRead(t, m, os.Getenv("DEBUG_TEXT"))
}

// A place name that is also an everyday word («семей», "of families") is a
// place in a situation only with a place ending or after «в»/«из».
func TestEverydayWordsAreNoPlacesInASituation(t *testing.T) {
	m, err := realMachine()
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]referral.Region{
		"юрист для многодетных семей": "",
		"нужен юрист, мы в Семее":     referral.Abai,
		"юрист керек, Семейдемін":     referral.Abai,
		"нужен юрист, я из Семей":     referral.Abai,
	} {
		s := stateAt("need", referral.Russian)
		got, _ := m.Step(s, dialog.Text(text), t0)
		if got.Region != want {
			t.Errorf("%q: region %q, want %q", text, got.Region, want)
		}
	}
}

// The misreadings the language review (2026-12-04, §6) found, one per root
// cause, as regression tests: none may come back.
func TestTheReviewsMisreadingsStayFixed(t *testing.T) {
	m, err := realMachine()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ step, lang, text, want string }{
		{"danger", "kk", "бар", "yes"},                   // prefix match on «бәрі жақсы»
		{"region", "kk", "Шымкентте", "shymkent"},        // no suffix handling
		{"region", "ru", "Казахстан", "?"},               // a fragment of «За пределами Казахстана»
		{"age.child", "kk", "15 жаста", "14-17"},         // «жаста» ≈ «жасқа»
		{"age.child", "ru", "2", "?"},                    // a bare number taken as option 2: now confirmed
		{"age.child", "ru", "пять лет", "3-6"},           // number words
		{"age.child", "kk", "жасөспірім", "14-17"},       // age words
		{"need", "kk", "мүгедектігім бар", "disability"}, // fuzzy match on a label
		{"need", "kk", "алимент төлемейді", "legal"},     // fuzzy «төлемейді»
		{"need", "ru", "ребёнок аутист", "child_rehab"},
		{"need", "ru", "в Семее", "?"}, // «Семее» ≈ «семье»
		{"who", "kk", "ozime", "self"}, // Latin Kazakh
		{"who", "ru", "знакомому", "adult"},
		{"who", "ru", "не мне", "adult"}, // negation ignored
		{"citizenship", "kk", "тәжікпін", "foreign"},
		{"citizenship", "ru", "гражданство РФ", "foreign"}, // was «Нет гражданства»
		{"citizenship", "ru", "казашка", "kz"},
		{"region", "kk", "Ленгер", "turkistan"},
		{"results", "ru", "спс", "exit"},
	} {
		s := stateAt(c.step, referral.Lang(c.lang))
		_, outs := m.Step(s, dialog.Text(c.text), t0)
		if got := taken(s, outs, questionOptions(m, s)); got != c.want {
			t.Errorf("%s/%s %q → %s, want %s", c.step, c.lang, c.text, got, c.want)
		}
	}
}

// A situation whose need is unclear (a migrant's passport taken by the
// employer: migrant help or trafficking?) still keeps where the person is
// and their citizenship, and asks only the need again.
func TestAnUnclearNeedKeepsTheRestOfTheSituation(t *testing.T) {
	m, err := realMachine()
	if err != nil {
		t.Fatal(err)
	}
	s := stateAt("need", referral.Russian)
	got, outs := m.Step(s, dialog.Text("я из Узбекистана, в Алматы, работодатель забрал паспорт"), t0)
	if got.Step != dialog.StepNeed || got.Region != referral.Almaty || got.Citizenship != referral.Foreigner {
		t.Fatalf("at %v: region %q, citizenship %q", got.Step, got.Region, got.Citizenship)
	}
	if outs[0].Kind != dialog.OutEcho || len(outs[0].Options) != 2 {
		t.Errorf("echo %+v", outs[0])
	}
	got, _ = m.Step(got, dialog.Press(dialog.StepNeed, got.Seq, "trafficking"), t0)
	got, _ = m.Step(got, dialog.Press(dialog.StepWho, got.Seq, "self"), t0)
	if got.Step != dialog.StepResults {
		t.Errorf("after need and who: at %v, want the results (region and citizenship were said)", got.Step)
	}
}
