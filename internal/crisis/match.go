package crisis

import (
	"github.com/komek-kz/komek/internal/dialog"
	"slices"

	"github.com/komek-kz/komek/internal/referral"
)

// hit is a phrase found in the text, over the words lo..hi.
type hit struct {
	phrase int32
	lo, hi int
}

// matches returns the crisis phrases found in toks, less those that a
// negation or an overlapping [safe] phrase cancels. Strict matching (for
// text retyped from the wrong keyboard layout) allows no typos and only
// Russian phrases.
func (d *Detector) matches(toks []string, strict bool) []hit {
	seen := make(map[string][]int32)
	pats := make([][]int32, len(toks))
	for i, t := range toks {
		ids, ok := seen[t]
		if !ok {
			ids = d.lookup(t, strict)
			seen[t] = ids
		}
		pats[i] = ids
	}
	var found, safe []hit
	var tried []int32
	for i := range toks {
		tried = tried[:0]
		for _, id := range pats[i] {
			for _, ph := range d.anchors[id] {
				if slices.Contains(tried, ph) || strict && d.phrases[ph].lang != referral.Russian {
					continue
				}
				tried = append(tried, ph)
				h, ok := d.try(ph, i, toks, pats)
				switch {
				case !ok:
				case d.phrases[ph].safe:
					safe = append(safe, h)
				default:
					found = append(found, h)
				}
			}
		}
	}
	return slices.DeleteFunc(found, func(h hit) bool {
		return slices.ContainsFunc(safe, func(s hit) bool { return s.lo <= h.hi && h.lo <= s.hi })
	})
}

// try matches phrase ph with its first word at toks[i]: each other word of
// the phrase at the nearest free position, all within a span of the
// phrase's length plus maxGap, with no negation before or inside it.
func (d *Detector) try(ph int32, i int, toks []string, pats [][]int32) (hit, bool) {
	p := &d.phrases[ph]
	k := len(p.slots)
	if p.whole && len(toks) > k+len(d.filler) {
		return hit{}, false
	}
	reach := k + maxGap - 1
	if p.whole {
		reach = len(toks)
	}
	var usedBuf [8]int
	used := append(usedBuf[:0], i)
	lo, hi := i, i
	for s := 1; s < k; s++ {
		j := nearest(i, reach, len(toks), func(j int) bool {
			return !slices.Contains(used, j) && (!p.ordered || j > hi) && anyOf(pats[j], p.slots[s])
		})
		if j < 0 {
			return hit{}, false
		}
		used = append(used, j)
		lo, hi = min(lo, j), max(hi, j)
	}
	if p.whole {
		for j, t := range toks {
			if !slices.Contains(used, j) && !d.filler[t] && !slices.ContainsFunc(p.slots, func(s []int32) bool { return anyOf(pats[j], s) }) {
				return hit{}, false // a word that is neither the phrase's (again) nor a filler
			}
		}
		return hit{phrase: ph, lo: lo, hi: hi}, true
	}
	if hi-lo+1 > k+maxGap {
		return hit{}, false
	}
	if !p.safe && d.negated(toks, used, lo, hi) {
		return hit{}, false
	}
	return hit{phrase: ph, lo: lo, hi: hi}, true
}

// negated reports a negation word just before the span lo..hi or among its
// words that are not the phrase's own, or a Kazakh negation just after it
// ("ұрған жоқ").
func (d *Detector) negated(toks []string, used []int, lo, hi int) bool {
	if lo > 0 && d.not[toks[lo-1]] {
		return true
	}
	for j := lo + 1; j < hi; j++ {
		if !slices.Contains(used, j) && d.not[toks[j]] {
			return true
		}
	}
	return hi+1 < len(toks) && d.after[toks[hi+1]]
}

// nearest returns the position closest to i (after it first on a tie),
// at most reach away, for which ok holds, or -1.
func nearest(i, reach, n int, ok func(int) bool) int {
	for dist := 1; dist <= reach; dist++ {
		if j := i + dist; j < n && ok(j) {
			return j
		}
		if j := i - dist; j >= 0 && ok(j) {
			return j
		}
	}
	return -1
}

func anyOf(have, want []int32) bool {
	for _, h := range have {
		if slices.Contains(want, h) {
			return true
		}
	}
	return false
}

// lookup returns the IDs of the word patterns that word matches: equal,
// starting with a stem, or, when it matches none so, one typo away from a
// long enough word or stem with the same first letter. The IDs are sorted
// and distinct.
func (d *Detector) lookup(word string, strict bool) []int32 {
	var ids []int32
	ids = append(ids, d.exact[word]...)
	r := []rune(word)
	for n := minStem; n <= len(r); n++ {
		ids = append(ids, d.stems[string(r[:n])]...)
	}
	if len(ids) > 0 || strict {
		return sortedSet(ids) // a word of the lexicons is not a typo of another
	}
	if len(r) >= minSwap-1 && len(r) <= d.maxWord+1 {
		ids = d.typos(ids, r, d.typoW, false)
	}
	for n := minSwap - 1; n <= min(len(r), d.maxStem+1); n++ {
		ids = d.typos(ids, r[:n], d.typoS, true)
	}
	return sortedSet(ids)
}

func sortedSet(ids []int32) []int32 {
	if len(ids) < 2 {
		return ids
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// typos adds to ids the patterns of index within one typo of w: any one
// for patterns of minFuzzy letters or more, a swap of neighbouring letters
// for shorter ones; never in the first letter.
func (d *Detector) typos(ids []int32, w []rune, index map[string][]int32, stem bool) []int32 {
	check := func(cands []int32) {
		for _, id := range cands {
			p := &d.pats[id]
			if p.stem != stem || p.runes[0] != w[0] || abs(len(p.runes)-len(w)) > 1 {
				continue
			}
			if len(p.runes) >= minFuzzy && dialog.EditDistance(w, p.runes) <= 1 || swapped(w, p.runes) {
				ids = append(ids, id)
			}
		}
	}
	check(index[string(w)])
	for _, del := range deletions(w) {
		check(index[del])
	}
	return ids
}

// swapped reports whether a and b differ by one swap of neighbouring
// letters.
func swapped(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && slices.Equal(a[i+2:], b[i+2:])
}

// deletions returns w with each one of its letters left out.
func deletions(w []rune) []string {
	out := make([]string, 0, len(w))
	buf := make([]rune, 0, len(w))
	for i := range w {
		buf = append(append(buf[:0], w[:i]...), w[i+1:]...)
		out = append(out, string(buf))
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
