package gazetteer

import (
	"errors"
	"fmt"
	"io"
	"regexp"
)

// Country is a country people in Kazakhstan come from or travel to,
// Kazakhstan itself included (code "KZ").
type Country struct {
	Code       string // ISO 3166-1 alpha-2, upper case
	KK, RU, EN string // the country's name in each language
	// Names is every spelling of the country's name: KK, RU, EN, then the
	// others (Latin spellings, short and old names), without duplicates.
	Names []string
	// Demonyms are the words for its people, as stems: kk (өзбек: the
	// caller's morphology strips «-пін»), ru masculine, feminine and plural
	// (узбек, узбечка, узбеки), en (Uzbek, Uzbeks).
	Demonyms []string
	// Ethnic are words for a people that is also a large minority of
	// Kazakhstan's own citizens (орыс, русская, кореец, немец, уйгур): they
	// do not tell citizenship, so a caller should ask rather than assume.
	Ethnic []string
	// Cities is every spelling of its big cities (from cities-abroad.tsv).
	Cities []string
	Line   int // the line of countries.tsv it was read from
}

// countryColumns are the columns of countries.tsv, in order.
// The last one ("ethnic") is optional.
var countryColumns = []string{"code", "kk", "ru", "en", "other", "demonyms_kk", "demonyms_ru", "demonyms_en", "ethnic"}

var isoCode = regexp.MustCompile(`^[A-Z]{2}$`)

// ParseCountries reads countries.tsv: a header line naming countryColumns,
// then one country a line, tab-separated; '#' lines are comments. The code
// must be two upper-case letters and unique; kk, ru and en must be present,
// and at least one demonym or ethnic word. The first bad value is reported
// as a *ParseError naming its line and column. Cities are left empty: see
// ParseCities.
func ParseCountries(r io.Reader) ([]Country, error) {
	rows, err := readTSV(r, countryColumns, 1)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: countries: %w", err)
	}
	seen := map[string]int{}
	out := make([]Country, 0, len(rows))
	for _, rw := range rows {
		c, err := parseCountry(rw, seen)
		if err != nil {
			return nil, fmt.Errorf("gazetteer: countries: %w", err)
		}
		out = append(out, c)
	}
	return out, nil
}

func parseCountry(rw row, seen map[string]int) (Country, error) {
	f := rw.fields
	c := Country{Code: f[0], KK: f[1], RU: f[2], EN: f[3], Line: rw.line}
	if !isoCode.MatchString(c.Code) {
		return c, fieldErr(rw, countryColumns, 0, fmt.Errorf("%q is not a two-letter upper-case ISO code", c.Code))
	}
	if at, dup := seen[c.Code]; dup {
		return c, fieldErr(rw, countryColumns, 0, fmt.Errorf("%s already on line %d", c.Code, at))
	}
	seen[c.Code] = rw.line
	for i := 1; i <= 3; i++ {
		if f[i] == "" {
			return c, fieldErr(rw, countryColumns, i, errors.New("missing name"))
		}
	}
	other, err := list(f[4])
	if err != nil {
		return c, fieldErr(rw, countryColumns, 4, err)
	}
	c.Names = appendNew(nil, append([]string{c.KK, c.RU, c.EN}, other...)...)
	for i := 5; i <= 7; i++ {
		d, err := list(f[i])
		if err != nil {
			return c, fieldErr(rw, countryColumns, i, err)
		}
		c.Demonyms = appendNew(c.Demonyms, d...)
	}
	if c.Ethnic, err = list(f[8]); err != nil {
		return c, fieldErr(rw, countryColumns, 8, err)
	}
	if len(c.Demonyms)+len(c.Ethnic) == 0 {
		return c, fieldErr(rw, countryColumns, 5, errors.New("no demonym and no ethnic word"))
	}
	return c, nil
}

// City is a city outside Kazakhstan: a place people name (a country is
// found through it) and an anchor that tells NearestRegion a shared
// location near a border is abroad.
type City struct {
	Country  string // ISO code, one of countries.tsv
	Lat, Lon float64
	KK       string
	RU       string
	EN       string
	Names    []string // KK, RU, EN, then the others
	Line     int
}

// cityColumns are the columns of cities-abroad.tsv, in order.
var cityColumns = []string{"country", "lat", "lon", "kk", "ru", "en", "other"}

// ParseCities reads cities-abroad.tsv: a header line naming cityColumns,
// then one city a line. Whether the country code is known is checked by
// New, which has the countries.
func ParseCities(r io.Reader) ([]City, error) {
	rows, err := readTSV(r, cityColumns, 1)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: cities: %w", err)
	}
	out := make([]City, 0, len(rows))
	for _, rw := range rows {
		c, err := parseCity(rw)
		if err != nil {
			return nil, fmt.Errorf("gazetteer: cities: %w", err)
		}
		out = append(out, c)
	}
	return out, nil
}

func parseCity(rw row) (City, error) {
	f := rw.fields
	c := City{Country: f[0], KK: f[3], RU: f[4], EN: f[5], Line: rw.line}
	if !isoCode.MatchString(c.Country) {
		return c, fieldErr(rw, cityColumns, 0, fmt.Errorf("%q is not a two-letter upper-case ISO code", c.Country))
	}
	var err error
	if c.Lat, err = coord(f[1], -90, 90); err != nil {
		return c, fieldErr(rw, cityColumns, 1, err)
	}
	if c.Lon, err = coord(f[2], -180, 180); err != nil {
		return c, fieldErr(rw, cityColumns, 2, err)
	}
	for i := 3; i <= 5; i++ {
		if f[i] == "" {
			return c, fieldErr(rw, cityColumns, i, errors.New("missing name"))
		}
	}
	other, err := list(f[6])
	if err != nil {
		return c, fieldErr(rw, cityColumns, 6, err)
	}
	c.Names = appendNew(nil, append([]string{c.KK, c.RU, c.EN}, other...)...)
	return c, nil
}
