package gazetteer

import (
	"testing"

	"github.com/komek-kz/komek/internal/referral"
)

func TestIndexFindsPlacesByAnySpelling(t *testing.T) {
	x := defaultGazetteer(t).Index(nil)
	for word, want := range map[string]referral.Region{
		"усть-каменогорск": referral.EastKazakhstan,
		"усть каменогорск": referral.EastKazakhstan,
		"ust-kamenogorsk":  referral.EastKazakhstan,
		"өскемен":          referral.EastKazakhstan,
		"нур-султан":       referral.Astana,
		"нурсултан":        referral.Astana,
		"целиноград":       referral.Astana,
		"кызыл-орда":       referral.Kyzylorda,
		"кызыл орда":       referral.Kyzylorda,
		"капшагай":         referral.AlmatyRegion,
		"  семипалатинск ": referral.Abai,
		"жезказган":        referral.Ulytau,
		"талдықорған":      referral.Jetisu,
	} {
		got := x.Place(word)
		if len(got) != 1 || got[0].Region != want {
			t.Errorf("Place(%q) = %v, want one place in %s", word, regionsOf(got), want)
		}
	}
	if got := x.Place("қазақстан"); got != nil {
		t.Errorf("Place(қазақстан) = %v, want none (a country, not a place)", regionsOf(got))
	}
}

func TestIndexFindsCountriesByNameDemonymOrCity(t *testing.T) {
	x := defaultGazetteer(t).Index(nil)
	for word, want := range map[string]string{
		"узбечка":    "UZ",
		"өзбек":      "UZ",
		"ташкент":    "UZ",
		"toshkent":   "UZ",
		"рф":         "RU",
		"россиянин":  "RU",
		"бишкек":     "KG",
		"казашка":    "KZ",
		"қазақстан":  "KZ",
		"kazakhstan": "KZ",
		"тәжік":      "TJ",
	} {
		got := x.Country(word)
		if len(got) != 1 || got[0].Code != want {
			t.Errorf("Country(%q) = %v, want %s", word, codesOf(got), want)
		}
	}
}

func TestIndexUsesTheCallersFold(t *testing.T) {
	fold := func(s string) string { // a toy fold: Kazakh letters optional
		r := []rune(s)
		for i, c := range r {
			switch c {
			case 'Ө', 'ө':
				r[i] = 'о'
			case 'Қ', 'қ':
				r[i] = 'к'
			default:
				r[i] = []rune(string(c))[0]
			}
		}
		return string(r)
	}
	x := defaultGazetteer(t).Index(fold)
	if got := x.Place("оскемен"); len(got) != 1 || got[0].Region != referral.EastKazakhstan {
		t.Errorf("Place(оскемен) under a fold = %v", regionsOf(got))
	}
	if x.MaxWords() < 2 {
		t.Errorf("MaxWords() = %d, want at least 2 («Усть Каменогорск»)", x.MaxWords())
	}
}

func regionsOf(ps []Place) []referral.Region {
	var out []referral.Region
	for _, p := range ps {
		out = append(out, p.Region)
	}
	return out
}

func codesOf(cs []Country) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Code)
	}
	return out
}

func TestIndexReturnsEveryPlaceOfASharedName(t *testing.T) {
	x := defaultGazetteer(t).Index(nil)
	got := regionsOf(x.Place("ақтоғай"))
	want := []referral.Region{referral.Abai, referral.Karaganda, referral.Pavlodar}
	if len(got) != len(want) {
		t.Fatalf("Place(ақтоғай) = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Place(ақтоғай) = %v, want %v (file order)", got, want)
		}
	}
	if n := len(x.Place("aksu")); n != 2 {
		t.Errorf("Place(aksu) found %d places, want 2 (Pavlodar region, Turkistan region)", n)
	}
}

func TestIndexKeepsEthnicWordsApart(t *testing.T) {
	x := defaultGazetteer(t).Index(nil)
	if got := x.Country("русская"); got != nil {
		t.Errorf("Country(русская) = %v: an ethnic word is not a citizenship", codesOf(got))
	}
	if got := x.Ethnic("русская"); len(got) != 1 || got[0].Code != "RU" {
		t.Errorf("Ethnic(русская) = %v, want RU", codesOf(got))
	}
	if got := x.Country("россиянка"); len(got) != 1 || got[0].Code != "RU" {
		t.Errorf("Country(россиянка) = %v, want RU", codesOf(got))
	}
}

func BenchmarkIndexPlace(b *testing.B) {
	x := defaultGazetteer(b).Index(nil)
	words := []string{"алматы", "усть каменогорск", "кандыагаш", "ташкент", "нет такого"}
	for b.Loop() {
		for _, w := range words {
			x.Place(w)
			x.Country(w)
		}
	}
}

func BenchmarkBuildIndex(b *testing.B) {
	g := defaultGazetteer(b)
	for b.Loop() {
		g.Index(nil)
	}
}

func TestCollapse(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "алматы": "алматы", "усть каменогорск": "усть каменогорск",
		" усть  каменогорск\t": "усть каменогорск", "a\u00a0b": "a b", " ": "", "a ": "a",
	} {
		if got := collapse(in); got != want {
			t.Errorf("collapse(%q) = %q, want %q", in, got, want)
		}
	}
}
