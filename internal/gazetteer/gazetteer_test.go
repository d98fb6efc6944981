package gazetteer

import (
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/referral"
)

func defaultGazetteer(t testing.TB) *Gazetteer {
	t.Helper()
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// The data may grow, never silently shrink: raise these when adding rows.
const (
	minPlaces    = 20
	minCountries = 10
	minCities    = 4
)

func TestDataDoesNotShrink(t *testing.T) {
	g := defaultGazetteer(t)
	if n := len(g.Places()); n < minPlaces {
		t.Errorf("places.tsv has %d places, want at least %d", n, minPlaces)
	}
	if n := len(g.Countries()); n < minCountries {
		t.Errorf("countries.tsv has %d countries, want at least %d", n, minCountries)
	}
	if n := len(g.Cities()); n < minCities {
		t.Errorf("cities-abroad.tsv has %d cities, want at least %d", n, minCities)
	}
	t.Logf("%d places, %d countries, %d cities abroad", len(g.Places()), len(g.Countries()), len(g.Cities()))
}

// Every region has its centre: a city of republican status for the three
// cities, a city of regional status for the 17 regions.
func TestEveryRegionHasItsCentre(t *testing.T) {
	g := defaultGazetteer(t)
	centres := map[referral.Region]int{}
	for _, p := range g.Places() {
		if p.Kind == CityRepublican || p.Kind == CityRegional {
			centres[p.Region]++
		}
	}
	for _, r := range referral.Regions {
		if r == referral.Abroad {
			continue
		}
		if centres[r] == 0 {
			t.Errorf("region %s has no city in places.tsv", r)
		}
	}
}

// One spelling, folded, names places in one region only — unless every
// row that has it lists it in its "shared" column.
func TestNoUnmarkedSharedNames(t *testing.T) {
	g := defaultGazetteer(t)
	x := g.Index(nil)
	for k, ps := range x.places {
		regions := map[referral.Region]bool{}
		for _, p := range ps {
			regions[p.Region] = true
		}
		if len(regions) < 2 {
			continue
		}
		for _, p := range ps {
			if !sharedKey(p, k) {
				t.Errorf("line %d (%s): %q also names a place in another region; if both are real, list it in the shared column of every such row", p.Line, p.Region, k)
			}
		}
	}
}

func sharedKey(p Place, key string) bool {
	probe := &Index{}
	for _, s := range p.Shared {
		if contains(probe.keys(strings.ToLower, []string{s}), key) {
			return true
		}
	}
	return false
}

func TestEveryCountryHasItsNames(t *testing.T) {
	g := defaultGazetteer(t)
	seenKZ := false
	for _, c := range g.Countries() {
		seenKZ = seenKZ || c.Code == "KZ"
		if c.KK == "" || c.RU == "" || c.EN == "" || len(c.Demonyms) == 0 {
			t.Errorf("line %d: %s lacks a name or demonym", c.Line, c.Code)
		}
	}
	if !seenKZ {
		t.Error("countries.tsv has no row for Kazakhstan (KZ)")
	}
}
