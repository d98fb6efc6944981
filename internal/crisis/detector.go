package crisis

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral"
)

// Detector finds words of immediate danger in typed text. It is built once
// from the lexicons, is read-only afterwards and is safe for concurrent
// use. It keeps and logs nothing of the text it reads.
type Detector struct {
	pats    []pattern
	langs   []uint8            // pattern ID → the lexicons that have the word (bit i: referral.Langs[i])
	exact   map[string][]int32 // word → IDs of the whole-word patterns
	stems   map[string][]int32 // stem → IDs of the stem patterns
	typoW   map[string][]int32 // whole word and its one-letter deletions → IDs of the words that may have a typo
	typoS   map[string][]int32 // the same for stems
	maxStem int                // letters in the longest stem that may have a typo
	maxWord int                // letters in the longest word that may have a typo
	phrases []phrase
	anchors map[int32][]int32 // pattern ID → phrases whose first slot has it
	not     map[string]bool
	after   map[string]bool
	filler  map[string]bool
}

type pattern struct {
	text  string
	runes []rune
	stem  bool
	typo  bool
}

type phrase struct {
	slots   [][]int32
	kind    dialog.Crisis
	lang    referral.Lang
	safe    bool
	whole   bool
	ordered bool
	line    int
	text    string
}

// Match is what Find found: the kind of danger, the language of the
// lexicon that knew it, and the lexicon line, for review and tests.
type Match struct {
	Crisis dialog.Crisis
	Lang   referral.Lang
	// Phrase is the lexicon phrase that matched, as written, and Line its
	// line in the lexicon file of Lang.
	Phrase string
	Line   int
}

// Limits on the text examined, so a huge message costs bounded time.
const (
	maxWords = 2000
	maxGap   = 3 // other words allowed among the words of a phrase
)

// Load reads the lexicons crisis/kk.txt, crisis/ru.txt and crisis/en.txt
// from fsys (locales.Crisis).
func Load(fsys fs.FS) (*Detector, error) {
	files := make(map[referral.Lang]string)
	for _, l := range referral.Langs {
		name := "crisis/" + string(l) + ".txt"
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("crisis: read %s: %w", name, err)
		}
		files[l] = string(data)
	}
	return New(files)
}

// New builds a detector from the text of one lexicon file per language
// (see lexicon.go for the format).
func New(lexicons map[referral.Lang]string) (*Detector, error) {
	d := &Detector{
		exact: make(map[string][]int32), stems: make(map[string][]int32),
		typoW: make(map[string][]int32), typoS: make(map[string][]int32),
		anchors: make(map[int32][]int32),
		not:     make(map[string]bool), after: make(map[string]bool), filler: make(map[string]bool),
	}
	var lxs []*lexicon
	groups := make(map[string][]rawWord) // every file's words of each group
	for _, l := range referral.Langs {
		data, ok := lexicons[l]
		if !ok {
			continue
		}
		lx, err := parseLexicon(l, string(l)+".txt", data)
		if err != nil {
			return nil, err
		}
		for name, ws := range lx.groups {
			groups[name] = append(groups[name], ws...)
		}
		lxs = append(lxs, lx)
	}
	ids := make(map[patternKey]int32)
	for _, lx := range lxs {
		if err := lx.expand(groups); err != nil {
			return nil, err
		}
		d.addLexicon(lx, ids)
	}
	d.langs = make([]uint8, len(d.pats))
	for _, lx := range lxs {
		d.markLangs(lx, ids)
	}
	if len(d.phrases) == 0 {
		return nil, fmt.Errorf("crisis: the lexicons have no phrases")
	}
	return d, nil
}

func (d *Detector) addLexicon(lx *lexicon, ids map[patternKey]int32) {
	for _, w := range lx.not {
		d.not[w] = true
	}
	for _, w := range lx.notAfter {
		d.after[w] = true
	}
	for _, w := range lx.filler {
		d.filler[w] = true
	}
	for _, rp := range lx.phrases {
		p := phrase{kind: rp.kind, lang: lx.lang, safe: rp.safe, whole: rp.whole, ordered: rp.ordered, line: rp.line, text: rp.text}
		for _, slot := range rp.slots {
			var s []int32
			for _, w := range slot {
				s = append(s, d.intern(w, ids))
			}
			slices.Sort(s)
			p.slots = append(p.slots, slices.Compact(s))
		}
		id := int32(len(d.phrases))
		d.phrases = append(d.phrases, p)
		for _, w := range p.slots[0] {
			d.anchors[w] = append(d.anchors[w], id)
		}
	}
}

// markLangs records, for every word of lx's phrases, the lexicon its
// words came from (a group's words keep the file that defined them).
func (d *Detector) markLangs(lx *lexicon, ids map[patternKey]int32) {
	for _, rp := range lx.phrases {
		for _, slot := range rp.slots {
			for _, w := range slot {
				runes := []rune(w.text)
				key := patternKey{text: w.text, stem: w.stem, typo: !w.exact && len(runes) >= minSwap}
				if id, ok := ids[key]; ok {
					d.langs[id] |= 1 << slices.Index(referral.Langs, w.lang)
				}
			}
		}
	}
}

// patternKey identifies a word pattern while the lexicons are read.
type patternKey struct {
	text       string
	stem, typo bool
}

// intern returns the ID of a word pattern, indexing it the first time.
func (d *Detector) intern(w rawWord, ids map[patternKey]int32) int32 {
	runes := []rune(w.text)
	key := patternKey{text: w.text, stem: w.stem, typo: !w.exact && len(runes) >= minSwap}
	if id, ok := ids[key]; ok {
		return id
	}
	id := int32(len(d.pats))
	d.pats = append(d.pats, pattern{text: w.text, runes: runes, stem: w.stem, typo: key.typo})
	ids[key] = id
	if w.stem {
		d.stems[w.text] = append(d.stems[w.text], id)
	} else {
		d.exact[w.text] = append(d.exact[w.text], id)
	}
	if !key.typo {
		return id
	}
	index, longest := d.typoW, &d.maxWord
	if w.stem {
		index, longest = d.typoS, &d.maxStem
	}
	*longest = max(*longest, len(runes))
	index[w.text] = append(index[w.text], id)
	for _, del := range deletions(runes) {
		index[del] = append(index[del], id)
	}
	return id
}

// Detect returns the kind of danger text signals, or dialog.NoCrisis, and
// the language of the lexicon that knew it. It implements
// dialog.CrisisDetector.
func (d *Detector) Detect(text string) (dialog.Crisis, referral.Lang) {
	m, ok := d.Find(text)
	if !ok {
		return dialog.NoCrisis, ""
	}
	return m.Crisis, m.Lang
}

// Find returns the most urgent match in text: suicide before a child in
// danger, before being held, before violence, before a bare cry for help.
// Text typed with the wrong keyboard layout (Latin keys for Russian words)
// is read again, strictly (Russian phrases, no typos), when it matches
// nothing as typed.
func (d *Detector) Find(text string) (Match, bool) {
	if m, ok := d.find(text, words(text), false); ok {
		return m, true
	}
	if alt, latin := wrongLayout(text); latin {
		return d.find(text, words(alt), true)
	}
	return Match{}, false
}

// urgency orders the kinds of crisis, most urgent first.
var urgency = []dialog.Crisis{dialog.CrisisSuicide, dialog.CrisisChild, dialog.CrisisHeld, dialog.CrisisViolence, dialog.CrisisDanger}

func (d *Detector) find(text string, toks []string, strict bool) (Match, bool) {
	if len(toks) > maxWords {
		toks = toks[:maxWords]
	}
	found := d.matches(toks, strict)
	if len(found) == 0 {
		return Match{}, false
	}
	var best []hit
	for _, k := range urgency {
		for _, h := range found {
			if d.phrases[h.phrase].kind == k {
				best = append(best, h)
			}
		}
		if len(best) > 0 {
			break
		}
	}
	p := d.phrases[best[0].phrase]
	lang := d.language(text, found, best, toks, strict)
	for _, h := range best {
		if q := d.phrases[h.phrase]; q.lang == lang {
			p = q
			break
		}
	}
	return Match{Crisis: p.kind, Lang: lang, Phrase: p.text, Line: p.line}, true
}

// language picks, among the languages of the best matches, the one most
// of the matched words are written in ("muzh byot" is Russian, though
// Kazakh lines match it too through the shared groups); on a tie, the one
// most matches are in, then the one the text's letters suggest.
func (d *Detector) language(text string, all, best []hit, toks []string, strict bool) referral.Lang {
	var cands []referral.Lang
	for _, h := range best {
		if l := d.phrases[h.phrase].lang; !slices.Contains(cands, l) {
			cands = append(cands, l)
		}
	}
	phrases := make(map[referral.Lang]int)
	for _, h := range all {
		phrases[d.phrases[h.phrase].lang]++
	}
	cands = mostVotes(cands, d.wordVotes(toks, all, strict))
	cands = mostVotes(cands, phrases)
	if len(cands) == 1 {
		return cands[0]
	}
	if l := scriptLang(text); slices.Contains(cands, l) {
		return l
	}
	slices.SortFunc(cands, func(a, b referral.Lang) int {
		return slices.Index(referral.Langs, a) - slices.Index(referral.Langs, b)
	})
	return cands[0]
}

// mostVotes keeps the candidates with the most votes.
func mostVotes(cands []referral.Lang, votes map[referral.Lang]int) []referral.Lang {
	var out []referral.Lang
	top := -1
	for _, l := range cands {
		switch v := votes[l]; {
		case v > top:
			out, top = []referral.Lang{l}, v
		case v == top:
			out = append(out, l)
		}
	}
	return out
}

// wordVotes counts, for each language, the words in the matches' spans
// that its lexicon has.
func (d *Detector) wordVotes(toks []string, all []hit, strict bool) map[referral.Lang]int {
	votes := make(map[referral.Lang]int)
	seen := make(map[int]bool)
	for _, h := range all {
		for j := h.lo; j <= h.hi; j++ {
			if seen[j] {
				continue
			}
			seen[j] = true
			var mask uint8
			for _, id := range d.lookup(toks[j], strict) {
				mask |= d.langs[id]
			}
			for i, l := range referral.Langs {
				if mask&(1<<i) != 0 {
					votes[l]++
				}
			}
		}
	}
	return votes
}

// scriptLang guesses the language from the letters: Kazakh letters, other
// Cyrillic, or Latin.
func scriptLang(text string) referral.Lang {
	if strings.ContainsAny(strings.ToLower(text), "әғқңөұүһі") {
		return referral.Kazakh
	}
	for _, r := range text {
		if r >= 'Ѐ' && r <= 'ӿ' {
			return referral.Russian
		}
	}
	return referral.English
}
