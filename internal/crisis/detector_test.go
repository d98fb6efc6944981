package crisis_test

import (
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/crisis"
	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/locales"
)

func realDetector(t testing.TB) *crisis.Detector {
	t.Helper()
	d, err := crisis.Load(locales.Crisis)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func small(t *testing.T, lexicons map[referral.Lang]string) *crisis.Detector {
	t.Helper()
	d, err := crisis.New(lexicons)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestMatchingRules(t *testing.T) {
	d := small(t, map[referral.Lang]string{
		referral.Russian: `
[suicide]
хочу умер*
^помогите
> бьёт ребёнка
[not]
не
[safe]
не хочу умирать
[filler]
пожалуйста
`,
		referral.Kazakh: `
[violence]
күйеуім ұрады
[not-after]
жоқ
`,
		referral.English: `
[child]
my dad hits me
`,
	})
	tests := []struct {
		text string
		want bool
	}{
		{"хочу умереть", true},
		{"ХОЧУ УМЕРЕТЬ!!!", true},
		{"хочю умереть", true},                   // a typo in a word of five letters or more
		{"xochu umeret'", true},                  // Latin letters
		{"hcohu umreth", true},                   // Latin, a swap in a word and one in a short stem
		{"умереть хочу", true},                   // any order
		{"хочу я уже умереть", true},             // other words among them
		{"хочу я так сильно уже умереть", false}, // too many
		{"не хочу умереть", false},               // negation
		{"я не хочу умереть", false},             // negation
		{"хочу не умереть", false},               // negation inside
		{"[jxe evthtnm", true},                   // the wrong keyboard layout
		{"помогите", true},                       // a whole-message phrase
		{"помогите пожалуйста!!", true},          // with fillers
		{"помогите найти юриста", false},         // not the whole message
		{"бьёт ребёнка", true},                   // in order
		{"ребёнка бьёт", false},                  // not in order
		{"күйеуім ұрады", true},
		{"kuieuim urady", true},
		{"күйеуім ұрған жоқ", false}, // Kazakh negation after
		{"kuieuim urgan", false},
		{"my dad hits me", true},
		{"me hits dad my", true},
		{"", false},
		{"🙂", false},
	}
	for _, tt := range tests {
		kind, _ := d.Detect(tt.text)
		if got := kind != dialog.NoCrisis; got != tt.want {
			t.Errorf("%q: alarm %v, want %v", tt.text, got, tt.want)
		}
	}
}

// A group joins its words from every file, so one phrase matches a message
// that mixes Kazakh and Russian.
func TestGroupsJoinLanguages(t *testing.T) {
	d := small(t, map[referral.Lang]string{
		referral.Kazakh: `
[words]
@partner = күйеуім|=ерім
@hit = ұрады|=сабады
[violence]
@partner @hit
`,
		referral.Russian: `
[words]
@partner = муж
@hit = бьёт|избива*
@hit = лупит
[violence]
@hit меня|@partner
[not]
не
`,
	})
	tests := []struct {
		text string
		kind dialog.Crisis
		lang referral.Lang
	}{
		{"күйеуім бьёт", dialog.CrisisViolence, referral.Kazakh},
		{"муж ұрады", dialog.CrisisViolence, referral.Kazakh},
		{"муж сабады", dialog.CrisisViolence, referral.Russian},   // a tie, and no Kazakh letters
		{"муж избивает", dialog.CrisisViolence, referral.Russian}, // both files' phrases: ru has more
		{"ерім лупит", dialog.CrisisViolence, referral.Kazakh},
		{"лупит меня", dialog.CrisisViolence, referral.Russian},
		{"күйеуім жақсы", dialog.NoCrisis, ""},
		{"муж не бьёт", dialog.NoCrisis, ""},
	}
	for _, tt := range tests {
		kind, lang := d.Detect(tt.text)
		if kind != tt.kind || lang != tt.lang {
			t.Errorf("%q: %v in %q, want %v in %q", tt.text, kind, lang, tt.kind, tt.lang)
		}
	}
}

func TestMostUrgentKindAndLanguage(t *testing.T) {
	d := realDetector(t)
	tests := []struct {
		text string
		kind dialog.Crisis
		lang referral.Lang
	}{
		{"муж бьёт меня и я хочу умереть", dialog.CrisisSuicide, referral.Russian},
		{"папа бьёт меня", dialog.CrisisChild, referral.Russian},
		{"меня заперли и бьют", dialog.CrisisHeld, referral.Russian},
		{"он бьёт меня", dialog.CrisisViolence, referral.Russian},
		{"спасите", dialog.CrisisDanger, referral.Russian},
		{"әкем ұрады", dialog.CrisisChild, referral.Kazakh},
		{"мен өлгім келеді", dialog.CrisisSuicide, referral.Kazakh},
		{"i want to die", dialog.CrisisSuicide, referral.English},
		{"sos", dialog.CrisisDanger, referral.English},
	}
	for _, tt := range tests {
		kind, lang := d.Detect(tt.text)
		if kind != tt.kind || lang != tt.lang {
			t.Errorf("%q: %v in %q, want %v in %q", tt.text, kind, lang, tt.kind, tt.lang)
		}
	}
}

func TestLexiconErrors(t *testing.T) {
	for name, text := range map[string]string{
		"no section":      "хочу умереть",
		"unknown section": "[sadness]\nхочу умереть",
		"short stem":      "[suicide]\nу*",
		"star inside":     "[suicide]\nсч*ты",
		"spaced bar":      "[suicide]\nхочу | умереть",
		"two-word alt":    "[suicide]\nхочу умереть|ұрып-соғу",
		"not one word":    "[not]\nне-а",
		"nothing":         "# only a comment",
		"unknown group":   "[suicide]\n@die хочу",
		"group no =":      "[words]\n@die умереть\n[suicide]\n@die",
		"group phrase":    "[words]\n@die = хочу умереть\n[suicide]\n@die",
		"group in group":  "[words]\n@a = хочу\n@b = @a\n[suicide]\n@b",
		"bad group name":  "[words]\n@ = хочу\n[suicide]\nхочу",
	} {
		if _, err := crisis.New(map[referral.Lang]string{referral.Russian: text}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// The real lexicons load, and every phrase in them matches itself as
// typed: a line that cannot match anything is a mistake.
func TestEveryLexiconLineMatchesItself(t *testing.T) {
	d := realDetector(t)
	groups := lexiconGroups(t)
	for _, lang := range referral.Langs {
		data, err := locales.Crisis.ReadFile("crisis/" + string(lang) + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		section := ""
		for n, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			if i := strings.Index(line, "#"); i >= 0 {
				line = strings.TrimSpace(line[:i])
			}
			if strings.HasPrefix(line, "[") {
				section = strings.Trim(line, "[]")
				continue
			}
			kind, ok := dialog.ParseCrisis(section)
			if line == "" || !ok {
				continue
			}
			typed := example(line, groups)
			if got, _ := d.Detect(typed); got == dialog.NoCrisis {
				t.Errorf("%s.txt:%d %q: its own words %q raise no alarm (want %s)", lang, n+1, line, typed, kind)
			}
		}
	}
}

// example writes a lexicon phrase as a person could type it: the first of
// each word's alternatives (the first word of a group), without the markup.
func example(line string, groups map[string]string) string {
	line = strings.TrimPrefix(strings.TrimPrefix(line, "> "), "^")
	var words []string
	for _, f := range strings.Fields(line) {
		alt, _, _ := strings.Cut(f, "|")
		if g, ok := groups[alt]; ok {
			alt = g
		}
		words = append(words, strings.Trim(alt, "=*"))
	}
	return strings.Join(words, " ")
}

// lexiconGroups returns the first word of every [words] group of the real
// lexicons.
func lexiconGroups(t *testing.T) map[string]string {
	t.Helper()
	out := make(map[string]string)
	for _, lang := range referral.Langs {
		data, err := locales.Crisis.ReadFile("crisis/" + string(lang) + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			name, list, ok := strings.Cut(line, "=")
			name = strings.TrimSpace(name)
			if ok && strings.HasPrefix(name, "@") && out[name] == "" {
				first, _, _ := strings.Cut(strings.TrimSpace(list), "|")
				out[name] = first
			}
		}
	}
	return out
}

func TestDetectorIsSafeForConcurrentUse(t *testing.T) {
	d := realDetector(t)
	done := make(chan bool)
	for range 4 {
		go func() {
			for range 200 {
				if k, _ := d.Detect("муж бьёт меня"); k != dialog.CrisisViolence {
					t.Error("concurrent Detect changed its answer")
				}
			}
			done <- true
		}()
	}
	for range 4 {
		<-done
	}
}

func BenchmarkDetect(b *testing.B) {
	d := realDetector(b)
	texts := []string{
		"Алматы",
		"мне нужна помощь с документами, паспорт потеряла",
		"i want to die",
		"күйеуім мені ұрып жатыр көмектесіңдер",
		strings.Repeat("обычный длинный текст без опасных слов ", 100),
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			d.Detect(t)
		}
	}
}
