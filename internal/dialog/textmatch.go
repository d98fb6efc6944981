package dialog

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/komek-kz/komek/internal/textnorm"
)

// Lexicon maps an option's label message ID to every text a person may type
// to mean it: the label in each language and extra keywords. It is built
// from the locale catalogs by the caller, so the dialog stays free of
// language.
type Lexicon map[string][]string

// How typed text is read (see the package doc and README "What people can
// type"): every text, of the lexicon and typed alike, is folded by
// textnorm.Words into words in one rough Latin spelling. Each phrase of the
// lexicon (a label, split at its commas, or a keyword) is a list of words,
// all of which must be found in the typed text for the phrase to match. A
// typed word finds a phrase word
//
//   - exactly;
//   - as one of its forms, when the typed word is no word the bot knows:
//     textnorm.Bases strips Kazakh suffixes and Russian endings from both
//     («Алматыдамын» → алматы, «сына» → сын);
//   - with one typo (two for long words), only for words of five letters or
//     more, same first letter, when the typed word is no word the bot knows
//     and has no known form: a real word is never read as another one
//     («Семее», a form of the town Семей, is never «семье»).
//
// The option whose phrase covers most of the text wins; a phrase with a
// negation before it («не мне», "not me") or a Kazakh negation after it
// («маған емес») does not count; two options that explain different words
// of the text are a question to ask again, not a guess.

// Qualities of a word match; a phrase scores the letters of its words
// times the quality each was found with.
const (
	qTypo  = 2
	qForm  = 3
	qExact = 4
)

// stopWords are left out of phrases: a phrase must not need them.
var stopWords = map[string]bool{
	"v": true, "vo": true, "na": true, "dlia": true, "s": true, "so": true, "k": true, "ko": true,
	"u": true, "po": true, "o": true, "ob": true, "za": true, "i": true, "a": true, "ili": true, "ot": true, "do": true,
	"an": true, "the": true, "to": true, "for": true, "of": true, "in": true, "on": true, "at": true,
	"and": true, "or": true, "is": true, "am": true, "are": true, "ushin": true, "jane": true,
	"iz": true, "from": true,
}

// optionLabels are the prefixes of the message IDs that label options: the
// lexicon's other messages (questions, help texts) are not what people
// answer with.
var optionLabels = []string{"lang.", "danger.", "safety.", "need.", "who.", "age.", "region.", "citizenship.", "results.option.", "nav.", "privacy.forget"}

func isOptionLabel(id string) bool {
	for _, p := range optionLabels {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}

// negBefore negate the phrase right after them; negAfter (Kazakh) the
// phrase right before them.
var (
	negBefore = map[string]bool{"ne": true, "ni": true, "not": true, "dont": true, "never": true, "isnt": true, "arent": true, "nicht": true}
	negAfter  = map[string]bool{"emes": true} // «жоқ» after a noun is "there is no", what the phrase means
)

// phrase is a normalised phrase: the label it means and its words.
type phrase struct {
	label string
	lid   int32 // the label's number, in matcher.labels
	words []string
	kind  phraseKind
}

// phraseKind says where a phrase comes from, for the questions it counts
// at.
type phraseKind uint8

const (
	kindWord    phraseKind = iota // a label or keyword
	kindCountry                   // a country's name: abroad, and its citizenship, at their questions only
	kindKZ                        // Kazakhstan's name: ask for the town; its citizenship at that question only
	kindCommon                    // a place name that is also an everyday word: at the region question only
)

// forQuestion and forSituation filter the phrases that count: at the
// question itself, every phrase; in a situation, a country's name says
// the citizenship but not where the person is («я из Узбекистана, в
// Алматы»), and Kazakhstan's name says neither; abroad is never taken
// from a situation (country names are region aliases too).
func forQuestion(p *phrase) bool { return p.kind != kindKZ || p.label != kzTown }

func forSituation(p *phrase) bool {
	if p.label == "region.abroad" {
		return false // «я из Узбекистана»: where they come from, not where they are
	}
	return p.kind == kindWord || p.kind == kindCommon || p.kind == kindCountry && !strings.HasPrefix(p.label, "region.")
}

// kzTown is the pseudo-label of Kazakhstan's name at the region question.
const kzTown = "typed.region.town"

// ref is a word of a phrase.
type ref struct {
	phrase int32
	slot   uint8
}

// matcher reads typed text against every phrase of the lexicon. It is
// built once and read-only afterwards.
type matcher struct {
	phrases []phrase
	exact   map[string][]ref    // folded word → the phrase words it is
	forms   map[string][]ref    // a word and each of its bases → phrase words
	dels    map[string][]string // a known word of 5+ letters less one letter → the words
	known   map[string]bool
	seen    map[string]bool  // label and words of every phrase: each is added once
	labels  map[string]int32 // label → its number
	cache   map[string][]hit // known word → what it finds (see done)
}

func newMatcher(lex Lexicon) *matcher {
	m := &matcher{exact: map[string][]ref{}, forms: map[string][]ref{}, dels: map[string][]string{}, known: map[string]bool{}, seen: map[string]bool{}, labels: map[string]int32{}}
	for id, texts := range lex {
		if !isOptionLabel(id) {
			continue
		}
		for _, t := range texts {
			for _, part := range strings.FieldsFunc(t, splitPhrase) {
				m.add(id, textnorm.Words(part), kindWord)
			}
		}
	}
	return m
}

// splitPhrase splits a label into the phrases a person may type alone:
// «Мигрантам: документы, зарплата, домой».
func splitPhrase(r rune) bool {
	return strings.ContainsRune(",;:/()«»\"", r)
}

// add adds a phrase of folded words meaning label.
func (m *matcher) add(label string, ws []string, kind phraseKind) {
	var keep []string
	for _, w := range ws {
		if isNumber(w) {
			return // «От 3 до 6 лет»: ages are read as numbers, not words
		}
		if !stopWords[w] {
			keep = append(keep, w)
		}
	}
	if len(keep) == 0 || len(keep) > 8 {
		return
	}
	key := label + "\x00" + strings.Join(keep, " ") + "\x00" + string(rune('0'+kind))
	if m.seen[key] {
		return // the same words in another language, or listed twice
	}
	m.seen[key] = true
	id := int32(len(m.phrases))
	lid, ok := m.labels[label]
	if !ok {
		lid = int32(len(m.labels))
		m.labels[label] = lid
	}
	m.phrases = append(m.phrases, phrase{label: label, lid: lid, words: keep, kind: kind})
	for i, w := range keep {
		r := ref{phrase: id, slot: uint8(i)}
		m.exact[w] = append(m.exact[w], r)
		m.known[w] = true
		m.forms[w] = append(m.forms[w], r)
		for _, b := range textnorm.Bases(w) {
			m.forms[b] = append(m.forms[b], r)
		}
		if utf8.RuneCountInString(w) >= 5 && len(m.exact[w]) == 1 {
			for _, d := range deletions(w) {
				m.dels[d] = append(m.dels[d], w)
			}
		}
	}
}

func isNumber(w string) bool {
	_, err := strconv.Atoi(w)
	return err == nil
}

// deletions returns w with each one of its letters left out.
func deletions(w string) []string {
	rs := []rune(w)
	out := make([]string, 0, len(rs))
	for i := range rs {
		out = append(out, string(rs[:i])+string(rs[i+1:]))
	}
	return out
}

// hit is a phrase word found at a typed word, and how well.
type hit struct {
	ref
	q uint8
}

// reading is typed text folded into words, with the phrase words each one
// finds. It is read once and matched against the options of any question;
// phrases it has matched are remembered.
type reading struct {
	words []string
	hits  [][]hit
	any   bool
	// wh holds every phrase word found, by phrase; phrases lists each
	// phrase with its range of wh and, once matched, the result.
	wh      []wordHit
	phrases []phraseHits
	results []found // the phrases matched
	// situation: a place name that is also an everyday word counts only
	// with a place ending or after «в»/«из» (see kindCommon).
	situation bool
}

// locative words before a place name: «в», «во», «из», «г.», "in", "from".
var locative = map[string]bool{"v": true, "vo": true, "iz": true, "g": true, "in": true, "from": true}

// inSituation returns a copy of r read as a situation.
func (r *reading) inSituation() *reading {
	c := &reading{words: r.words, hits: r.hits, any: r.any, wh: r.wh, situation: true}
	c.group() // the same words, matched afresh
	return c
}

// wordHit is a word of a phrase found at typed word at.
type wordHit struct {
	phrase      int32
	slot, at, q uint8
}

// phraseHits is a phrase found in a reading: its words wh[from:to], and
// whether it was matched (state 1) or not (2), 0 while not tried.
type phraseHits struct {
	phrase   int32
	from, to int32
	state    uint8
	res      int32 // its match in results, when state is 1
}

// index builds wh and phrases from hits.
func (r *reading) index() {
	n := 0
	for _, hs := range r.hits {
		n += len(hs)
	}
	r.wh = make([]wordHit, 0, n)
	for i, hs := range r.hits {
		for _, h := range hs {
			r.wh = append(r.wh, wordHit{phrase: h.phrase, slot: h.slot, at: uint8(i), q: h.q})
		}
	}
	slices.SortFunc(r.wh, func(a, b wordHit) int { return int(a.phrase) - int(b.phrase) })
	r.group()
}

// group builds phrases from wh, which is sorted by phrase.
func (r *reading) group() {
	n := 0
	for i := range r.wh {
		if i == 0 || r.wh[i].phrase != r.wh[i-1].phrase {
			n++
		}
	}
	r.phrases, r.results = make([]phraseHits, 0, n), nil
	for i := 0; i < len(r.wh); {
		j := i
		for j < len(r.wh) && r.wh[j].phrase == r.wh[i].phrase {
			j++
		}
		r.phrases = append(r.phrases, phraseHits{phrase: r.wh[i].phrase, from: int32(i), to: int32(j)})
		i = j
	}
}

// maxWords bounds the words of a message that are read.
const maxWords = 64

// read folds text and looks up every word.
func (m *matcher) read(text string) *reading {
	ws := textnorm.Words(text)
	if len(ws) > maxWords {
		ws = ws[:maxWords]
	}
	r := &reading{words: ws, hits: make([][]hit, len(ws))}
	for i, w := range ws {
		r.hits[i] = m.lookup(w)
		r.any = r.any || len(r.hits[i]) > 0
	}
	r.index()
	return r
}

// lookup returns the phrase words w finds; for a known word, from the
// table done once (shared: callers must not modify it).
func (m *matcher) lookup(w string) []hit {
	if hs, ok := m.cache[w]; ok {
		return hs
	}
	return m.lookupSlow(w)
}

// done looks every known word up once, after the last phrase is added:
// most words people type are known, and then cost one map look-up.
func (m *matcher) done() {
	m.cache = make(map[string][]hit, len(m.known))
	for w := range m.known {
		m.cache[w] = slices.Clip(m.lookupSlow(w))
	}
}

func (m *matcher) lookupSlow(w string) []hit {
	var hs []hit
	addAll := func(rs []ref, q uint8) {
		for _, r := range rs {
			hs = append(hs, hit{r, q})
		}
	}
	if m.known[w] {
		// A real word is never a typo of another, and a form of another
		// only through a long base («ребёнку» and «ребёнок»), never a
		// short one («Семее», a form of Семей, is not «семье»).
		addAll(m.exact[w], qExact)
		for _, b := range textnorm.Bases(w) {
			if utf8.RuneCountInString(b) >= 5 {
				addAll(m.forms[b], qForm)
			}
		}
		return hs
	}
	addAll(m.forms[w], qForm)
	for _, b := range textnorm.Bases(w) {
		addAll(m.forms[b], qForm)
	}
	if sq := textnorm.Squeeze(w); sq != w && m.known[sq] {
		addAll(m.exact[sq], qForm) // "даа", "неет"
	}
	if len(hs) > 0 || utf8.RuneCountInString(w) < 5 {
		return hs
	}
	seen := map[string]bool{}
	check := func(cands []string) {
		for _, c := range cands {
			if !seen[c] && typoOf(w, c) {
				seen[c] = true
				addAll(m.exact[c], qTypo)
			}
		}
	}
	check(m.dels[w])
	for _, d := range deletions(w) {
		if m.known[d] {
			check([]string{d})
		}
		check(m.dels[d])
	}
	return hs
}

// typoOf reports a typo: same first letter, and one edit apart (two for
// words of nine letters or more).
func typoOf(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(rb) < 5 || ra[0] != rb[0] {
		return false
	}
	limit := 1
	if min(len(ra), len(rb)) >= 9 {
		limit = 2
	}
	return abs(len(ra)-len(rb)) <= limit && EditDistance(ra, rb) <= limit
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// namesKazakhstan reports that the reading names Kazakhstan itself.
func (m *matcher) namesKazakhstan(r *reading) bool {
	return len(m.phrasesIn(r, func(p *phrase) bool { return p.label == kzTown })) > 0
}

// without returns the reading with the words in used left out (they
// answered the question; they say nothing else).
func (r *reading) without(used uint64) *reading {
	if used == 0 {
		return r
	}
	c := &reading{words: r.words, hits: make([][]hit, len(r.hits)), situation: r.situation}
	for i, hs := range r.hits {
		if used&(1<<uint(i)) == 0 {
			c.hits[i] = hs
			c.any = c.any || len(hs) > 0
		}
	}
	c.wh = make([]wordHit, 0, len(r.wh))
	for _, h := range r.wh { // still sorted by phrase
		if used&(1<<uint(h.at)) == 0 {
			c.wh = append(c.wh, h)
		}
	}
	c.group()
	return c
}

// readAny reads text as typed or, when nothing in it is known, as typed
// with the other keyboard layout.
func (m *matcher) readAny(text string) *reading {
	r := m.read(text)
	if r.any {
		return r
	}
	if alt, ok := m.otherLayout(text, r); ok {
		return alt
	}
	return r
}

func popcount(x uint64) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// pick returns the value of the option text means: its number (from 1), or
// the option choose finds, reading text as typed and, when nothing in it is
// known, as typed with the other keyboard layout.
func (m *matcher) pick(text string, opts []Option) (string, bool) {
	if v, ok := optionNumber(text, opts); ok {
		return v, true
	}
	v, vd, _ := m.choose(m.readAny(text), opts, forQuestion)
	return v, vd == vOne
}

// optionNumber reads a bare option number.
func optionNumber(text string, opts []Option) (string, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(strings.Trim(text, ".)")))
	if err != nil || n < 1 || n > len(opts) {
		return "", false
	}
	return opts[n-1].Value, true
}

// otherLayout reads text retyped in the other keyboard layout, when the
// text as typed has no word the bot knows.
func (m *matcher) otherLayout(text string, asTyped *reading) (*reading, bool) {
	if asTyped.any {
		return nil, false
	}
	if utf8.RuneCountInString(strings.TrimSpace(text)) < 3 {
		return nil, false // "y" is no word in the other layout
	}
	alt, ok := textnorm.FromQwerty(text)
	if !ok {
		alt, ok = textnorm.ToQwerty(text)
	}
	if !ok {
		return nil, false
	}
	r := m.read(alt)
	for i, w := range r.words {
		if len(r.hits[i]) == 0 && utf8.RuneCountInString(w) >= 3 && !stopWords[w] {
			return nil, false // not words in the other layout either
		}
	}
	return r, r.any
}
