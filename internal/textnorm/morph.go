package textnorm

import "strings"

// Morphology, in the folded spelling of Words: Kazakh suffixes and Russian
// endings are tables of folded strings, stripped from the end of a word to
// find the bases it may be a form of. Bases only proposes: a caller keeps a
// base only when it is a word it knows, so «алматыдамын» gives «алматы»
// (known) and also «алматыдам» (not known, ignored).
//
// The folding makes the back and front variants of a Kazakh suffix one
// string (-да/-де, -ға/-ге/-қа/-ке, -мын/-мін), and ы and і are both "i".

// kazakhLayers are the slots of Kazakh suffixes, from the end of a word
// inwards: a word is base + derivation + plural + possessive + case +
// personal ending + particle, every slot optional.
var kazakhLayers = [][]string{
	// particles: «ғой». (Not «ма/ме»: as a suffix it is the negation of a
	// verb, «бермейді»; the question particle is written apart.)
	{"goi", "koi"},
	// personal endings: «-мын/-мін/-бын/-бін/-пын/-пін» (I am), «-мыз»
	// (we are). (Not «-сыз» (you are): it is also the privative suffix,
	// «қауіпсіз» is "without danger", and must never become «қауіп».)
	{"min", "bin", "pin", "miz", "biz", "piz"},
	// cases: locative, dative, ablative, genitive, accusative,
	// instrumental, «-дағы» (the one in), «-ша» (in the manner of).
	{
		"nda", "nde", "da", "de", "ta", "te",
		"ga", "ge", "ka", "ke", "na", "ne", "a", "e",
		"ndan", "nden", "dan", "den", "tan", "ten", "nan", "nen",
		"nin", "din", "tin",
		"ni", "di", "ti", "n",
		"menen", "men", "ben", "pen",
		"ndagi", "ndegi", "dagi", "degi", "tagi", "tegi",
		"sha", "she",
	},
	// possessives: my, your, his/her/their, our.
	{"imiz", "miz", "iniz", "niz", "im", "m", "in", "si", "i"},
	// plural.
	{"lar", "ler", "dar", "der", "tar", "ter"},
	// derivation: «-лық/-лік/-дық/-дік/-тық/-тік» (one from: алматылық),
	// «-шы/-ші» (one who).
	{"lik", "dik", "tik", "shi"},
}

// russianEndings are the case endings of Russian nouns and adjectives and
// the endings of the verb forms people type, folded.
var russianEndings = []string{
	"iami", "ami", "iah", "ah", "iam", "am", "ov", "ev", "ei", "oi", "om", "em",
	"ia", "iu", "ie", "ii", "ih", "im", "imi", "ogo", "ego", "omu", "emu", "aia", "oe", "ee", "uiu",
	"a", "u", "e", "i", "o",
	"et", "it", "ut", "iut", "at", "iat", "ete", "ite", "li", "la", "lo", "l",
	"sia", "s",
}

// byLast indexes suffixes by their last byte, so stripping tries only the
// suffixes a word can end with.
type byLast [256][]string

func indexByLast(suffixes []string) *byLast {
	var ix byLast
	for _, s := range suffixes {
		ix[s[len(s)-1]] = append(ix[s[len(s)-1]], s)
	}
	return &ix
}

var (
	kazakhIndex = func() []*byLast {
		out := make([]*byLast, len(kazakhLayers))
		for i, l := range kazakhLayers {
			out[i] = indexByLast(l)
		}
		return out
	}()
	russianIndex = indexByLast(russianEndings)
)

// Minimum letters of a base: Kazakh stems may be short (бала, аға, әке);
// Russian bases shorter than three letters are not worth guessing.
const (
	minKazakhBase  = 3
	minRussianBase = 3
)

// Bases returns the bases a folded word may be a form of, longest first,
// without the word itself: Kazakh bases (every way of stripping suffixes
// in kazakhLayers order, with the Kazakh consonant change undone: «кітабы»
// → «кітап»), then Russian bases (one ending stripped; a fleeting vowel
// restored: «ребёнка» → «ребёнк» = «ребёнок» less its vowel). The result
// is empty for words too short to have a suffix.
func Bases(w string) []string {
	var out []string
	add := func(b string) {
		for _, o := range out {
			if o == b {
				return
			}
		}
		if b != w {
			out = append(out, b)
		}
	}
	kazakhStrip(w, 0, add)
	if w == "" {
		return out
	}
	for _, e := range russianIndex[w[len(w)-1]] {
		if b, ok := strings.CutSuffix(w, e); ok && len(b) >= minRussianBase && vowelIn(b) {
			add(b)
		}
	}
	if b, ok := fleeting(w); ok {
		add(b)
	}
	return out
}

// kazakhStrip calls add with every base of w found by stripping suffixes
// of the layers from layer on.
func kazakhStrip(w string, layer int, add func(string)) {
	if w == "" {
		return
	}
	for l := layer; l < len(kazakhLayers); l++ {
		for _, s := range kazakhIndex[l][w[len(w)-1]] {
			b, ok := strings.CutSuffix(w, s)
			if !ok || len(b) < minKazakhBase || !vowelIn(b) {
				continue
			}
			add(b)
			if un, ok := voiced(b, s); ok {
				add(un)
			}
			kazakhStrip(b, l+1, add)
		}
	}
}

// voiced undoes the Kazakh consonant change before a suffix that starts
// with a vowel: a base ending in б or г/ғ was п or к/қ (кітабы, қазағы).
func voiced(b, suffix string) (string, bool) {
	if !strings.ContainsAny(suffix[:1], "aeiou") {
		return "", false
	}
	switch {
	case strings.HasSuffix(b, "b"):
		return b[:len(b)-1] + "p", true
	case strings.HasSuffix(b, "g"):
		return b[:len(b)-1] + "k", true
	}
	return "", false
}

// fleeting returns a word ending in -ок/-ек/-ец with that vowel dropped, the
// base its other forms have (ребёнок → ребёнк-а, отец → отц-а).
func fleeting(w string) (string, bool) {
	for _, e := range []string{"ok", "ek", "ec"} {
		if b, ok := strings.CutSuffix(w, e); ok && len(b) >= 3 {
			return b + e[1:], true
		}
	}
	return "", false
}

func vowelIn(s string) bool { return strings.ContainsAny(s, "aeiouy") }

// Forms returns the Russian case forms of a folded place name that Bases
// cannot lead back to it by stripping alone: «Семей» → «Семее», «Семея»,
// «Семею», «Семеем». A caller that treats every known word as a real word
// (never a typo or a form of another) adds these, so «в Семее» is the
// town and never «в семье».
func Forms(name string) []string {
	n := len(name)
	if n < 4 {
		return nil
	}
	switch last, prev := name[n-1], name[n-2]; {
	case last == 'i' && strings.IndexByte("aeiou", prev) >= 0: // -ай, -ей, -ой
		b := name[:n-1]
		return []string{b + "e", b + "ia", b + "iu", b + "em"}
	case last == 'a':
		b := name[:n-1]
		return []string{b + "e", b + "i", b + "u", b + "oi"}
	case strings.IndexByte("aeiouy", last) < 0: // a consonant
		return []string{name + "e", name + "a", name + "u", name + "om"}
	}
	return nil
}
