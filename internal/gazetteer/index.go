package gazetteer

import (
	"strings"
	"unicode"
)

// Index looks places and countries up by a folded spelling: a map from
// fold(name) to every place or country that has that name. It does no
// fuzzy matching and no morphology; the caller folds and stems typed text
// with the same fold function it passed to Gazetteer.Index.
type Index struct {
	places    map[string][]Place
	countries map[string][]Country
	ethnic    map[string][]Country
	maxWords  int
}

// Index builds an Index of g under fold (strings.ToLower when fold is
// nil). Each name is indexed as written, with its hyphens read as spaces
// («Усть-Каменогорск» as «усть каменогорск») and with its hyphens and
// spaces dropped («Кызыл-Орда» as «кызылорда»), each passed through fold
// and with runs of spaces collapsed. A country's names, demonyms and
// cities are indexed for Country, its ethnic words for Ethnic.
func (g *Gazetteer) Index(fold func(string) string) *Index {
	if fold == nil {
		fold = strings.ToLower
	}
	x := &Index{places: map[string][]Place{}, countries: map[string][]Country{}, ethnic: map[string][]Country{}}
	for _, p := range g.places {
		for _, k := range x.keys(fold, p.Names) {
			x.places[k] = append(x.places[k], p)
		}
	}
	for _, c := range g.countries {
		names := append(append(append([]string(nil), c.Names...), c.Demonyms...), c.Cities...)
		for _, k := range x.keys(fold, names) {
			x.countries[k] = append(x.countries[k], c)
		}
		for _, k := range x.keys(fold, c.Ethnic) {
			x.ethnic[k] = append(x.ethnic[k], c)
		}
	}
	return x
}

// joined drops hyphens and spaces: «Кызыл-Орда» → «КызылОрда».
var joined = strings.NewReplacer("-", "", " ", "")

// collapse trims s and turns every run of white space into one space. It
// does not allocate when s is already so.
func collapse(s string) string {
	prevSpace := true
	for _, r := range s {
		space := unicode.IsSpace(r)
		if space && (r != ' ' || prevSpace) {
			return strings.Join(strings.Fields(s), " ")
		}
		prevSpace = space
	}
	if prevSpace && s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// keys returns the distinct folded keys of names, and notes the longest
// key in words.
func (x *Index) keys(fold func(string) string, names []string) []string {
	var out []string
	for _, n := range names {
		for _, v := range []string{n, strings.ReplaceAll(n, "-", " "), joined.Replace(n)} {
			k := collapse(fold(v))
			if k == "" || contains(out, k) {
				continue
			}
			out = append(out, k)
			if w := len(strings.Fields(k)); w > x.maxWords {
				x.maxWords = w
			}
		}
	}
	return out
}

// Place returns every place one of whose names folds to word (already
// folded by the caller; runs of spaces are collapsed here), in file order;
// nil when none. More than one place means the name is shared: the caller
// should ask which.
func (x *Index) Place(word string) []Place {
	return x.places[collapse(word)]
}

// Country returns every country one of whose names, demonyms or cities
// folds to word (already folded), in file order; nil when none.
func (x *Index) Country(word string) []Country {
	return x.countries[collapse(word)]
}

// MaxWords is the number of words of the longest indexed name: a caller
// scanning a message need not try longer runs of words.
func (x *Index) MaxWords() int { return x.maxWords }

// Ethnic returns every country whose ethnic words (a people that is also a
// large minority of Kazakhstan's citizens: «русская», «кореец», «немец»)
// fold to word; nil when none. Such a word does not tell citizenship: ask.
func (x *Index) Ethnic(word string) []Country {
	return x.ethnic[collapse(word)]
}
