package textnorm

import (
	"slices"
	"strings"
	"testing"
)

func TestWordsFoldsTheWaysPeopleType(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Өзіме", "ozime"},
		{"ozime", "ozime"},
		{"Озиме!!!", "ozime"},
		{"ÓZIME", "ozime"},
		{"Алматыдамын 🙏", "almatidamin"},
		{"Almatydamyn", "almatidamin"},
		{"Алматыдамын)))", "almatidamin"},
		{"ДАААА", "da"},
		{"Семее", "semee"},
		{"семье", "seme"},
		{"pomogite", "pomogite"},
		{"помогите...", "pomogite"},
		{"psiholog", "psiholog"},
		{"психолог", "psiholog"},
		{"qazaqpyn", "kazakpin"},
		{"қазақпын", "kazakpin"},
		{"Qazaqstanda", "kazakstanda"},
		{"Shymkentte", "shimkentte"},
		{"Şımkentte", "shimkentte"},
		{"ёлка Ёж", "elka ej"},
		{"муж-бьёт,помогите", "muj bet pomogite"},
	} {
		if got := strings.Join(Words(tt.in), " "); got != tt.want {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWrongLayout(t *testing.T) {
	if got, ok := FromQwerty("Fkvfns"); !ok || got != "Алматы" && got != "алматы" {
		t.Errorf("FromQwerty(Fkvfns) = %q, %v", got, ok)
	}
	if got, ok := ToQwerty("руд"); !ok || got != "hel" {
		t.Errorf("ToQwerty(руд) = %q, %v", got, ok)
	}
}

func TestBasesFindTheKnownWord(t *testing.T) {
	for _, tt := range []struct{ typed, base string }{
		{"Алматыда", "алматы"},
		{"Алматыдамын", "алматы"},
		{"Алматыданмын", "алматы"},
		{"Шымкентте", "шымкент"},
		{"Астанадамыз", "астана"},
		{"Семейде", "семей"},
		{"Қостанайға", "қостанай"},
		{"паспортым", "паспорт"},
		{"паспортымды", "паспорт"},
		{"қазақпын", "қазақ"},
		{"өзбекпін", "өзбек"},
		{"тәжікпін", "тәжік"},
		{"қырғызбын", "қырғыз"},
		{"қазақстандықпын", "қазақстан"},
		{"ozime", "ozim"},
		{"балама", "бала"},
		{"анама", "ана"},
		{"кітабым", "кітап"},
		{"мүгедектігім", "мүгедектік"},
		{"сына", "сын"},
		{"ребёнка", "ребенк"},
		{"Караганде", "караганд"},
		{"маме", "мам"},
		{"узбечка", "узбечк"},
	} {
		typed := Words(tt.typed)[0]
		base := Words(tt.base)[0]
		if got := Bases(typed); !slices.Contains(got, base) {
			t.Errorf("Bases(%q) = %q: no %q", typed, got, base)
		}
	}
}

func TestBasesNeverGoBelowThreeLetters(t *testing.T) {
	for _, w := range []string{"бар", "да", "иә", "мне", "жоқ"} {
		for _, b := range Bases(Words(w)[0]) {
			if len([]rune(b)) < 3 {
				t.Errorf("Bases(%q) has %q", w, b)
			}
		}
	}
}

func TestFormsOfPlaceNames(t *testing.T) {
	if got := Forms("semei"); !slices.Contains(got, "semee") {
		t.Errorf("Forms(semei) = %q", got)
	}
	if got := Forms("karaganda"); !slices.Contains(got, "karagande") {
		t.Errorf("Forms(karaganda) = %q", got)
	}
	if got := Forms("almati"); got != nil {
		t.Errorf("Forms(almati) = %q: Алматы does not decline", got)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Алматыдамын", "ozime", "[jxe evthtnm", "🙏🙏", "ДААААА", "Şımkent", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range Words(s) {
			if w == "" || strings.ContainsAny(w, " \t\n") {
				t.Fatalf("Words(%q) has %q", s, w)
			}
			if again := Words(w); len(again) != 1 || again[0] != w {
				t.Fatalf("Words is not idempotent on %q: %q", w, again)
			}
			for _, b := range Bases(w) {
				if len(b) >= len(w) {
					t.Fatalf("Bases(%q) has %q, not shorter", w, b)
				}
			}
		}
		FromQwerty(s)
		ToQwerty(s)
	})
}
