package referral

import (
	"cmp"
	"slices"
)

// PageSize is how many results the bot shows at a time. The first page of
// every Match answer holds at least one service reachable around the clock.
const PageSize = 5

// Query describes a person's situation, as far as the conversation has asked.
// Zero fields mean "not asked" or "not said".
type Query struct {
	Need Need
	// Age is the age range of the person who needs help, when AgeKnown.
	Age      AgeRange
	AgeKnown bool
	// Region is where the person is; "" when not said.
	Region      Region
	Citizenship Citizenship
	// Lang is the conversation language; services that speak it rank higher.
	Lang Lang
}

// AgeRange is a range of ages in years, inclusive. Max 0 means no upper
// bound.
type AgeRange struct{ Min, Max int }

// Child reports whether everyone in the range is under 18.
func (a AgeRange) Child() bool { return a.Max > 0 && a.Max < 18 }

// Adult reports whether everyone in the range is 18 or older.
func (a AgeRange) Adult() bool { return a.Min >= 18 }

func (a AgeRange) overlaps(e Eligibility) bool {
	if e.MaxAge > 0 && a.Min > e.MaxAge {
		return false
	}
	if a.Max > 0 && a.Max < e.MinAge {
		return false
	}
	return true
}

// Fit says how well a result's area fits the person's region.
type Fit int

// Fits, best first.
const (
	// FitLocal: the service works in the person's region (or, for people
	// abroad, can be reached from abroad).
	FitLocal Fit = iota
	// FitNear: the service works in the city or region next door (Astana
	// for Akmola region, Almaty region for Almaty, …).
	FitNear
	// FitNationwide: the service works everywhere in Kazakhstan.
	FitNationwide
	// FitFallback: a general hotline added because nothing else fits.
	FitFallback
	fitNone
)

// Result is one service in a Match answer.
type Result struct {
	Service *Service
	Org     *Organization
	Fit     Fit
	// Need is the need the service was matched for: the card shows what
	// the service does for it (Service.DescriptionFor).
	Need Need
}

// Match ranks the confirmed services that fit q: those serving q.Need that
// the person is eligible for, in the person's region, the region next door,
// or nationwide. Order: those that meet the need fully before those that
// meet it only for a narrower group (Service.Partial: a refugee agency for
// a labour migrant), then nearest first (local, near, nationwide), then the
// most specific (aimed at the person's group, serving fewer needs), then
// those that speak the conversation language, then those open around the
// clock, then table order.
//
// Match never returns an empty answer: among the first PageSize results
// there is always a nationwide service for q.Need that is open 24/7, or, if
// the table has none, every General hotline.
func (t *Table) Match(q Query) []Result {
	ranked, ok := t.match.rank(q, true)
	if !ok {
		ranked = t.sorted(q, true)
	}
	return t.guarantee(ranked, q)
}

// sorted ranks the services for q whose Confirmed() equals confirmed by
// filtering and sorting all of the need's services. It is what the index
// (match_index.go) precomputes; Match and Unconfirmed fall back to it for
// a language or region the index does not know, and the tests check the
// index against it.
func (t *Table) sorted(q Query, confirmed bool) []Result {
	var ranked []Result
	for _, s := range t.byNeed[q.Need] {
		if s.Confirmed() != confirmed || !eligible(s, q) {
			continue
		}
		if f := fit(s, q.Region); f != fitNone {
			ranked = append(ranked, Result{Service: s, Org: t.orgOf[s.ID], Fit: f, Need: q.Need})
		}
	}
	slices.SortStableFunc(ranked, func(a, b Result) int { return compare(a, b, q) })
	return ranked
}

// Unconfirmed returns the services that would fit q but have no confirmed
// contact yet, ranked like Match. The bot may name them, clearly labelled,
// below the confirmed results — never with contact details.
func (t *Table) Unconfirmed(q Query) []Result {
	if out, ok := t.match.rank(q, false); ok {
		return out
	}
	return t.sorted(q, false)
}

// guarantee makes sure the first page holds a round-the-clock nationwide
// service for the need, or the general hotlines.
func (t *Table) guarantee(ranked []Result, q Query) []Result {
	first := ranked[:min(PageSize, len(ranked))]
	if slices.ContainsFunc(first, func(r Result) bool { return allDay(r.Service) }) {
		return ranked
	}
	if i := slices.IndexFunc(ranked, func(r Result) bool { return allDay(r.Service) }); i >= 0 {
		g := ranked[i]
		rest := slices.Delete(slices.Clone(ranked), i, i+1)
		return slices.Insert(rest, PageSize-1, g)
	}
	var gens []Result
	for _, s := range t.general {
		if s.Confirmed() && !slices.ContainsFunc(ranked, func(r Result) bool { return r.Service == s }) {
			gens = append(gens, Result{Service: s, Org: t.orgOf[s.ID], Fit: FitFallback, Need: q.Need})
		}
	}
	at := max(0, min(len(ranked), PageSize-len(gens)))
	return slices.Insert(slices.Clone(ranked), at, gens...)
}

func allDay(s *Service) bool { return s.Area.Nationwide && s.AlwaysOpen() }

func eligible(s *Service, q Query) bool {
	e := s.Eligibility
	if q.AgeKnown && !q.Age.overlaps(e) {
		return false
	}
	switch q.Citizenship {
	case Foreigner, Stateless:
		return e.Citizenship != CitizenKZ
	case CitizenKZ:
		return e.Citizenship != Foreigner
	}
	return true
}

func fit(s *Service, r Region) Fit {
	switch {
	case r == Abroad && s.Area.Abroad:
		return FitLocal
	case r == Abroad || r == "":
		if s.Area.Nationwide {
			return FitNationwide
		}
		return fitNone
	case !s.Area.Nationwide && s.Area.Covers(r):
		return FitLocal
	case !s.Area.Nationwide && r.Near() != "" && s.Area.Covers(r.Near()):
		return FitNear
	case s.Area.Nationwide:
		return FitNationwide
	}
	return fitNone
}

func compare(a, b Result, q Query) int {
	return cmp.Or(
		cmpBool(a.Service.PartlyServes(q.Need), b.Service.PartlyServes(q.Need)),
		cmp.Compare(a.Fit, b.Fit),
		-cmp.Compare(targeted(a.Service, q), targeted(b.Service, q)),
		cmp.Compare(len(a.Service.Needs), len(b.Service.Needs)),
		-cmpBool(a.Service.Speaks(string(q.Lang)), b.Service.Speaks(string(q.Lang))),
		-cmpBool(a.Service.AlwaysOpen(), b.Service.AlwaysOpen()),
	)
}

// targeted counts how many of the service's restrictions aim it at exactly
// this person's group: children's services for a child, services for
// foreigners for a foreigner.
func targeted(s *Service, q Query) int {
	n := 0
	if q.AgeKnown && q.Age.Child() && s.Eligibility.ChildrenOnly() {
		n++
	}
	if (q.Citizenship == Foreigner || q.Citizenship == Stateless) && s.Eligibility.Citizenship == Foreigner {
		n++
	}
	return n
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// crisisLines is how many hotlines for the kind of danger follow the
// emergency numbers.
const crisisLines = 2

// EmergencyContacts returns what someone in immediate danger sees first: the
// national emergency numbers that fit need n (in table order: 112, then the
// police or the ambulance), then up to two nationwide hotlines for n that
// can be phoned — round-the-clock ones first, then the most specific (so
// 150 for a mental-health crisis, 111 for violence in the family, 116 16 for
// trafficking). When n is "", or none of them is open around the clock, the
// general round-the-clock hotlines follow, so there is always one beyond
// the emergency numbers.
//
// An emergency number fits the needs it lists (112 all of them, the police
// violence and trafficking, the ambulance suicide and injuries); for n ""
// (a danger not yet named) every number that lists a need fits. A number
// that lists none (fire, gas) fits no one's situation here and is left
// out — unless no number fits n at all, as in a table whose emergency
// numbers list no needs: then all of them are shown, never none.
func (t *Table) EmergencyContacts(n Need) []Result {
	out := t.emergencyNumbers(n)
	var lines []Result
	for _, s := range t.byNeed[n] {
		if !s.Emergency && s.Area.Nationwide && hasPhone(s) {
			lines = append(lines, Result{Service: s, Org: t.orgOf[s.ID], Fit: FitNationwide, Need: n})
		}
	}
	slices.SortStableFunc(lines, func(a, b Result) int {
		return cmp.Or(-cmpBool(a.Service.AlwaysOpen(), b.Service.AlwaysOpen()),
			cmp.Compare(len(a.Service.Needs), len(b.Service.Needs)))
	})
	lines = lines[:min(crisisLines, len(lines))]
	out = append(out, lines...)
	if slices.ContainsFunc(lines, func(r Result) bool { return r.Service.AlwaysOpen() }) {
		return out
	}
	for _, s := range t.general {
		if s.Confirmed() && allDay(s) && !slices.ContainsFunc(lines, func(r Result) bool { return r.Service == s }) {
			out = append(out, Result{Service: s, Org: t.orgOf[s.ID], Fit: FitFallback, Need: n})
		}
	}
	return out
}

// emergencyNumbers returns the confirmed emergency numbers that fit n, or
// all of them when none does.
func (t *Table) emergencyNumbers(n Need) []Result {
	var fit, all []Result
	for _, s := range t.emergency {
		if !s.Confirmed() {
			continue
		}
		r := Result{Service: s, Org: t.orgOf[s.ID], Fit: FitNationwide}
		all = append(all, r)
		if n == "" && len(s.Needs) > 0 || n != "" && slices.Contains(s.Needs, n) {
			fit = append(fit, r)
		}
	}
	if len(fit) == 0 {
		return all
	}
	return fit
}

// hasPhone reports whether the service has a confirmed phone number.
func hasPhone(s *Service) bool {
	return slices.ContainsFunc(s.Contacts, func(c Contact) bool { return c.Kind == Phone && !c.Unconfirmed })
}
