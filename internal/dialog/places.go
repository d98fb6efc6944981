package dialog

import (
	"slices"
	"strings"

	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/textnorm"
)

// Place is a place a person may name when asked where they are: every
// spelling of its name, and its region (referral.Abroad for a place
// outside Kazakhstan). The caller builds the list from a gazetteer, so the
// dialog stays free of data files.
type Place struct {
	Names  []string
	Region referral.Region
	// Common are those of Names that are also everyday words (Есік "door",
	// Алға "forward", Семей "of families"): they answer the region
	// question, but are not taken as a place from a situation.
	Common []string
}

// Country is a country: its names, and its demonyms as stems («өзбек»,
// «узбечка», "Uzbek"), which say a citizenship. Code "KZ" is Kazakhstan:
// its name at the region question asks for the town.
type Country struct {
	Code     string
	Names    []string
	Demonyms []string
}

// addPlaces adds the places and countries to the matcher: a place's names
// mean its region; a country's names mean abroad (at the region question)
// and a foreign citizenship; its demonyms the citizenship; Kazakhstan's
// name asks for the town, and at the citizenship question means
// Kazakhstan. Every Russian case form of a one-word name that suffix
// stripping cannot lead back to («Семее» of «Семей») is added as a known
// word, so it is never read as another word.
func (m *matcher) addPlaces(places []Place, countries []Country) {
	for _, p := range places {
		label := regionLabel(p.Region)
		var common []string
		for _, c := range p.Common {
			common = append(common, strings.Join(textnorm.Words(c), " "))
		}
		for _, n := range p.Names {
			ws := textnorm.Words(n)
			kind := kindWord
			if slices.Contains(common, strings.Join(ws, " ")) {
				kind = kindCommon // «семей», whatever the letters
			}
			m.add(label, ws, kind)
			if len(ws) == 1 {
				for _, f := range textnorm.Forms(ws[0]) {
					m.add(label, []string{f}, kindWord) // «Семее» is only the town
				}
			}
		}
	}
	m.markCommon(places)
	for _, c := range countries {
		where, citizen, kind := regionLabel(referral.Abroad), "citizenship.foreign", kindCountry
		if c.Code == "KZ" {
			where, citizen, kind = kzTown, "citizenship.kz", kindKZ
		}
		for _, n := range c.Names {
			ws := textnorm.Words(n)
			m.add(where, ws, kind)
			m.add(citizen, ws, kind)
		}
		for _, d := range c.Demonyms {
			m.add(citizen, textnorm.Words(d), kindWord)
		}
	}
}

// markCommon marks every region phrase that is one of the places' everyday
// words (the region aliases and the labels say «Семей» too), so that a
// situation takes it for the place only with a place ending or «в».
func (m *matcher) markCommon(places []Place) {
	common := map[string]bool{}
	for _, p := range places {
		for _, c := range p.Common {
			common[strings.Join(textnorm.Words(c), " ")] = true
		}
	}
	for i := range m.phrases {
		p := &m.phrases[i]
		if p.kind == kindWord && strings.HasPrefix(p.label, "region.") && common[strings.Join(p.words, " ")] {
			p.kind = kindCommon
		}
	}
}
