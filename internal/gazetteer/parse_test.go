package gazetteer

import (
	"errors"
	"strings"
	"testing"
)

const placesHeader = "region\tkind\tlat\tlon\tkk\tru\ten\tother\tshared\tcommon\n"

func TestParsePlacesNamesLineAndColumn(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		line, col  int
	}{
		{"unknown region", "# c\nmars\tcity_regional\t50\t70\tА\tА\tA\t\n", 3, 1},
		{"abroad is not a place", "abroad\tcity_regional\t50\t70\tА\tА\tA\t\n", 2, 1},
		{"unknown kind", "akmola\tmetropolis\t50\t70\tА\tА\tA\t\n", 2, 2},
		{"latitude not a number", "akmola\tvillage\t50,1\t70\tА\tА\tA\t\n", 2, 3},
		{"outside Kazakhstan", "akmola\tvillage\t50\t30\tА\tА\tA\t\n", 2, 4},
		{"no Russian name", "akmola\tvillage\t50\t70\tА\t\tA\t\n", 2, 6},
		{"empty alternative", "akmola\tvillage\t50\t70\tА\tА\tA\tx;;y\n", 2, 8},
		{"shared is not a name", "akmola\tvillage\t50\t70\tА\tА\tA\tx\tz\n", 2, 9},
		{"common is not a name", "akmola\tvillage\t50\t70\tА\tА\tA\tx\t\tz\n", 2, 10},
		{"too many fields", "akmola\tvillage\t50\t70\tА\tА\tA\tx\tx\tx\textra\n", 2, 0},
		{"too few fields", "akmola\tvillage\t50\t70\n", 2, 0},
	} {
		_, err := ParsePlaces(strings.NewReader(placesHeader + tc.body))
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: err = %v, want a *ParseError", tc.name, err)
			continue
		}
		if pe.Line != tc.line || pe.Column != tc.col {
			t.Errorf("%s: error at line %d column %d, want %d, %d (%v)", tc.name, pe.Line, pe.Column, tc.line, tc.col, err)
		}
	}
}

func TestParsePlacesReadsARow(t *testing.T) {
	ps, err := ParsePlaces(strings.NewReader("# comment\n\n" + placesHeader +
		"almaty_region\tcity_district\t43.35\t77.47\tЕсік\tЕсик\tEsik\tIssyk;Есик\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	p := ps[0]
	if p.Region != "almaty_region" || p.Kind != CityDistrict || p.Lat != 43.35 || p.Line != 4 {
		t.Errorf("got %+v", p)
	}
	if got := strings.Join(p.Names, "|"); got != "Есік|Есик|Esik|Issyk" {
		t.Errorf("Names = %s", got)
	}
}

func TestParseHeaderMustMatch(t *testing.T) {
	_, err := ParsePlaces(strings.NewReader("region\tkind\tlon\tlat\tkk\tru\ten\tother\n"))
	if err == nil || !strings.Contains(err.Error(), `"lon"`) {
		t.Errorf("swapped header columns: err = %v", err)
	}
	if _, err := ParsePlaces(strings.NewReader("# only a comment\n")); err == nil {
		t.Error("no header: no error")
	}
}

func TestParseCountriesRejectsDuplicatesAndBadCodes(t *testing.T) {
	h := "code\tkk\tru\ten\tother\tdemonyms_kk\tdemonyms_ru\tdemonyms_en\n"
	row := "UZ\tӨзбекстан\tУзбекистан\tUzbekistan\t\tөзбек\tузбек\tUzbek\n"
	if _, err := ParseCountries(strings.NewReader(h + row + row)); err == nil || !strings.Contains(err.Error(), "line 3, column 1") {
		t.Errorf("duplicate code: err = %v", err)
	}
	if _, err := ParseCountries(strings.NewReader(h + "uz" + row[2:])); err == nil || !strings.Contains(err.Error(), "line 2, column 1") {
		t.Errorf("lower-case code: err = %v", err)
	}
	if _, err := ParseCountries(strings.NewReader(h + "UZ\tӨ\tУ\tU\t\t\t\t\n")); err == nil || !strings.Contains(err.Error(), "column 6") {
		t.Errorf("no demonym at all: err = %v", err)
	}
	cs, err := ParseCountries(strings.NewReader(h + "RU\tРесей\tРоссия\tRussia\tРФ\t\tроссиянка\t\tорыс;русская\n"))
	if err != nil || strings.Join(cs[0].Ethnic, ",") != "орыс,русская" || strings.Join(cs[0].Names, ",") != "Ресей,Россия,Russia,РФ" {
		t.Errorf("ethnic column: %+v, %v", cs, err)
	}
}

func TestNewRejectsCityOfUnknownCountry(t *testing.T) {
	_, err := New(nil, nil, []City{{Country: "ZZ", Line: 7}})
	if err == nil || !strings.Contains(err.Error(), "line 7") {
		t.Errorf("err = %v", err)
	}
}
