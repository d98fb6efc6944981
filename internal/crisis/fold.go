package crisis

import "github.com/komek-kz/komek/internal/textnorm"

// words splits text into the detector's folded words: textnorm's folding
// (see textnorm.Words), with every doubled letter squeezed, so one lexicon
// line matches the ways people type it: "өлгім келеді", "олгим келеди",
// "ölgim keledi" and "olgim keledi" all fold to "olgim keledi"; "не хочу
// жить" and "ne xochu zhit'" to "ne hochu jit".
func words(text string) []string {
	ws := textnorm.Words(text)
	for i, w := range ws {
		ws[i] = textnorm.Squeeze(w)
	}
	return ws
}

// wrongLayout returns text retyped as if the Russian layout had been on,
// and whether text had any Latin letter to retype.
func wrongLayout(text string) (string, bool) { return textnorm.FromQwerty(text) }
