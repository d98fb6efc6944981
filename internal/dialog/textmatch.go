package dialog

import (
	"strconv"
	"strings"
	"unicode"
)

// Lexicon maps an option's label message ID to every text a person may type
// to mean it: the label in each language and extra keywords. It is built
// from the locale catalogs by the caller, so the dialog stays free of
// language.
type Lexicon map[string][]string

// matcher picks the option a piece of typed text means.
type matcher struct {
	phrases map[string][]string // label ID → normalised phrases
}

func newMatcher(lex Lexicon) *matcher {
	m := &matcher{phrases: make(map[string][]string, len(lex))}
	for id, texts := range lex {
		for _, t := range texts {
			if n := normalize(t); n != "" {
				m.phrases[id] = append(m.phrases[id], n)
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
	words := strings.Fields(t)
	owners := m.wordOwners(opts)
	best, bestScore, tie := "", 0, false
	for i, o := range opts {
		sc := m.score(t, words, o.Label, owners, i)
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

// wordOwners maps each word of the options' phrases to the index of the one
// option it belongs to, or -1 when several options share it: only
// distinctive words count as evidence on their own.
func (m *matcher) wordOwners(opts []Option) map[string]int {
	owners := make(map[string]int)
	for i, o := range opts {
		for _, p := range m.phrases[o.Label] {
			for _, w := range strings.Fields(p) {
				if prev, seen := owners[w]; seen && prev != i {
					owners[w] = -1
				} else {
					owners[w] = i
				}
			}
		}
	}
	return owners
}

func (m *matcher) score(t string, words []string, label string, owners map[string]int, idx int) int {
	best := 0
	for _, p := range m.phrases[label] {
		var sc int
		switch {
		case t == p:
			sc = scoreExact
		case len([]rune(t)) >= 3 && strings.HasPrefix(p, t):
			sc = scorePrefix
		case len([]rune(p)) >= 3 && containsWords(t, p):
			sc = scoreContains
		case closeEnough(t, p):
			sc = scoreClose
		default:
			sc = wordScore(words, p, owners, idx)
		}
		best = max(best, sc)
	}
	return best
}

// containsWords reports whether phrase p stands in t as whole words.
func containsWords(t, p string) bool {
	return strings.Contains(" "+t+" ", " "+p+" ")
}

// wordScore finds a distinctive word of the phrase (one no other option
// has) among the typed words, exactly or spelled closely.
func wordScore(words []string, p string, owners map[string]int, idx int) int {
	for _, pw := range strings.Fields(p) {
		if owners[pw] != idx || len([]rune(pw)) < 4 {
			continue
		}
		for _, w := range words {
			if len([]rune(w)) >= 4 && (w == pw || closeEnough(w, pw)) {
				return scoreWord
			}
		}
	}
	return 0
}

// closeEnough reports whether a and b differ by at most one edit for words
// of five to seven letters, two for longer ones, and not at all for shorter
// ones.
func closeEnough(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	n := min(len(ra), len(rb))
	limit := 0
	switch {
	case n >= 8:
		limit = 2
	case n >= 5:
		limit = 1
	}
	if limit == 0 || abs(len(ra)-len(rb)) > limit {
		return false
	}
	return editDistance(ra, rb) <= limit
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance is the optimal-string-alignment distance: insertions,
// deletions, substitutions and swaps of neighbouring letters.
func editDistance(a, b []rune) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
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
