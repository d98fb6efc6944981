package dialog

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// Lexicon maps an option's label message ID to every text a person may type
// to mean it: the label in each language and extra keywords. It is built
// from the locale catalogs by the caller, so the dialog stays free of
// language.
type Lexicon map[string][]string

// matcher picks the option a piece of typed text means. Everything that
// depends only on the lexicon is prepared once, in newMatcher, so that
// picking allocates little: it runs for every message a person types.
type matcher struct {
	phrases map[string][]phrase // label ID → normalised phrases
	// distinct caches distinctive per set of options (the options of each
	// question): option labels joined by NUL → distinctive words.
	distinct sync.Map
}

// phrase is a normalised phrase with what the scores compare: its runes,
// its words, and the phrase between spaces for whole-word search.
type phrase struct {
	text   string
	padded string // " " + text + " "
	runes  []rune
	words  []word
}

// word is a word of a phrase or of typed text, with its runes.
type word struct {
	text  string
	runes []rune
}

func newWords(s string) []word {
	fields := strings.Fields(s)
	ws := make([]word, len(fields))
	for i, f := range fields {
		ws[i] = word{f, []rune(f)}
	}
	return ws
}

func newMatcher(lex Lexicon) *matcher {
	m := &matcher{phrases: make(map[string][]phrase, len(lex))}
	for id, texts := range lex {
		for _, t := range texts {
			if n := normalize(t); n != "" {
				m.phrases[id] = append(m.phrases[id], phrase{text: n, padded: " " + n + " ", runes: []rune(n), words: newWords(n)})
			}
		}
	}
	return m
}

// Scores of the ways typed text can match an option, best first.
const (
	scoreExact    = 100
	scorePrefix   = 80
	scoreContains = 70
	scoreClose    = 60
	scoreWord     = 40
)

// typed is normalised typed text, prepared once for every comparison.
type typed struct {
	text   string
	padded string // " " + text + " "
	runes  []rune
	words  []word
}

// pick returns the value of the option text means: its number (from 1), a
// label or keyword equal to it, starting with it, contained in it as whole
// words, or spelled close to it. When two options match equally well, or
// none does, pick reports false.
func (m *matcher) pick(text string, opts []Option) (string, bool) {
	t := normalize(text)
	if t == "" {
		return "", false
	}
	if n, err := strconv.Atoi(t); err == nil {
		if n >= 1 && n <= len(opts) {
			return opts[n-1].Value, true
		}
		return "", false
	}
	in := typed{text: t, padded: " " + t + " ", runes: []rune(t), words: newWords(t)}
	distinct := m.distinctive(opts)
	best, bestScore, tie := "", 0, false
	for i, o := range opts {
		sc := m.score(&in, o.Label, distinct[i])
		switch {
		case sc > bestScore:
			best, bestScore, tie = o.Value, sc, false
		case sc == bestScore && sc > 0 && o.Value != best:
			tie = true
		}
	}
	if bestScore == 0 || tie {
		return "", false
	}
	return best, true
}

// distinctive returns, for each option, the words of its phrases that no
// other option's phrases have, of four letters or more: only they count as
// evidence on their own. It is built once per set of options and shared:
// callers must not modify it.
func (m *matcher) distinctive(opts []Option) [][]word {
	var key strings.Builder
	for _, o := range opts {
		key.WriteString(o.Label)
		key.WriteByte(0)
	}
	if d, ok := m.distinct.Load(key.String()); ok {
		return d.([][]word)
	}
	owners := make(map[string]int)
	for i, o := range opts {
		for _, p := range m.phrases[o.Label] {
			for _, w := range p.words {
				if prev, seen := owners[w.text]; seen && prev != i {
					owners[w.text] = -1
				} else {
					owners[w.text] = i
				}
			}
		}
	}
	d := make([][]word, len(opts))
	for i, o := range opts {
		for _, p := range m.phrases[o.Label] {
			for _, w := range p.words {
				if owners[w.text] == i && len(w.runes) >= 4 && !slices.ContainsFunc(d[i], func(x word) bool { return x.text == w.text }) {
					d[i] = append(d[i], w)
				}
			}
		}
	}
	m.distinct.Store(key.String(), d)
	return d
}

// score is how well typed text matches the option labelled label, whose
// distinctive words are distinct.
func (m *matcher) score(in *typed, label string, distinct []word) int {
	best := 0
	for i := range m.phrases[label] {
		p := &m.phrases[label][i]
		var sc int
		switch {
		case in.text == p.text:
			sc = scoreExact
		case len(in.runes) >= 3 && strings.HasPrefix(p.text, in.text):
			sc = scorePrefix
		case len(p.runes) >= 3 && strings.Contains(in.padded, p.padded):
			sc = scoreContains
		case closeEnough(in.runes, p.runes):
			sc = scoreClose
		}
		best = max(best, sc)
	}
	if best == 0 {
		best = wordScore(in.words, distinct)
	}
	return best
}

// wordScore finds a distinctive word of the option (one no other option
// has) among the typed words, exactly or spelled closely. (A phrase that
// matches in a better way outscores it, so it is only looked for when
// none does.)
func wordScore(words, distinct []word) int {
	for _, pw := range distinct {
		for _, w := range words {
			if len(w.runes) >= 4 && (w.text == pw.text || closeEnough(w.runes, pw.runes)) {
				return scoreWord
			}
		}
	}
	return 0
}

// closeEnough reports whether a and b differ by at most one edit for words
// of five to seven letters, two for longer ones, and not at all for shorter
// ones.
func closeEnough(a, b []rune) bool {
	n := min(len(a), len(b))
	limit := 0
	switch {
	case n >= 8:
		limit = 2
	case n >= 5:
		limit = 1
	}
	if limit == 0 || abs(len(a)-len(b)) > limit {
		return false
	}
	return EditDistance(a, b) <= limit
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// EditDistance is the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbouring letters.
// Its three rows live on the stack for texts of up to 63 letters. The
// typed-text matcher and the crisis detector both use it.
func EditDistance(a, b []rune) int {
	var buf [3 * 64]int
	n := len(b) + 1
	var prev2, prev, cur []int
	if 3*n <= len(buf) {
		prev2, prev, cur = buf[:n], buf[n:2*n], buf[2*n:3*n]
	} else {
		prev2, prev, cur = make([]int, n), make([]int, n), make([]int, n)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// kazakhFold maps the letters of the Kazakh Cyrillic alphabet that are
// often typed as their Russian neighbours, and ё, to those neighbours.
var kazakhFold = map[rune]rune{
	'ә': 'а', 'ғ': 'г', 'қ': 'к', 'ң': 'н', 'ө': 'о', 'ұ': 'у', 'ү': 'у', 'һ': 'х', 'і': 'и', 'ё': 'е',
}

// normalize lower-cases s, folds Kazakh-specific letters and ё, turns
// everything but letters and digits into spaces and collapses them.
func normalize(s string) string {
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(s) {
		if f, ok := kazakhFold[r]; ok {
			r = f
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}
