package gazetteer

import (
	"strings"
	"testing"

	"github.com/komek-kz/komek/referrals"
)

func FuzzParsePlaces(f *testing.F) {
	data, err := referrals.Gazetteer.ReadFile(PlacesFile)
	if err != nil {
		f.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	f.Add(strings.Join(lines[:min(len(lines), 12)], ""))
	f.Add(placesHeader + "akmola\tvillage\t50\t70\tА\tА\tA\tx;y\tx\n")
	f.Add(placesHeader + "\t\t\t\t\t\t\t\t\n")
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := ParsePlaces(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, p := range ps {
			if !p.Region.Valid() || !p.Kind.Valid() || p.KK == "" || p.RU == "" || p.EN == "" || len(p.Names) < 1 {
				t.Fatalf("accepted an invalid place: %+v", p)
			}
			if p.Lat < minLat || p.Lat > maxLat || p.Lon < minLon || p.Lon > maxLon {
				t.Fatalf("accepted a place outside Kazakhstan: %+v", p)
			}
		}
		g, err := New(ps, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		x := g.Index(nil)
		for _, p := range ps {
			if len(x.Place(strings.ToLower(p.KK))) == 0 && strings.TrimSpace(p.KK) != "" {
				t.Fatalf("indexed place not found by its name %q", p.KK)
			}
		}
	})
}

func FuzzParseCountries(f *testing.F) {
	data, err := referrals.Gazetteer.ReadFile(CountriesFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data))
	f.Add("code\tkk\tru\ten\tother\tdemonyms_kk\tdemonyms_ru\tdemonyms_en\nUZ\tӨ\tУ\tU\t\tө\tу\tu\n")
	f.Fuzz(func(t *testing.T, s string) {
		cs, err := ParseCountries(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, c := range cs {
			if !isoCode.MatchString(c.Code) || len(c.Demonyms)+len(c.Ethnic) == 0 || c.KK == "" || c.RU == "" || c.EN == "" {
				t.Fatalf("accepted an invalid country: %+v", c)
			}
		}
	})
}
