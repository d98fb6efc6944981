package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/locales"
)

// The typed corpus of internal/dialog (testdata/typed-corpus.tsv), black
// box: each line is typed into "komek chat" with piped input, after the
// button numbers that reach its question, and the answer the bot took is
// read from its «✓ …» line. One chat session per question and language;
// /restart between lines.
func TestTypedCorpusThroughKomekChat(t *testing.T) {
	if testing.Short() {
		t.Skip("runs komek chat over the whole corpus")
	}
	cat, err := locale.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	type line struct{ step, lang, text, want string }
	groups := map[[2]string][]line{}
	f, err := os.Open(filepath.Join("..", "..", "internal", "dialog", "testdata", "typed-corpus.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		if len(p) != 4 || strings.HasPrefix(p[0], "#") || p[0] == "step" {
			continue
		}
		k := [2]string{p[0], p[1]}
		groups[k] = append(groups[k], line{p[0], p[1], p[2], p[3]})
	}
	f.Close()
	db := filepath.Join(t.TempDir(), "komek.db")
	type tally struct{ n, ok, silent, silentDanger int }
	per := map[string]*tally{}
	for k, lines := range groups {
		step, lang := k[0], referral.Lang(k[1])
		labels := optionTexts(cat, step, lang)
		for len(lines) > 0 {
			script := []string{map[referral.Lang]string{"kk": "1", "ru": "2", "en": "3"}[lang]}
			for _, l := range lines {
				script = append(script, navigation[step]...)
				script = append(script, l.text)
				if step == "need" {
					script = append(script, "1") // after words of danger: go on, and see the need they were taken for
				}
				script = append(script, "/restart")
			}
			script = append(script, "/exit")
			out := chatOut(t, db, script...)
			done := 0
			for _, l := range lines {
				chunk, ok := after(&out, "> "+l.text+"\n")
				if !ok {
					break // the conversation ended: go on in a new one
				}
				done++
				got := firstTaken(chunk, labels)
				alarm := got == "?" && strings.Contains(chunk, cat.Text(lang, "ask.safety", nil))
				if step == "danger" && alarm {
					got = "yes" // words of danger: the emergency numbers, as for yes
				}
				if step == "need" && alarm {
					next, _ := after(&out, "> 1\n") // the alarm, then «go on»: the need the words meant
					got = firstTaken(next, labels)
				}
				tl := per[l.lang]
				if tl == nil {
					tl = &tally{}
					per[l.lang] = tl
				}
				tl.n++
				switch {
				case got == l.want:
					tl.ok++
				case got != "?":
					tl.silent++
					if step == "danger" {
						tl.silentDanger++
					}
					t.Logf("SILENT %s/%s %q → %s (want %s)", step, lang, l.text, got, l.want)
				default:
					t.Logf("asked  %s/%s %q (want %s)", step, lang, l.text, l.want)
				}
			}
			if done == 0 {
				t.Fatalf("%s/%s: %q never reached; the chat:\n%s", step, lang, lines[0].text, out)
			}
			lines = lines[done:]
		}
	}
	for _, lang := range []string{"kk", "ru", "en"} {
		tl := per[lang]
		acc := float64(tl.ok) / float64(tl.n)
		t.Logf("komek chat, typed corpus %s: %d lines, understood %.3f, silent misreadings %d (at the danger question %d)", lang, tl.n, acc, tl.silent, tl.silentDanger)
		if acc < 0.95 || float64(tl.silent)/float64(tl.n) > 0.01 || tl.silentDanger > 0 {
			t.Errorf("%s: understood %.3f, silent %d, at the danger question %d", lang, acc, tl.silent, tl.silentDanger)
		}
	}
}

// navigation are the button numbers that reach each question from the
// danger question (the order of the options in the catalogs).
var navigation = map[string][]string{
	"language":    {"/language"},
	"danger":      nil,
	"safety":      {"1"},
	"need":        {"2"},
	"who":         {"2", "10"},
	"age.child":   {"2", "5"},
	"age.self":    {"2", "7", "1"},
	"region":      {"2", "4", "1"},
	"citizenship": {"2", "4", "1", "2"},
	"results":     {"2", "4", "1", "2", "1"},
}

// optionTexts maps the label of each option of a corpus question, in lang,
// to its value.
func optionTexts(cat *locale.Catalog, step string, lang referral.Lang) map[string]string {
	prefixes := map[string][]string{
		"language": {"lang."}, "danger": {"danger."}, "safety": {"safety."}, "need": {"need."}, "who": {"who."},
		"age.child": {"age."}, "age.self": {"age."}, "region": {"region."}, "citizenship": {"citizenship."},
		"results": {"results.option."},
	}[step]
	out := map[string]string{}
	for _, id := range cat.IDs(lang) {
		for _, p := range prefixes {
			if v, ok := strings.CutPrefix(id, p); ok {
				out[cat.Text(lang, id, nil)] = v
			}
		}
	}
	return out
}

// firstTaken returns the value of the first «✓ …» label of chunk that is
// one of labels, or "?".
func firstTaken(chunk string, labels map[string]string) string {
	for _, l := range strings.Split(chunk, "\n") {
		if rest, ok := strings.CutPrefix(l, "✓ "); ok {
			first, _, _ := strings.Cut(rest, " · ")
			if v, ok := labels[first]; ok {
				return v
			}
		}
	}
	return "?"
}

// after returns what follows marker in *out, up to the next input line,
// and moves *out past it.
func after(out *string, marker string) (string, bool) {
	i := strings.Index(*out, marker)
	if i < 0 {
		return "", false
	}
	rest := (*out)[i+len(marker):]
	end := strings.Index(rest, "\n> ")
	if end < 0 {
		end = len(rest)
	}
	*out = rest[end:]
	return "\n" + rest[:end], true
}

// chatOut runs komek chat like chat, and returns its output even when the
// conversation ends before the input does.
func chatOut(t *testing.T, db string, lines ...string) string {
	t.Helper()
	var out, errs bytes.Buffer
	in := strings.NewReader(strings.Join(lines, "\n") + "\n")
	if err := run(context.Background(), []string{"chat", "--db", db}, env(), in, &out, &errs); err != nil {
		t.Fatalf("komek chat: %v\nstderr: %s", err, errs.String())
	}
	return out.String()
}
