package dialog

import "github.com/komek-kz/komek/internal/textnorm"

// age reads a typed age at the age question: a number with or without a
// unit, or an age word (через Lexicon). A bare number that is also an
// option's number, for another band, is confirmed with both bands.
func (t *turn) age(r *reading, q Output) bool {
	a := readAge(r)
	if a.numbers != 1 {
		return false
	}
	band, ok := bandOf(a.years, q.Options)
	if !ok {
		return false
	}
	if n := int(a.years); a.bare && t.s.Confirm == 0 && float64(n) == a.years && n >= 1 && n <= len(q.Options) && q.Options[n-1].Value != band {
		t.s.Confirm = uint8(n)
		t.ask(StepAge)
		return true
	}
	t.accept(band, r, a.used)
	return true
}

// confirmOptions are the two bands a bare number at the age question may
// mean: the age's band, and the option of that number.
func confirmOptions(s State) []Option {
	n := int(s.Confirm)
	s.Confirm = 0
	_, opts := ageQuestion(s)
	band, ok := bandOf(float64(n), opts)
	if !ok || n > len(opts) {
		return opts
	}
	return []Option{{Value: band, Label: "age." + band}, opts[n-1]}
}

// explicitAge returns the band of an age stated with its unit («5 жаста»,
// "5 years") in a situation; a bare number there is no age.
func explicitAge(r *reading, opts []Option) (string, bool) {
	a := readAge(r)
	if a.numbers != 1 || !a.unit {
		return "", false
	}
	return bandOf(a.years, opts)
}

// typedAge is an age read from typed words.
type typedAge struct {
	years   float64
	numbers int    // numbers found; only one is an age
	unit    bool   // a unit followed it (years, months, weeks)
	bare    bool   // the text is the number alone
	used    uint64 // the words of the age
}

func readAge(r *reading) typedAge {
	var a typedAge
	ws := r.words
	for i := 0; i < len(ws); {
		v, n := textnorm.Number(ws, i)
		if n == 0 {
			i++
			continue
		}
		a.numbers++
		a.years = v
		for k := i; k < i+n; k++ {
			a.used |= 1 << uint(k)
		}
		i += n
		if i+1 < len(ws) && len(ws[i]) == 1 && textnorm.AgeUnit(ws[i+1]) != textnorm.NoUnit {
			if d, dn := textnorm.Number(ws, i); dn == 1 && d < 10 { // "2.5 года", split by Words
				a.years += d / 10
				i++
			}
		}
		if i < len(ws) {
			switch textnorm.AgeUnit(ws[i]) {
			case textnorm.Years:
				a.unit = true
			case textnorm.Months:
				a.unit, a.years = true, a.years/12
			case textnorm.Weeks:
				a.unit, a.years = true, 0
			}
			if a.unit {
				a.used |= 1 << uint(i)
				i++
			}
		}
	}
	if a.numbers == 0 { // «год», "a year": one
		for i, w := range ws {
			if u := textnorm.AgeUnit(w); (u == textnorm.Years || u == textnorm.Months) && len(ws) <= 2 {
				a.numbers, a.unit, a.years, a.used = 1, true, 1, 1<<uint(i)
				if u == textnorm.Months {
					a.years = 1.0 / 12
				}
				break
			}
		}
	}
	a.bare = a.numbers == 1 && len(ws) == popcount(a.used) && !a.unit
	if a.years > 120 {
		a.numbers = 0
	}
	return a
}

// bandOf returns the offered band an age in years falls in.
func bandOf(years float64, opts []Option) (string, bool) {
	for _, o := range opts {
		r, ok := bandRanges[AgeBand(o.Value)]
		if !ok {
			continue
		}
		if years >= float64(r.Min) && (r.Max == 0 || years < float64(r.Max+1)) {
			return o.Value, true
		}
	}
	return "", false
}
