package referral

// Lang is a conversation language: one of Kazakh, Russian or English.
// Codes are ISO 639-1; Kazakh is "kk", never "kz".
type Lang string

// The languages the bot speaks.
const (
	Kazakh  Lang = "kk"
	Russian Lang = "ru"
	English Lang = "en"
)

// Langs lists the conversation languages in the order they are offered.
var Langs = []Lang{Kazakh, Russian, English}

// Valid reports whether l is one of Langs.
func (l Lang) Valid() bool {
	return l == Kazakh || l == Russian || l == English
}

// Text is a piece of text in each conversation language.
type Text struct {
	KK string
	RU string
	EN string
}

// In returns the text in l, falling back to English, then Russian, then
// Kazakh when that translation is missing. A validated table has all three.
func (t Text) In(l Lang) string {
	var s string
	switch l {
	case Kazakh:
		s = t.KK
	case Russian:
		s = t.RU
	case English:
		s = t.EN
	}
	for _, alt := range []string{s, t.EN, t.RU, t.KK} {
		if alt != "" {
			return alt
		}
	}
	return ""
}

// Missing returns the languages for which t has no text.
func (t Text) Missing() []Lang {
	var m []Lang
	if t.KK == "" {
		m = append(m, Kazakh)
	}
	if t.RU == "" {
		m = append(m, Russian)
	}
	if t.EN == "" {
		m = append(m, English)
	}
	return m
}

// IsZero reports whether t has no text in any language.
func (t Text) IsZero() bool { return t == Text{} }
