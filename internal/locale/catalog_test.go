package locale_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/locales"
)

// messages parses one catalog file the way go-i18n does, for inspection.
func messages(t *testing.T, lang referral.Lang) map[string]*i18n.Message {
	t.Helper()
	data, err := locales.FS.ReadFile(string(lang) + ".toml")
	if err != nil {
		t.Fatal(err)
	}
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	mf, err := b.ParseMessageFileBytes(data, string(lang)+".toml")
	if err != nil {
		t.Fatalf("%s.toml: %v", lang, err)
	}
	out := make(map[string]*i18n.Message)
	for _, m := range mf.Messages {
		out[m.ID] = m
	}
	return out
}

func forms(m *i18n.Message) map[string]string {
	f := map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other}
	for k, v := range f {
		if v == "" {
			delete(f, k)
		}
	}
	return f
}

func TestEveryMessageExistsInEveryLanguage(t *testing.T) {
	en := messages(t, referral.English)
	for _, lang := range referral.Langs {
		got := messages(t, lang)
		for id := range en {
			if _, ok := got[id]; !ok {
				t.Errorf("%s.toml: missing %q", lang, id)
			}
		}
		for id := range got {
			if _, ok := en[id]; !ok {
				t.Errorf("%s.toml: %q is not in en.toml", lang, id)
			}
		}
	}
}

func TestNoEmptyStrings(t *testing.T) {
	for _, lang := range referral.Langs {
		for id, m := range messages(t, lang) {
			if m.Other == "" {
				t.Errorf("%s/%s: no text (the \"other\" form is required)", lang, id)
			}
			for form, s := range forms(m) {
				if strings.TrimSpace(s) == "" {
					t.Errorf("%s/%s: form %s is blank", lang, id, form)
				}
			}
		}
	}
}

var templateVar = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

func vars(m *i18n.Message) []string {
	var vs []string
	for _, s := range forms(m) {
		for _, match := range templateVar.FindAllStringSubmatch(s, -1) {
			vs = append(vs, match[1])
		}
	}
	slices.Sort(vs)
	return slices.Compact(vs)
}

func TestSameTemplateVariablesInEveryLanguage(t *testing.T) {
	en := messages(t, referral.English)
	for _, lang := range []referral.Lang{referral.Kazakh, referral.Russian} {
		got := messages(t, lang)
		for id, m := range en {
			if o, ok := got[id]; ok && !slices.Equal(vars(m), vars(o)) {
				t.Errorf("%s/%s uses %v, en uses %v", lang, id, vars(o), vars(m))
			}
		}
	}
}

// Plural messages must have every form the language's rules need:
// Russian one/few/many/other, Kazakh and English one/other.
func TestPluralForms(t *testing.T) {
	need := map[referral.Lang][]string{
		referral.Russian: {"one", "few", "many", "other"},
		referral.Kazakh:  {"one", "other"},
		referral.English: {"one", "other"},
	}
	en := messages(t, referral.English)
	for _, lang := range referral.Langs {
		got := messages(t, lang)
		for id, m := range en {
			if m.One == "" {
				continue // not a plural message
			}
			for _, form := range need[lang] {
				if _, ok := forms(got[id])[form]; !ok {
					t.Errorf("%s/%s: missing plural form %q", lang, id, form)
				}
			}
		}
	}
}

func TestKazakhIsCyrillic(t *testing.T) {
	// Allowed: commands, brand names, and "Start", the label of Telegram's
	// own button in its English interface (tg.group names it).
	latinWord := regexp.MustCompile(`\b[A-Za-z]{4,}\b`)
	allowed := map[string]bool{"English": true, "restart": true, "language": true, "exit": true, "back": true, "forget": true, "privacy": true, "Start": true, "WhatsApp": true, "Telegram": true, "Instagram": true, "mail": true, "egov": true} // egov.kz: a site name
	for id, m := range messages(t, referral.Kazakh) {
		if strings.HasPrefix(id, "kw.") || id == "ask.language" || id == "lang.en" {
			continue // typed words may be Latin; the language menu is trilingual
		}
		for _, s := range forms(m) {
			clean := templateVar.ReplaceAllString(s, "")
			for _, w := range latinWord.FindAllString(clean, -1) {
				if !allowed[w] {
					t.Errorf("kk/%s: Latin word %q in Kazakh text", id, w)
				}
			}
		}
	}
}

// sampleArgs gives every template variable a realistic value.
var sampleArgs = map[string]any{
	"Count": 0, "Shown": 5, "Min": 3, "Max": 15, "Region": "Алматы", "Date": "06.11.2025",
}

func TestEveryMessageRenders(t *testing.T) {
	cat, err := locale.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range referral.Langs {
		for _, id := range cat.IDs(lang) {
			for _, n := range []int{1, 2, 5, 11, 21, 22, 25, 101} {
				args := map[string]any{}
				for k, v := range sampleArgs {
					args[k] = v
				}
				args["Count"] = n
				s, err := cat.Render(lang, id, args)
				if err != nil {
					t.Errorf("%s/%s with Count=%d: %v", lang, id, n, err)
					continue
				}
				if strings.Contains(s, "{{") || strings.Contains(s, "<no value>") {
					t.Errorf("%s/%s with Count=%d: unrendered template in %q", lang, id, n, s)
				}
			}
		}
	}
}

func TestRussianPluralsAgreeWithNumbers(t *testing.T) {
	cat, err := locale.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	// The plural form chosen for each count must be the CLDR one.
	want := map[int]string{1: "one", 21: "one", 2: "few", 3: "few", 22: "few", 5: "many", 11: "many", 25: "many", 12: "many"}
	m := messages(t, referral.Russian)["results.title"]
	for n, form := range want {
		got, err := cat.Render(referral.Russian, "results.title", map[string]any{"Count": n})
		if err != nil {
			t.Fatal(err)
		}
		exp := strings.ReplaceAll(forms(m)[form], "{{.Count}}", fmt.Sprint(n))
		if got != exp {
			t.Errorf("Count=%d: got %q, want the %q form %q", n, got, form, exp)
		}
	}
}

func TestTextFallsBackAndNeverFails(t *testing.T) {
	cat, err := locale.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	if got := cat.Text(referral.Kazakh, "no.such.message", nil); got != "no.such.message" {
		t.Errorf("unknown ID: got %q, want the ID itself", got)
	}
	if _, err := cat.Render(referral.Lang("de"), "welcome", nil); err == nil {
		t.Error("Render in an unknown language: want an error")
	}
}

func TestNegotiate(t *testing.T) {
	for code, want := range map[string]referral.Lang{
		"ru": referral.Russian, "ru-RU": referral.Russian, "kk": referral.Kazakh, "kz": referral.Kazakh,
		"en-GB": referral.English, "EN": referral.English, "uz": "", "": "", "de-DE": "",
	} {
		got, ok := locale.Negotiate(code)
		if ok != (want != "") || (ok && got != want) {
			t.Errorf("Negotiate(%q) = %q, %v; want %q", code, got, ok, want)
		}
	}
}

func TestLexiconHasLabelsAndKeywordsInAllLanguages(t *testing.T) {
	cat, err := locale.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	lex := cat.Lexicon()
	for _, w := range []string{"Русский", "English", "Қазақша"} {
		if !slices.Contains(lex["lang.ru"], w) && !slices.Contains(lex["lang.en"], w) && !slices.Contains(lex["lang.kk"], w) {
			t.Errorf("lexicon lacks the language label %q", w)
		}
	}
	if len(lex["need.migrant"]) < 6 {
		t.Errorf("need.migrant has only %v; want labels in three languages plus keywords", lex["need.migrant"])
	}
}

// Button labels must fit on a Telegram button on a small phone.
func TestButtonLabelsAreShort(t *testing.T) {
	buttons := []string{"lang.", "danger.", "safety.", "need.", "who.", "age.", "region.", "citizenship.", "results.option.", "nav."}
	for _, lang := range referral.Langs {
		for id, m := range messages(t, lang) {
			for _, prefix := range buttons {
				if strings.HasPrefix(id, prefix) && len([]rune(m.Other)) > 40 {
					t.Errorf("%s/%s is %d characters; a button label should be at most 40: %q", lang, id, len([]rune(m.Other)), m.Other)
				}
			}
		}
	}
}
