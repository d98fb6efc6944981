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

// roughFold is a stand-in for the dialog's normaliser, stricter than
// strings.ToLower: Kazakh letters optional, ё as е. Data tests use it to
// find names that a real normaliser would merge.
func roughFold(s string) string {
	return strings.NewReplacer("ё", "е", "ә", "а", "ғ", "г", "қ", "к", "ң", "н", "ө", "о",
		"ұ", "у", "ү", "у", "һ", "х", "і", "и", "’", "'").Replace(strings.ToLower(s))
}

// The data may grow, never silently shrink: raise these when adding rows.
const (
	minPlaces    = 272
	minCountries = 38
	minCities    = 127
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
	kinds := map[Kind]int{}
	for _, p := range g.Places() {
		kinds[p.Kind]++
	}
	t.Logf("%d places %v, %d countries, %d cities abroad", len(g.Places()), kinds, len(g.Countries()), len(g.Cities()))
}

// Every region has its administrative centre, of the right kind.
func TestEveryRegionHasItsCentre(t *testing.T) {
	centres := map[referral.Region]string{
		referral.Astana: "Астана", referral.Almaty: "Алматы", referral.Shymkent: "Шымкент",
		referral.Abai: "Семей", referral.Akmola: "Көкшетау", referral.Aktobe: "Ақтөбе",
		referral.AlmatyRegion: "Қонаев", referral.Atyrau: "Атырау", referral.EastKazakhstan: "Өскемен",
		referral.Jetisu: "Талдықорған", referral.Karaganda: "Қарағанды", referral.Kostanay: "Қостанай",
		referral.Kyzylorda: "Қызылорда", referral.Mangystau: "Ақтау", referral.NorthKazakhstan: "Петропавл",
		referral.Pavlodar: "Павлодар", referral.Turkistan: "Түркістан", referral.Ulytau: "Жезқазған",
		referral.WestKazakhstan: "Орал", referral.Zhambyl: "Тараз",
	}
	x := defaultGazetteer(t).Index(nil)
	for _, r := range referral.Regions {
		if r == referral.Abroad {
			continue
		}
		name, ok := centres[r]
		if !ok {
			t.Errorf("region %s: no centre in this test", r)
			continue
		}
		got := x.Place(strings.ToLower(name))
		if len(got) != 1 || got[0].Region != r || (got[0].Kind != CityRegional && got[0].Kind != CityRepublican) {
			t.Errorf("centre of %s: Place(%s) = %+v, want one city in %s", r, name, got, r)
		}
	}
}

// One spelling, folded, names places in one region only — unless every
// row that has it lists it in its "shared" column.
func TestNoUnmarkedSharedNames(t *testing.T) {
	x := defaultGazetteer(t).Index(roughFold)
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
		if contains(probe.keys(roughFold, []string{s}), key) {
			return true
		}
	}
	return false
}

// A word is a place of Kazakhstan or something abroad, never both: the
// region question would not know which. (Cities that share a name with a
// place here are left out of cities-abroad.tsv; its header lists them.)
func TestNoNameIsBothHereAndAbroad(t *testing.T) {
	x := defaultGazetteer(t).Index(roughFold)
	for k, cs := range x.countries {
		if ps := x.places[k]; ps != nil {
			t.Errorf("%q names %s (line %d of places.tsv) and %s (line %d of countries.tsv or a city abroad)", k, ps[0].KK, ps[0].Line, cs[0].Code, cs[0].Line)
		}
	}
}

func TestEveryCountryHasItsNames(t *testing.T) {
	g := defaultGazetteer(t)
	if c := g.Countries()[0]; c.Code != "KZ" {
		t.Errorf("countries.tsv starts with %s, want KZ", c.Code)
	}
	for _, c := range g.Countries() {
		if c.KK == "" || c.RU == "" || c.EN == "" || len(c.Demonyms)+len(c.Ethnic) == 0 {
			t.Errorf("line %d: %s lacks a name or demonym", c.Line, c.Code)
		}
		if c.Code != "KZ" && len(c.Cities) == 0 {
			t.Errorf("line %d: %s has no city in cities-abroad.tsv", c.Line, c.Code)
		}
	}
}

// A country word means one country (the ethnic words may name several).
func TestNoCountryWordNamesTwoCountries(t *testing.T) {
	x := defaultGazetteer(t).Index(roughFold)
	for k, cs := range x.countries {
		if len(cs) > 1 {
			t.Errorf("%q names %s (line %d) and %s (line %d)", k, cs[0].Code, cs[0].Line, cs[1].Code, cs[1].Line)
		}
	}
}

// The gazetteer agrees with referral.RegionAliases, the older hand-made
// list: a name both know maps to the same region.
func TestAgreesWithRegionAliases(t *testing.T) {
	x := defaultGazetteer(t).Index(roughFold)
	known := 0
	for alias, want := range referral.RegionAliases {
		ps := x.Place(roughFold(alias))
		if want == referral.Abroad {
			if ps != nil {
				t.Errorf("RegionAliases has %q abroad, places.tsv has it in %s (line %d)", alias, ps[0].Region, ps[0].Line)
			}
			continue
		}
		if ps == nil {
			continue
		}
		known++
		found := false
		for _, p := range ps {
			found = found || p.Region == want
		}
		if !found {
			t.Errorf("RegionAliases has %q in %s, places.tsv in %s (line %d)", alias, want, ps[0].Region, ps[0].Line)
		}
	}
	t.Logf("%d of %d RegionAliases are places of places.tsv", known, len(referral.RegionAliases))
}

// Place names that are also everyday words are marked "common", so that a
// caller scanning free text does not read «для семей» as Semey or «есік»
// (a door) as Esik. This list is a guard, not the whole set: extend it when
// a misreading is reported.
func TestEverydayWordsAreMarkedCommon(t *testing.T) {
	everyday := []string{"семей", "есік", "шу", "абай", "арал", "шар", "жем", "алға", "алга", "темір",
		"теңіз", "достық", "дружба", "верный", "глубокое", "рудный", "орал", "аса", "құлан", "саты", "шелек"}
	x := defaultGazetteer(t).Index(nil)
	for _, w := range everyday {
		ps := x.Place(w)
		if ps == nil {
			t.Errorf("%q: no longer a place name; remove it from this test", w)
		}
		for _, p := range ps {
			marked := false
			for _, c := range p.Common {
				marked = marked || strings.ToLower(c) == w
			}
			if !marked {
				t.Errorf("line %d: %q is an everyday word; list it in the common column", p.Line, w)
			}
		}
	}
}
