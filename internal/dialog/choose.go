package dialog

import "unicode/utf8"

// found is a phrase matched in a reading: its score, the typed words it
// used, as a bit set (the first 64 words), and the score of each.
type found struct {
	phrase int32
	score  int
	used   uint64
	at     [8]uint8  // typed word of each phrase word
	scores [8]uint16 // its score
}

// phrasesIn returns the phrases that want accepts and the reading
// matches, negated ones left out. Each phrase is matched once per reading.
func (m *matcher) phrasesIn(r *reading, want func(p *phrase) bool) []found {
	var out []found
	m.eachPhrase(r, want, func(f *found) { out = append(out, *f) })
	return out
}

// eachPhrase calls visit with each phrase that want accepts and the
// reading matches, without collecting them.
func (m *matcher) eachPhrase(r *reading, want func(p *phrase) bool, visit func(f *found)) {
	for k := range r.phrases {
		ph := &r.phrases[k]
		if !want(&m.phrases[ph.phrase]) {
			continue
		}
		if ph.state == 0 {
			ph.state = 2
			if f, ok := m.match(r, ph.phrase, r.wh[ph.from:ph.to]); ok {
				ph.res, ph.state = int32(len(r.results)), 1
				r.results = append(r.results, f)
			}
		}
		if ph.state == 1 {
			visit(&r.results[ph.res])
		}
	}
}

// match finds every word of phrase p in the reading, each at its best,
// at distinct typed words close together, not negated.
func (m *matcher) match(r *reading, p int32, hs []wordHit) (found, bool) {
	ph := &m.phrases[p]
	f := found{phrase: p}
	lo, hi := len(r.words), -1
	for slot := range ph.words {
		best, bestQ := -1, uint8(0)
		for _, h := range hs {
			if int(h.slot) == slot && h.q > bestQ && f.used&(1<<uint(h.at)) == 0 {
				best, bestQ = int(h.at), h.q
			}
		}
		if best < 0 {
			return found{}, false
		}
		f.used |= 1 << uint(best)
		sc := utf8.RuneCountInString(ph.words[slot]) * int(bestQ)
		f.score += sc
		f.at[slot], f.scores[slot] = uint8(best), uint16(sc)
		lo, hi = min(lo, best), max(hi, best)
	}
	if hi-lo+1 > len(ph.words)+3 {
		return found{}, false
	}
	if ph.kind == kindCommon && r.situation && f.scores[0] == uint16(utf8.RuneCountInString(ph.words[0])*qExact) &&
		(lo == 0 || !locative[r.words[lo-1]]) {
		return found{}, false // «многодетных семей» is no town
	}
	if m.negated(r, ph, lo, hi) {
		return found{}, false
	}
	return f, true
}

// negated reports a negation word right before the span lo..hi, or a
// Kazakh one right after it, that is not a word of the phrase itself.
func (m *matcher) negated(r *reading, ph *phrase, lo, hi int) bool {
	own := func(w string) bool {
		for _, pw := range ph.words {
			if pw == w {
				return true
			}
		}
		return false
	}
	before := lo - 1
	for before >= 0 && stopWords[r.words[before]] && !own(r.words[before]) {
		before-- // "not in danger", «не в опасности»
	}
	if before >= 0 && negBefore[r.words[before]] && !own(r.words[before]) {
		return true
	}
	return hi+1 < len(r.words) && negAfter[r.words[hi+1]] && !own(r.words[hi+1])
}

// verdict is what a reading says about a question's options.
type verdict uint8

const (
	// vNone: nothing in the text is about these options.
	vNone verdict = iota
	// vOne: one option, clearly.
	vOne
	// vUnsure: several options, each explaining other words of the text.
	vUnsure
)

// choose picks the option of opts that the reading means. Each option
// gathers its matched phrases: the typed words they use, each scored once
// at its best. The option whose words score most wins, unless another
// option uses a typed word the winner does not (the text says two things),
// or the winner is only short words ("я", "да") in a text with longer words
// it does not explain: then the text is asked again.
func (m *matcher) choose(r *reading, opts []Option, filter func(*phrase) bool) (string, verdict, uint64) {
	if len(opts) == 0 || !r.any {
		return "", vNone, 0
	}
	var ixBuf [256]int8
	var ix []int8
	if n := len(m.labels); n <= len(ixBuf) && len(opts) < 127 {
		ix = ixBuf[:n]
	} else {
		ix = make([]int8, n)
	}
	for i := range ix {
		ix[i] = -1
	}
	for i, o := range opts {
		if lid, ok := m.labels[o.Label]; ok && i < 127 {
			ix[lid] = int8(i)
		}
	}
	type option struct {
		found bool
		used  uint64
		long  bool
		neg   bool       // every phrase begins with a negation («не мне»)
		at    [64]uint16 // each typed word's best score
	}
	var buf [32]option
	var per []option
	if len(opts) <= len(buf) {
		per = buf[:len(opts)]
	} else {
		per = make([]option, len(opts))
	}
	any := false
	m.eachPhrase(r, func(p *phrase) bool { return ix[p.lid] >= 0 && filter(p) }, func(f *found) {
		any = true
		ph := &m.phrases[f.phrase]
		o := &per[ix[ph.lid]]
		if !o.found {
			o.found, o.neg = true, true
		}
		o.neg = o.neg && negBefore[ph.words[0]]
		o.used |= f.used
		for slot, w := range ph.words {
			o.at[f.at[slot]] = max(o.at[f.at[slot]], f.scores[slot])
			o.long = o.long || utf8.RuneCountInString(w) > 3
		}
	})
	if !any {
		return "", vNone, 0
	}
	positive := false
	for i := range per {
		positive = positive || per[i].found && !per[i].neg
	}
	score := func(o *option) int { // each typed word once, at its best
		sc := 0
		for _, v := range o.at {
			sc += int(v)
		}
		return sc
	}
	var scoreBuf [32]int
	var scores []int
	if len(per) <= len(scoreBuf) {
		scores = scoreBuf[:len(per)]
	} else {
		scores = make([]int, len(per))
	}
	best, bestScore := -1, -1
	for i := range per {
		o := &per[i]
		if !o.found || o.neg && positive { // «не мне, а дочке»: what it is beats what it is not
			scores[i] = -1
			continue
		}
		scores[i] = score(o)
		if scores[i] > bestScore {
			best, bestScore = i, scores[i]
		}
	}
	win := &per[best]
	for i := range per {
		if i != best && scores[i] >= 0 && (per[i].used&^win.used != 0 || scores[i] == bestScore) {
			return "", vUnsure, 0
		}
	}
	if !win.long && r.unexplained(win.used) {
		return "", vUnsure, 0
	}
	return opts[best].Value, vOne, win.used
}

// strong reports that the typed words in used include one of four letters
// or more: a word, not a particle like «да» or «иа».
func (m *matcher) strong(r *reading, used uint64) bool {
	for i, w := range r.words {
		if used&(1<<uint(i)) != 0 && utf8.RuneCountInString(w) >= 4 {
			return true
		}
	}
	return false
}

// unexplained reports a typed word of four letters or more, not a stop
// word, outside used.
func (r *reading) unexplained(used uint64) bool {
	for i, w := range r.words {
		if used&(1<<uint(i)) == 0 && !stopWords[w] && !negBefore[w] && utf8.RuneCountInString(w) >= 4 {
			return true
		}
	}
	return false
}
