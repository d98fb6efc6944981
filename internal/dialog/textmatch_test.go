package dialog

import "testing"

var testOptions = []Option{
	{Value: "almaty", Label: "region.almaty"},
	{Value: "almaty_region", Label: "region.almaty_region"},
	{Value: "astana", Label: "region.astana"},
}

var testMatcher = newMatcher(Lexicon{
	"region.almaty":        {"Almaty", "Алматы", "Alma-Ata"},
	"region.almaty_region": {"Almaty Region", "Алматинская область", "Алматы облысы"},
	"region.astana":        {"Astana", "Астана", "Нұр-Сұлтан"},
})

func TestPick(t *testing.T) {
	for typed, want := range map[string]string{
		"1": "almaty", "3": "astana", "алматы": "almaty", "алматы облысы": "almaty_region",
		"Алмата": "almaty", "нур-султан": "astana", "астане": "astana", "alma ata": "almaty",
		"4": "", "": "", "x": "", "обл": "",
	} {
		got, ok := testMatcher.pick(typed, testOptions)
		if ok != (want != "") || got != want {
			t.Errorf("pick(%q) = %q, %v; want %q", typed, got, ok, want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "abc", 0}, {"abc", "acb", 1}, {"kitten", "sitting", 3}, {"алматы", "алмата", 1}} {
		if got := EditDistance([]rune(c.a), []rune(c.b)); got != c.d {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}

// FuzzPick: any typed text either selects one of the offered options or
// none; it never panics and never invents a value.
func FuzzPick(f *testing.F) {
	for _, s := range []string{"1", "Алматы", "almaty region", "нұр сұлтан", "\xff\xfe", "ё"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		v, ok := testMatcher.pick(typed, testOptions)
		if !ok {
			return
		}
		for _, o := range testOptions {
			if o.Value == v {
				return
			}
		}
		t.Fatalf("pick(%q) invented %q", typed, v)
	})
}
