package crisis

import (
	"bufio"
	"fmt"
	"strings"
	"unicode"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral"
)

// A lexicon file is plain text, one phrase a line, under section headers:
//
//	# comment
//	[suicide]          phrases of this kind of danger: suicide, violence, held, child, danger
//	хочу умер*|сдохнуть
//	[not]              words that, just before a phrase or inside its span, cancel it: "не", "dont"
//	[not-after]        words that cancel a phrase they follow: Kazakh "жоқ", "емес"
//	[safe]             phrases that cancel a phrase they overlap: "не хочу умирать"
//	[filler]           words a ^phrase may be surrounded by: "пожалуйста", "please"
//	[words]            named groups of words: "@hit = бьёт|бьют|избива*"
//
// A phrase is words separated by spaces. In a phrase:
//
//	word     the word, or, when it folds to five letters or more, the word
//	         with one typo (same first letter); in a word of four letters,
//	         two neighbouring letters swapped
//	stem*    any word starting with stem (three letters or more), with a
//	         typo as for a word
//	=word    no typo allowed (also =stem*)
//	a|b|c    any of these words
//	^        (at the start of the line) the phrase must be the whole
//	         message, apart from [filler] words: "^помогите"
//	>        (at the start of the line) the words must come in the order
//	         written: "> hit* son|daughter" is not "my son hit his head"
//	@name    any word of the group name (also among alternatives: "@hit|душит")
//
// A group is defined in [words], one line "@name = word|stem*|=word", and
// may be defined again, in the same file or in another language's file:
// the detector joins every definition of a name. So "@partner @hit" in
// kk.txt, with «күйеуім» in kk.txt's @partner and «бьёт» in ru.txt's @hit,
// matches «күйеуім бьёт» — people mix Kazakh and Russian in one message,
// and a phrase whose words come from one file only would miss it. Name the
// groups in English and keep each meaning's word forms in one group, so a
// verb form added once counts in every phrase.
//
// Otherwise the words of a phrase may come in any order. At most three
// other words may stand among them. Everything is folded as typed text is (see fold.go), so
// Cyrillic phrases also match their Latin spellings.
type lexicon struct {
	lang     referral.Lang
	phrases  []rawPhrase
	not      []string
	notAfter []string
	filler   []string
	groups   map[string][]rawWord // [words]: this file's part of each group
}

// rawPhrase is a phrase as written, before its words are indexed.
type rawPhrase struct {
	kind    dialog.Crisis
	safe    bool
	whole   bool
	ordered bool
	slots   [][]rawWord
	line    int
	text    string
}

// rawWord is one folded word pattern.
type rawWord struct {
	text  string
	stem  bool
	exact bool          // no typo allowed
	group string        // "@name": the words of a group, joined from every file
	lang  referral.Lang // the lexicon the word was written in
}

const (
	minStem  = 3 // letters in a stem
	minSwap  = 4 // letters in a word or stem that may have two neighbouring letters swapped ("wnat")
	minFuzzy = 5 // letters in a word or stem that may have any one typo
)

func parseLexicon(lang referral.Lang, name, data string) (*lexicon, error) {
	lx := &lexicon{lang: lang, groups: make(map[string][]rawWord)}
	section := ""
	sc := bufio.NewScanner(strings.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "#"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			section = line[1 : len(line)-1]
			if !knownSection(section) {
				return nil, fmt.Errorf("crisis: %s:%d: unknown section [%s]", name, n, section)
			}
			continue
		}
		if err := lx.add(section, line, n); err != nil {
			return nil, fmt.Errorf("crisis: %s:%d: %w", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("crisis: read %s: %w", name, err)
	}
	return lx, nil
}

func knownSection(s string) bool {
	_, ok := dialog.ParseCrisis(s)
	return ok || s == "not" || s == "not-after" || s == "safe" || s == "filler" || s == "words"
}

func (lx *lexicon) add(section, line string, n int) error {
	switch section {
	case "":
		return fmt.Errorf("a phrase before any [section]")
	case "words":
		return lx.addGroup(line)
	case "not", "not-after", "filler":
		for _, w := range strings.FieldsFunc(line, func(r rune) bool { return r == '|' || r == ',' || r == ' ' }) {
			folded := words(w)
			if len(folded) != 1 {
				return fmt.Errorf("%q is not one word", w)
			}
			switch section {
			case "not":
				lx.not = append(lx.not, folded[0])
			case "not-after":
				lx.notAfter = append(lx.notAfter, folded[0])
			default:
				lx.filler = append(lx.filler, folded[0])
			}
		}
		return nil
	}
	kind, _ := dialog.ParseCrisis(section)
	p, err := parsePhrase(line)
	if err != nil {
		return err
	}
	p.kind, p.safe, p.line = kind, section == "safe", n
	lx.phrases = append(lx.phrases, p)
	return nil
}

func parsePhrase(text string) (rawPhrase, error) {
	p := rawPhrase{text: text}
	text, p.ordered = strings.CutPrefix(text, ">")
	text, p.whole = strings.CutPrefix(strings.TrimSpace(text), "^")
	for _, field := range strings.Fields(text) {
		alts := strings.Split(field, "|")
		var slot []rawWord
		for _, a := range alts {
			ws, err := parseWord(a)
			if err != nil {
				return p, err
			}
			if len(ws) > 1 && len(alts) > 1 {
				return p, fmt.Errorf("%q: an alternative must be one word", a)
			}
			if len(ws) > 1 { // "ұрып-соғады": a hyphenated word is two words
				for _, w := range ws {
					p.slots = append(p.slots, []rawWord{w})
				}
				continue
			}
			slot = append(slot, ws...)
		}
		if len(slot) > 0 {
			p.slots = append(p.slots, slot)
		}
	}
	if len(p.slots) == 0 {
		return p, fmt.Errorf("%q has no words", p.text)
	}
	return p, nil
}

// addGroup reads a [words] line: "@name = a|b*|=c".
func (lx *lexicon) addGroup(line string) error {
	name, list, ok := strings.Cut(line, "=")
	name = strings.TrimSpace(name)
	if !ok || !validGroup(name) || strings.ContainsAny(strings.TrimSpace(list), " \t") {
		return fmt.Errorf("%q: want \"@name = word|stem*|=word\" (one word per alternative)", line)
	}
	for _, a := range strings.Split(strings.TrimSpace(list), "|") {
		ws, err := parseWord(a)
		if err != nil {
			return err
		}
		if len(ws) != 1 || ws[0].group != "" {
			return fmt.Errorf("%q: a group holds single words, not %q", name, a)
		}
		ws[0].lang = lx.lang
		lx.groups[name] = append(lx.groups[name], ws[0])
	}
	return nil
}

// validGroup reports whether name is "@" and letters, digits or "_".
func validGroup(name string) bool {
	rest, ok := strings.CutPrefix(name, "@")
	if !ok || rest == "" {
		return false
	}
	for _, r := range rest {
		if !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// expand replaces the group references in the phrases of lx by the words
// of the groups, joined from every lexicon.
func (lx *lexicon) expand(groups map[string][]rawWord) error {
	for i := range lx.phrases {
		p := &lx.phrases[i]
		for j, slot := range p.slots {
			var out []rawWord
			for _, w := range slot {
				if w.group == "" {
					w.lang = lx.lang
					out = append(out, w)
					continue
				}
				ws, ok := groups[w.group]
				if !ok {
					return fmt.Errorf("crisis: %s.txt:%d: no [words] group %s", lx.lang, p.line, w.group)
				}
				out = append(out, ws...)
			}
			p.slots[j] = out
		}
	}
	return nil
}

// parseWord folds one word pattern; a hyphenated word gives several.
func parseWord(a string) ([]rawWord, error) {
	if strings.HasPrefix(a, "@") {
		if !validGroup(a) {
			return nil, fmt.Errorf("%q: a group name is @ and letters", a)
		}
		return []rawWord{{group: a}}, nil
	}
	exact := strings.HasPrefix(a, "=")
	a = strings.TrimPrefix(a, "=")
	stem := strings.HasSuffix(a, "*")
	a = strings.TrimSuffix(a, "*")
	if strings.ContainsAny(a, "*=^>@") {
		return nil, fmt.Errorf("%q: * only at the end of a word, = and @ only at its start, > and ^ only at the start of the line", a)
	}
	folded := words(a)
	if len(folded) == 0 {
		return nil, fmt.Errorf("%q has no letters", a)
	}
	out := make([]rawWord, len(folded))
	for i, f := range folded {
		out[i] = rawWord{text: f, exact: exact}
	}
	last := &out[len(out)-1]
	last.stem = stem
	if stem && len([]rune(last.text)) < minStem {
		return nil, fmt.Errorf("stem %q is shorter than %d letters once folded (%q)", a, minStem, last.text)
	}
	return out, nil
}
