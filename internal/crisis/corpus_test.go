package crisis_test

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/crisis"
	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/locales"
)

// Recall comes first: a missed crisis can cost a life, a false alarm costs
// one extra message. The bounds sit a little below what the lexicons reach
// on these corpora, so a change that loses ground fails; a phrase added to
// a corpus that the lexicon misses calls for a lexicon line, not a lower
// bound (and never below 0.95 recall).
const (
	minRecall      = 0.97
	maxFalseAlarms = 0.05
	minRightKind   = 0.95 // of the crises found, the share shown the contacts for their kind
	minPhrases     = 60   // per language, positive and negative
)

// sample is one line of a corpus: typed text and the kind of danger it
// signals (dialog.NoCrisis for none).
type sample struct {
	want dialog.Crisis
	text string
	line int
}

func readCorpus(t *testing.T, lang referral.Lang) []sample {
	t.Helper()
	return readSamples(t, "testdata/corpus-"+string(lang)+".txt")
}

func readSamples(t *testing.T, name string) []sample {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []sample
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, text, ok := strings.Cut(line, " ")
		want, known := dialog.ParseCrisis(kind)
		if !ok || (!known && kind != "-") {
			t.Fatalf("%s:%d: want \"<kind> <text>\" or \"- <text>\"", name, n)
		}
		out = append(out, sample{want: want, text: text, line: n})
	}
	return out
}

// scores are what a corpus shows about the detector.
type scores struct {
	positives, found, rightKind, rightLang int
	negatives, alarms                      int
	misses, falseAlarms, wrongKinds        []string
}

func (s scores) recall() float64       { return ratio(s.found, s.positives) }
func (s scores) falseAlarm() float64   { return ratio(s.alarms, s.negatives) }
func (s scores) kindAccuracy() float64 { return ratio(s.rightKind, s.found) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (s scores) String() string {
	return fmt.Sprintf("recall %.3f (%d/%d), false alarms %.3f (%d/%d), right kind %.3f (%d/%d), right language %d/%d",
		s.recall(), s.found, s.positives, s.falseAlarm(), s.alarms, s.negatives,
		s.kindAccuracy(), s.rightKind, s.found, s.rightLang, s.found)
}

func score(d *crisis.Detector, lang referral.Lang, corpus []sample) scores {
	var s scores
	for _, c := range corpus {
		m, ok := d.Find(c.text)
		where := fmt.Sprintf("line %d %q", c.line, c.text)
		if ok {
			where += fmt.Sprintf(" → %s by %s:%d %q", m.Crisis, m.Lang, m.Line, m.Phrase)
		}
		if c.want == dialog.NoCrisis {
			s.negatives++
			if ok {
				s.alarms++
				s.falseAlarms = append(s.falseAlarms, where)
			}
			continue
		}
		s.positives++
		switch {
		case !ok:
			s.misses = append(s.misses, where)
			continue
		case m.Crisis == c.want:
			s.rightKind++
		default:
			s.wrongKinds = append(s.wrongKinds, fmt.Sprintf("%s (want %s)", where, c.want))
		}
		s.found++
		if m.Lang == lang {
			s.rightLang++
		}
	}
	return s
}

// TestCorpus measures the real lexicons on phrases written the way people
// type them, per language, and prints the figures (go test -v -run
// TestCorpus ./internal/crisis/).
func TestCorpus(t *testing.T) {
	d, err := crisis.Load(locales.Crisis)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range referral.Langs {
		t.Run(string(lang), func(t *testing.T) {
			corpus := readCorpus(t, lang)
			s := score(d, lang, corpus)
			fmt.Printf("crisis corpus %s: %d phrases: %s\n", lang, len(corpus), s)
			for _, group := range []struct {
				name  string
				lines []string
			}{{"missed", s.misses}, {"false alarm", s.falseAlarms}, {"wrong kind", s.wrongKinds}} {
				for _, l := range group.lines {
					fmt.Printf("  %s: %s\n", group.name, l)
				}
			}
			if len(corpus) < minPhrases || s.positives == 0 || s.negatives == 0 {
				t.Errorf("%s corpus: %d phrases, %d positive, %d negative; want at least %d with both", lang, len(corpus), s.positives, s.negatives, minPhrases)
			}
			if s.recall() < minRecall || s.falseAlarm() > maxFalseAlarms || s.kindAccuracy() < minRightKind {
				t.Errorf("%s: %s; want recall ≥ %.2f, false alarms ≤ %.2f, right kind ≥ %.2f\nmissed: %s\nfalse alarms: %s\nwrong kind: %s",
					lang, s, minRecall, maxFalseAlarms, minRightKind,
					strings.Join(s.misses, "; "), strings.Join(s.falseAlarms, "; "), strings.Join(s.wrongKinds, "; "))
			}
		})
	}
}

// The corpus must test the lexicon, not repeat it: no corpus phrase is a
// lexicon line as written.
func TestCorpusIsNotCopiedFromTheLexicon(t *testing.T) {
	for _, lang := range referral.Langs {
		data, err := locales.Crisis.ReadFile("crisis/" + string(lang) + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		lines := make(map[string]bool)
		for _, l := range strings.Split(string(data), "\n") {
			lines[norm(l)] = true
		}
		for _, c := range readCorpus(t, lang) {
			if c.want != dialog.NoCrisis && lines[norm(c.text)] {
				t.Errorf("corpus-%s.txt:%d %q is a lexicon line", lang, c.line, c.text)
			}
		}
	}
}

func norm(s string) string {
	return strings.Join(strings.Fields(strings.Trim(strings.ToLower(s), "^ !?.")), " ")
}

// minHeldOutRecall is the floor for phrases the lexicons were never tuned
// on. It is a floor, not the goal: the goal is every crisis noticed.
const minHeldOutRecall = 0.6

// TestHeldOut measures the detector on testdata/heldout-*.txt, phrases
// written after the lexicons were tuned and never used to tune them: the
// honest figure of how it does on words it has not seen. Run
// go test -v -run 'TestCorpus|TestHeldOut' ./internal/crisis/ to see both.
func TestHeldOut(t *testing.T) {
	d, err := crisis.Load(locales.Crisis)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range referral.Langs {
		t.Run(string(lang), func(t *testing.T) {
			set := readSamples(t, "testdata/heldout-"+string(lang)+".txt")
			s := score(d, lang, set)
			fmt.Printf("crisis held-out %s: %d phrases: %s\n", lang, len(set), s)
			for _, l := range s.misses {
				fmt.Printf("  missed: %s\n", l)
			}
			for _, l := range s.falseAlarms {
				fmt.Printf("  false alarm: %s\n", l)
			}
			if s.recall() < minHeldOutRecall || s.falseAlarm() > 0.2 {
				t.Errorf("%s held-out: %s; want recall ≥ %.2f and false alarms ≤ 0.20", lang, s, minHeldOutRecall)
			}
		})
	}
}
