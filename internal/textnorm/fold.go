package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Every word, of the lexicons and of typed text alike, is folded into one
// rough Latin spelling before matching, so that one lexicon line matches the
// ways people type it: Cyrillic or Latin, with or without Kazakh letters,
// with or without diacritics, ё or е, ь or ', й or y or i, х or h or kh or x,
// ж or zh or j, stretched letters ("плиииз"). "өлгім келеді", "олгим келеди",
// "ölgim keledi" and "olgim keledi" all fold to "olgim keledi"; "не хочу
// жить" and "ne xochu zhit'" to "ne hochu jit".

// letters maps a lower-case letter to its folded spelling. Letters not in
// the map are kept as they are (a-z, digits and the letters of other
// alphabets).
var letters = map[rune]string{
	// Russian.
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "j", 'з': "z",
	'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "h", 'ц': "c", 'ч': "ch", 'ш': "sh", 'щ': "sh",
	'ъ': "", 'ы': "i", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia",
	// Kazakh, and the letters of Uzbek, Tajik, Kyrgyz and Ukrainian
	// Cyrillic that migrants may type.
	'ә': "a", 'ғ': "g", 'қ': "k", 'ң': "n", 'ө': "o", 'ұ': "u", 'ү': "u", 'һ': "h", 'і': "i",
	'ў': "u", 'ҳ': "h", 'ҷ': "j", 'ӣ': "i", 'ӯ': "u", 'є': "e", 'ї': "i",
	// Latin letters that stand for the same sounds.
	'q': "k", 'w': "v", 'x': "h", 'y': "i",
	// Latin with diacritics (Kazakh Latin, Turkish and Uzbek keyboards).
	'á': "a", 'à': "a", 'â': "a", 'ä': "a", 'ã': "a", 'å': "a", 'ā': "a", 'æ': "a",
	'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ė': "e", 'ə': "a",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'ī': "i", 'ı': "i", 'ý': "i", 'ÿ': "i",
	'ó': "o", 'ò': "o", 'ô': "o", 'ö': "o", 'õ': "o", 'ō': "o", 'ø': "o", 'ő': "o",
	'ú': "u", 'ù': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ű': "u",
	'ñ': "n", 'ń': "n", 'ň': "n", 'ç': "ch", 'č': "ch", 'ć': "ch",
	'ş': "sh", 'š': "sh", 'ś': "sh", 'ğ': "g", 'ǵ': "g", 'ž': "j", 'ź': "z", 'ż': "z",
	'ł': "l", 'ß': "ss",
}

// apostrophes are dropped inside words: "don't", "zhit'", "o'lgim"; an
// English "'s" is dropped whole.
func apostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', '`', '´', 'ʻ':
		return true
	}
	return false
}

// digraphs are Latin spellings of one sound, folded to the letter the
// Cyrillic folding gives (ж → j, х → h, щ → sh).
var digraphs = strings.NewReplacer("shch", "sh", "sch", "sh", "zh", "j", "kh", "h", "gh", "g")

// Words splits text into folded words: lower case, one rough Latin
// spelling for Cyrillic and Latin alike, Kazakh letters optional, runs of
// three or more of one letter squeezed to one ("дааа", "плиииз"); a double
// letter is kept ("Семее" is not "семье"). Everything that is not a letter
// or a digit (punctuation, emoji, spaces) separates words.
func Words(text string) []string {
	return AppendWords(nil, text)
}

// lowTable holds the folded spelling of the letters below U+0500 (Latin
// and Cyrillic), so the common case is an array index, not a map look-up;
// lowKnown says which are mapped.
var lowTable, lowKnown = func() (t [0x500]string, k [0x500]bool) {
	for r, s := range letters {
		if r < 0x500 {
			t[r], k[r] = s, true
		}
	}
	return
}()

func fold(r rune) (string, bool) {
	if r >= 0 && r < 0x500 {
		return lowTable[r], lowKnown[r]
	}
	s, ok := letters[r]
	return s, ok
}

// AppendWords appends the folded words of text to out.
func AppendWords(out []string, text string) []string {
	var buf [64]byte
	b := buf[:0]
	flush := func() {
		if len(b) > 0 {
			out = append(out, foldWord(string(b)))
			b = b[:0]
		}
	}
	for i := 0; i < len(text); {
		r0, size := utf8.DecodeRuneInString(text[i:])
		i += size
		r := unicode.ToLower(r0)
		switch {
		case apostrophe(r) && apostropheS(text[i:]):
			i++ // English "'s": "baby's" is "baby", "he's" is "he"
		case apostrophe(r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if s, ok := fold(r); ok {
				b = append(b, s...)
			} else if !unicode.Is(unicode.Mn, r) {
				b = utf8.AppendRune(b, r)
			}
		case unicode.Is(unicode.Mn, r):
			// a combining accent: ignore it
		default:
			flush()
		}
	}
	flush()
	return out
}

// apostropheS reports that rest (the text after an apostrophe) starts with
// an s that ends the word.
func apostropheS(rest string) bool {
	if rest == "" || rest[0] != 's' && rest[0] != 'S' {
		return false
	}
	next, _ := utf8.DecodeRuneInString(rest[1:])
	return len(rest) == 1 || !unicode.IsLetter(next)
}

// foldWord applies the Latin digraphs to a word whose letters are already
// mapped and squeezes runs of three or more of one letter ("плиииз",
// "hellllp").
func foldWord(w string) string {
	for range 4 { // "zkh" → "zh" → "j": until nothing changes
		if !strings.Contains(w, "h") {
			break // every digraph has an h
		}
		r := digraphs.Replace(w)
		if r == w {
			break
		}
		w = r
	}
	if !hasRun3(w) {
		return w
	}
	rs := []rune(w)
	var b strings.Builder
	b.Grow(len(w))
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && rs[j] == rs[i] {
			j++
		}
		n := j - i
		if n >= 3 {
			n = 1
		}
		for range n {
			b.WriteRune(rs[i])
		}
		i = j
	}
	return b.String()
}

// hasRun3 reports three of one byte in a row (a run of a letter; the
// folded words are mostly ASCII, and a multi-byte run is caught too).
func hasRun3(w string) bool {
	for i := 2; i < len(w); i++ {
		if w[i] == w[i-1] && w[i] == w[i-2] {
			return true
		}
	}
	return false
}

// Squeeze returns a folded word with every run of one letter squeezed to
// one ("даа" → "да"): the crisis detector's spelling, where doubled letters
// never tell words apart.
func Squeeze(w string) string {
	var b strings.Builder
	b.Grow(len(w))
	var last rune = -1
	for _, r := range w {
		if r != last {
			b.WriteRune(r)
		}
		last = r
	}
	return b.String()
}

// qwerty maps the keys of a US keyboard to the Russian letters on the same
// keys, for text typed with the wrong layout ("[jxe evthtnm" is "хочу
// умереть").
var qwerty = map[rune]rune{
	'q': 'й', 'w': 'ц', 'e': 'у', 'r': 'к', 't': 'е', 'y': 'н', 'u': 'г', 'i': 'ш', 'o': 'щ', 'p': 'з',
	'[': 'х', ']': 'ъ', 'a': 'ф', 's': 'ы', 'd': 'в', 'f': 'а', 'g': 'п', 'h': 'р', 'j': 'о', 'k': 'л',
	'l': 'д', ';': 'ж', '\'': 'э', 'z': 'я', 'x': 'ч', 'c': 'с', 'v': 'м', 'b': 'и', 'n': 'т', 'm': 'ь',
	',': 'б', '.': 'ю', '`': 'ё', '{': 'х', '}': 'ъ', ':': 'ж', '"': 'э', '<': 'б', '>': 'ю', '~': 'ё',
}

// FromQwerty returns text retyped as if the Russian layout had been on,
// and whether text had any Latin letter to retype.
func FromQwerty(text string) (string, bool) {
	latin := false
	var b strings.Builder
	b.Grow(len(text) * 2)
	for _, r := range text {
		if r < utf8.RuneSelf {
			lr := unicode.ToLower(r)
			if c, ok := qwerty[lr]; ok {
				latin = latin || (lr >= 'a' && lr <= 'z')
				b.WriteRune(c)
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String(), latin
}

// russianKeys is qwerty the other way round: the Latin key under each
// Russian letter.
var russianKeys = func() map[rune]rune {
	m := make(map[rune]rune, len(qwerty))
	for k, v := range qwerty {
		if k >= 'a' && k <= 'z' || m[v] == 0 {
			m[v] = k
		}
	}
	return m
}()

// ToQwerty returns text retyped as if the US layout had been on (Russian
// keys for English words: "руд" is "help"), and whether text had any
// Russian letter to retype.
func ToQwerty(text string) (string, bool) {
	cyr := false
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		if c, ok := russianKeys[unicode.ToLower(r)]; ok {
			cyr = true
			b.WriteRune(c)
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), cyr
}
