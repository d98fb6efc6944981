package gazetteer

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/komek-kz/komek/internal/referral"
)

// Kind is what a place is, in Kazakhstan's administrative classification.
type Kind string

// The kinds of place, largest first.
const (
	CityRepublican Kind = "city_republican" // Astana, Almaty, Shymkent
	CityRegional   Kind = "city_regional"   // a city of regional status
	CityDistrict   Kind = "city_district"   // a town of district status
	DistrictCentre Kind = "district_centre" // a rural district's centre (аудан орталығы)
	Village        Kind = "village"         // another settlement people name
)

// Valid reports whether k is one of the kinds above.
func (k Kind) Valid() bool {
	switch k {
	case CityRepublican, CityRegional, CityDistrict, DistrictCentre, Village:
		return true
	}
	return false
}

// Place is one settlement of Kazakhstan.
type Place struct {
	Region   referral.Region // never referral.Abroad
	Kind     Kind
	Lat, Lon float64 // decimal degrees (WGS 84)
	KK       string  // Kazakh (Cyrillic) name
	RU       string  // Russian name
	EN       string  // English (Latin) name
	// Names is every spelling: KK, RU, EN, then the others of the file's
	// "other" column (2021 Kazakh Latin, informal Latin, old names,
	// common misspellings), without exact duplicates.
	Names []string
	// Shared lists those of Names that knowingly name a place in another
	// region too (Ақтоғай is a district centre in Pavlodar and in
	// Karaganda region); an Index returns every such place.
	Shared []string
	// Common lists those of Names that are also everyday words in Kazakh
	// or Russian (Есік "door", Шу "noise", Семей "of families", Абай
	// "careful", Глубокое "deep"): a caller should take them for the place
	// only as the whole answer to "where are you?" or with a place ending
	// («Шуда», «в Шу»), never when it finds them inside other text.
	Common []string
	Line   int // the line of the file it was read from
}

// placeColumns are the columns of places.tsv, in order; the last three
// ("other", "shared", "common") may be left out.
var placeColumns = []string{"region", "kind", "lat", "lon", "kk", "ru", "en", "other", "shared", "common"}

// Kazakhstan's bounding box in decimal degrees, with a small margin: every
// place must lie inside it.
const (
	minLat, maxLat = 40.5, 55.5
	minLon, maxLon = 46.4, 87.4
)

// ParsePlaces reads places.tsv: a header line naming placeColumns, then one
// place a line, tab-separated; '#' lines are comments. It checks every
// value (a known region other than abroad, a known kind, coordinates inside
// Kazakhstan's bounding box, kk, ru and en present, no empty list entry,
// every "shared" and "common" name one of the row's names) and reports the first bad one
// as a *ParseError naming its line and column.
func ParsePlaces(r io.Reader) ([]Place, error) {
	rows, err := readTSV(r, placeColumns, 3)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: places: %w", err)
	}
	places := make([]Place, 0, len(rows))
	for _, rw := range rows {
		p, err := parsePlace(rw)
		if err != nil {
			return nil, fmt.Errorf("gazetteer: places: %w", err)
		}
		places = append(places, p)
	}
	return places, nil
}

func parsePlace(rw row) (Place, error) {
	f := rw.fields
	p := Place{Region: referral.Region(f[0]), Kind: Kind(f[1]), KK: f[4], RU: f[5], EN: f[6], Line: rw.line}
	if !p.Region.Valid() || p.Region == referral.Abroad {
		return p, fieldErr(rw, placeColumns, 0, fmt.Errorf("unknown region %q (see internal/referral/regions.go)", f[0]))
	}
	if !p.Kind.Valid() {
		return p, fieldErr(rw, placeColumns, 1, fmt.Errorf("unknown kind %q", f[1]))
	}
	var err error
	if p.Lat, err = coord(f[2], minLat, maxLat); err != nil {
		return p, fieldErr(rw, placeColumns, 2, err)
	}
	if p.Lon, err = coord(f[3], minLon, maxLon); err != nil {
		return p, fieldErr(rw, placeColumns, 3, err)
	}
	for i := 4; i <= 6; i++ {
		if f[i] == "" {
			return p, fieldErr(rw, placeColumns, i, errors.New("missing name"))
		}
	}
	other, err := list(f[7])
	if err != nil {
		return p, fieldErr(rw, placeColumns, 7, err)
	}
	p.Names = appendNew(nil, append([]string{p.KK, p.RU, p.EN}, other...)...)
	if p.Shared, err = subset(rw, 8, p.Names); err != nil {
		return p, err
	}
	if p.Common, err = subset(rw, 9, p.Names); err != nil {
		return p, err
	}
	return p, nil
}

// subset reads the list in column i of rw: each entry must be one of names.
func subset(rw row, i int, names []string) ([]string, error) {
	l, err := list(rw.fields[i])
	if err != nil {
		return nil, fieldErr(rw, placeColumns, i, err)
	}
	for _, s := range l {
		if !contains(names, s) {
			return nil, fieldErr(rw, placeColumns, i, fmt.Errorf("%q is not one of the row's names", s))
		}
	}
	return l, nil
}

// coord parses a decimal coordinate and checks it lies in [lo, hi].
func coord(s string, lo, hi float64) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a decimal number of degrees", s)
	}
	if v < lo || v > hi {
		return 0, fmt.Errorf("%v is outside %v..%v", v, lo, hi)
	}
	return v, nil
}
