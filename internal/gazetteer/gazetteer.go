package gazetteer

import (
	"fmt"
	"io/fs"
	"sync"

	"github.com/komek-kz/komek/referrals"
)

// Gazetteer holds the places of Kazakhstan, the countries and the cities
// abroad. Build it with New or Default; it is read-only afterwards.
type Gazetteer struct {
	places    []Place
	countries []Country
	cities    []City
}

// New builds a Gazetteer from parsed data. Every city's country must be one
// of countries; each country's Cities is filled from cities (in file
// order). The slices are kept, not copied.
func New(places []Place, countries []Country, cities []City) (*Gazetteer, error) {
	at := make(map[string]int, len(countries))
	for i, c := range countries {
		at[c.Code] = i
		countries[i].Cities = nil
	}
	for _, c := range cities {
		i, ok := at[c.Country]
		if !ok {
			return nil, fmt.Errorf("gazetteer: cities: line %d, column 1 (country): %q is not in countries.tsv", c.Line, c.Country)
		}
		countries[i].Cities = appendNew(countries[i].Cities, c.Names...)
	}
	return &Gazetteer{places: places, countries: countries, cities: cities}, nil
}

// The embedded files, in referrals/.
const (
	PlacesFile    = "places.tsv"
	CountriesFile = "countries.tsv"
	CitiesFile    = "cities-abroad.tsv"
)

var defaultOnce = sync.OnceValues(func() (*Gazetteer, error) { return Load(referrals.Gazetteer) })

// Default returns the Gazetteer of the files embedded in the binary,
// parsed once. An error means a broken file was committed (the tests of
// this package catch that first).
func Default() (*Gazetteer, error) { return defaultOnce() }

// Load parses PlacesFile, CountriesFile and CitiesFile from fsys. Errors
// name the file, line and column.
func Load(fsys fs.FS) (*Gazetteer, error) {
	open := func(name string, parse func(f fs.File) error) error {
		f, err := fsys.Open(name)
		if err != nil {
			return fmt.Errorf("gazetteer: %w", err)
		}
		defer f.Close()
		if err := parse(f); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	}
	var (
		places    []Place
		countries []Country
		cities    []City
		err       error
	)
	if e := open(PlacesFile, func(f fs.File) error { places, err = ParsePlaces(f); return err }); e != nil {
		return nil, e
	}
	if e := open(CountriesFile, func(f fs.File) error { countries, err = ParseCountries(f); return err }); e != nil {
		return nil, e
	}
	if e := open(CitiesFile, func(f fs.File) error { cities, err = ParseCities(f); return err }); e != nil {
		return nil, e
	}
	return New(places, countries, cities)
}

// Places returns every place of Kazakhstan, in file order.
func (g *Gazetteer) Places() []Place { return g.places }

// Countries returns every country, in file order, Kazakhstan included.
func (g *Gazetteer) Countries() []Country { return g.countries }

// Cities returns the cities abroad, in file order.
func (g *Gazetteer) Cities() []City { return g.cities }
