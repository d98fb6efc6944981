package referral

import (
	"cmp"
	"math"
	"slices"
)

// matchIndex precomputes what Match and Unconfirmed rank by, so that a
// query costs a few passes over the services that can fit it, in memory
// order, instead of a sort of every service for the need (a sort took
// 0.8 ms at 10k services and 15 ms at 100k; see BenchmarkMatch).
//
// Match orders by fit, then "targeted", then fewest needs, then speaks the
// conversation language, then open around the clock, then table order.
// For each need and region the index keeps one list per fit (local, near,
// nationwide) holding the finished results, ordered by fewest needs, open
// around the clock and table order, and remembers where each run of equal
// need counts starts. A query then walks each list once per value of
// targeted (which depends on the person's age and citizenship), highest
// first, and within each run takes first the services that speak the
// language, then the others: exactly the order of a stable sort by compare.
type matchIndex struct {
	needs map[Need]*needIndex
}

// needIndex is the index of one need: regions[regionSlot][fit slot].
// Nationwide lists are shared between regions.
type needIndex struct {
	regions [][3]*packedList
	// sortOnly is set when a service's ages do not fit the index: Match
	// then sorts, as it did before the index.
	sortOnly bool
	// partial is set when some service meets the need only in part: only
	// then does a query make a second pass for them.
	partial bool
}

// packedList is one list of finished results with, beside each, what the
// per-query filter reads (hot), so that a pass reads memory in order.
type packedList struct {
	hot []matchHot
	res []Result
	// runs are the offsets where each run of services with the same number
	// of needs starts, and len(res) last.
	runs []int32
}

// matchHot is what the per-query filter reads from a service.
type matchHot struct {
	minAge, maxAge int16
	flags          uint8
}

const (
	hotConfirmed = 1 << iota
	hotKZOnly    // Eligibility.Citizenship == CitizenKZ
	hotForeign   // Eligibility.Citizenship == Foreigner
	hotChildren  // Eligibility.ChildrenOnly()
	hotKazakh    // speaks kk; hotRussian and hotEnglish follow
	hotRussian
	hotEnglish
	hotPartial // meets this need only for a narrower group
)

// langBit returns the hot flag for speaking l, 0 for "", and whether the
// index knows l.
func langBit(l Lang) (uint8, bool) {
	switch l {
	case "":
		return 0, true
	case Kazakh:
		return hotKazakh, true
	case Russian:
		return hotRussian, true
	case English:
		return hotEnglish, true
	}
	return 0, false
}

// regionSlot returns r's slot in needIndex.regions: 0 for "", then Regions'
// order (Abroad included).
func regionSlot(r Region) (int, bool) {
	if r == "" {
		return 0, true
	}
	for i, k := range Regions {
		if k == r {
			return i + 1, true
		}
	}
	return 0, false
}

func newMatchIndex(t *Table) *matchIndex {
	idx := &matchIndex{needs: make(map[Need]*needIndex, len(t.byNeed))}
	for n, services := range t.byNeed {
		idx.needs[n] = newNeedIndex(t, n, services)
	}
	return idx
}

func newNeedIndex(t *Table, need Need, services []*Service) *needIndex {
	// Order by the keys that do not depend on the query; every list below
	// keeps this order.
	byKey := slices.Clone(services)
	open := make(map[*Service]bool, len(services))
	for _, s := range services {
		open[s] = s.AlwaysOpen()
		e := s.Eligibility
		if e.MinAge < 0 || e.MaxAge < 0 || e.MinAge > math.MaxInt16 || e.MaxAge > math.MaxInt16 {
			return &needIndex{sortOnly: true}
		}
	}
	slices.SortStableFunc(byKey, func(a, b *Service) int { // ties keep table order
		return cmp.Or(cmp.Compare(len(a.Needs), len(b.Needs)), -cmpBool(open[a], open[b]))
	})
	ni := &needIndex{regions: make([][3]*packedList, len(Regions)+1)}
	hot := make([]matchHot, len(byKey))
	for i, s := range byKey {
		hot[i] = hotOf(s)
		if s.PartlyServes(need) {
			hot[i].flags |= hotPartial
			ni.partial = true
		}
	}
	list := func(fit Fit, keep func(*Service) bool) *packedList {
		pl := &packedList{}
		prev := -1
		for i, s := range byKey {
			if !keep(s) {
				continue
			}
			if len(s.Needs) != prev {
				pl.runs, prev = append(pl.runs, int32(len(pl.res))), len(s.Needs)
			}
			pl.hot = append(pl.hot, hot[i])
			pl.res = append(pl.res, Result{Service: s, Org: t.orgOf[s.ID], Fit: fit, Need: need})
		}
		pl.runs = append(pl.runs, int32(len(pl.res)))
		return pl
	}
	nationwide := list(FitNationwide, func(s *Service) bool { return s.Area.Nationwide })
	ni.regions[0][slotNationwide] = nationwide
	for ri, r := range Regions {
		l := &ni.regions[ri+1]
		if r == Abroad {
			l[slotLocal] = list(FitLocal, func(s *Service) bool { return s.Area.Abroad })
			l[slotNationwide] = list(FitNationwide, func(s *Service) bool { return s.Area.Nationwide && !s.Area.Abroad })
			continue
		}
		l[slotLocal] = list(FitLocal, func(s *Service) bool { return !s.Area.Nationwide && s.Area.Covers(r) })
		l[slotNear] = list(FitNear, func(s *Service) bool {
			return !s.Area.Nationwide && !s.Area.Covers(r) && r.Near() != "" && s.Area.Covers(r.Near())
		})
		l[slotNationwide] = nationwide
	}
	return ni
}

func hotOf(s *Service) matchHot {
	e := s.Eligibility
	h := matchHot{minAge: int16(e.MinAge), maxAge: int16(e.MaxAge)}
	for _, f := range []struct {
		on   bool
		flag uint8
	}{
		{s.Confirmed(), hotConfirmed}, {e.Citizenship == CitizenKZ, hotKZOnly},
		{e.Citizenship == Foreigner, hotForeign}, {e.ChildrenOnly(), hotChildren},
		{s.Speaks(string(Kazakh)), hotKazakh}, {s.Speaks(string(Russian)), hotRussian},
		{s.Speaks(string(English)), hotEnglish},
	} {
		if f.on {
			h.flags |= f.flag
		}
	}
	return h
}

// Fit slots in needIndex lists.
const (
	slotLocal = iota
	slotNear
	slotNationwide
)

// rank returns the services for q whose Confirmed() equals confirmed, in
// Match's order, and whether the index could answer q (a language or
// region it does not know goes to the sorting path).
func (idx *matchIndex) rank(q Query, confirmed bool) ([]Result, bool) {
	lang, ok1 := langBit(q.Lang)
	ri, ok2 := regionSlot(q.Region)
	if idx == nil || !ok1 || !ok2 {
		return nil, false
	}
	ni := idx.needs[q.Need]
	switch {
	case ni == nil:
		return nil, true
	case ni.sortOnly:
		return nil, false
	}
	lists := ni.regions[ri]
	n := 0
	for _, pl := range lists {
		if pl != nil {
			n += len(pl.res)
		}
	}
	if n == 0 {
		return nil, true
	}
	f := newFilter(q, confirmed)
	out := make([]Result, 0, n)
	parts := []uint8{0, hotPartial}[:1+b2i(ni.partial)]
	for _, partial := range parts { // full before partial, then by fit
		for _, pl := range lists {
			if pl != nil {
				out = f.appendList(out, pl, lang, partial)
			}
		}
	}
	if len(out) == 0 {
		return nil, true // as the sorting path answers
	}
	return out, true
}

// filter is eligible and targeted for one query, on hot flags.
type filter struct {
	q          Query
	mask, want uint8 // a service passes when flags&mask == want
	child      bool  // the person is a child: children's services are targeted
	foreigner  bool  // the person is a foreigner: foreigners' services are targeted
	targeted   int   // the highest value targeted can take
}

func newFilter(q Query, confirmed bool) filter {
	f := filter{q: q, mask: hotConfirmed}
	if confirmed {
		f.want = hotConfirmed
	}
	switch q.Citizenship {
	case Foreigner, Stateless:
		f.mask |= hotKZOnly
		f.foreigner = true
		f.targeted++
	case CitizenKZ:
		f.mask |= hotForeign
	}
	if q.AgeKnown && q.Age.Child() {
		f.child = true
		f.targeted++
	}
	return f
}

// appendList appends pl's results that pass and whose hotPartial flag is
// partial, ordered by targeted (highest first), then run by run, those that speak lang (a hot flag, 0 for none)
// before the others.
func (f *filter) appendList(out []Result, pl *packedList, lang, partial uint8) []Result {
	passes := 1
	if lang != 0 {
		passes = 2
	}
	ages := f.q.AgeKnown
	for targeted := f.targeted; targeted >= 0; targeted-- {
		for r := 0; r+1 < len(pl.runs); r++ {
			lo, hi := pl.runs[r], pl.runs[r+1]
			for pass := range passes {
				speaks := uint8(0)
				if pass == 0 {
					speaks = lang
				}
				mask, want := f.mask|lang|hotPartial, f.want|speaks|partial
				hot, res := pl.hot[lo:hi], pl.res[lo:hi]
				for i, h := range hot {
					if h.flags&mask != want || (ages && !h.agesFit(f.q)) || (f.targeted > 0 && f.score(h) != targeted) {
						continue
					}
					out = append(out, res[i])
				}
			}
		}
	}
	return out
}

// score is targeted for a service.
func (f *filter) score(h matchHot) int {
	t := 0
	if f.child && h.flags&hotChildren != 0 {
		t++
	}
	if f.foreigner && h.flags&hotForeign != 0 {
		t++
	}
	return t
}

// agesFit is the age part of eligible.
func (h matchHot) agesFit(q Query) bool {
	if !q.AgeKnown {
		return true
	}
	if h.maxAge > 0 && q.Age.Min > int(h.maxAge) {
		return false
	}
	return q.Age.Max <= 0 || q.Age.Max >= int(h.minAge)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
