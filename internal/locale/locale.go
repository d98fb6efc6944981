// Package locale loads the message catalogs and renders message IDs with
// arguments into text in Kazakh, Russian or English. It is the only package
// that imports go-i18n.
//
// Rendering never fails on the request path: Text falls back to English,
// then to the message ID, so a missing translation shows up in tests (which
// check every message in every language) and never as an error to a person.
package locale

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/komek-kz/komek/internal/referral"
)

// Catalog holds the messages of every language. It is read-only after Load
// and safe for concurrent use.
type Catalog struct {
	localizers map[referral.Lang]*i18n.Localizer
	files      map[referral.Lang]*i18n.MessageFile
	// plural holds the IDs of the messages with plural forms in English;
	// only they are given a plural count.
	plural map[string]bool
}

// Load reads kk.toml, ru.toml and en.toml from fsys. Each must exist and
// parse; completeness is checked by the package's tests, not here.
func Load(fsys fs.FS) (*Catalog, error) {
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalog{
		localizers: make(map[referral.Lang]*i18n.Localizer),
		files:      make(map[referral.Lang]*i18n.MessageFile),
		plural:     make(map[string]bool),
	}
	for _, l := range referral.Langs {
		name := string(l) + ".toml"
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("locale: read %s: %w", name, err)
		}
		mf, err := bundle.ParseMessageFileBytes(data, path.Base(name))
		if err != nil {
			return nil, fmt.Errorf("locale: parse %s: %w", name, err)
		}
		c.files[l] = mf
		c.localizers[l] = i18n.NewLocalizer(bundle, string(l))
	}
	for _, m := range c.files[referral.English].Messages {
		if m.One != "" {
			c.plural[m.ID] = true
		}
	}
	return c, nil
}

// Render returns message id in lang with args as template data. For a
// message with plural forms, the int "Count" in args selects the form. It
// returns an error when the message is missing in lang or does not render.
func (c *Catalog) Render(lang referral.Lang, id string, args map[string]any) (string, error) {
	loc, ok := c.localizers[lang]
	if !ok {
		return "", fmt.Errorf("locale: unknown language %q", lang)
	}
	cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: args}
	if n, ok := args["Count"].(int); ok && c.plural[id] {
		cfg.PluralCount = n
	}
	s, tag, err := loc.LocalizeWithTag(cfg)
	if err != nil {
		return "", fmt.Errorf("locale: %s/%s: %w", lang, id, err)
	}
	if base, _ := tag.Base(); base.String() != string(lang) {
		return "", fmt.Errorf("locale: %s/%s: %w", lang, id, ErrMissing)
	}
	return s, nil
}

// ErrMissing means a message has no translation in the language asked for.
var ErrMissing = errors.New("message missing")

// Text returns message id in lang, or in English when that fails, or the ID
// itself as a last resort. It never fails; use it on the request path.
func (c *Catalog) Text(lang referral.Lang, id string, args map[string]any) string {
	if s, err := c.Render(lang, id, args); err == nil {
		return s
	}
	if s, err := c.Render(referral.English, id, args); err == nil {
		return s
	}
	return id
}

// IDs returns the IDs of the messages in lang, sorted.
func (c *Catalog) IDs(lang referral.Lang) []string {
	mf := c.files[lang]
	if mf == nil {
		return nil
	}
	ids := make([]string, 0, len(mf.Messages))
	for _, m := range mf.Messages {
		ids = append(ids, m.ID)
	}
	sort.Strings(ids)
	return ids
}

// Lexicon returns, for every message ID that labels an option (and has no
// template arguments), the label in every language plus the comma-separated
// words of its "kw.<id>" and "kw.more.<id>" messages in every language:
// what a person may type to choose that option.
func (c *Catalog) Lexicon() map[string][]string {
	lex := make(map[string][]string)
	for _, l := range referral.Langs {
		for _, m := range c.files[l].Messages {
			id, isKeywords := strings.CutPrefix(m.ID, "kw.")
			if isKeywords {
				id = strings.TrimPrefix(id, "more.")
				for _, w := range strings.Split(m.Other, ",") {
					if w = strings.TrimSpace(w); w != "" {
						lex[id] = append(lex[id], w)
					}
				}
				continue
			}
			if m.Other != "" && !strings.Contains(m.Other, "{{") && !strings.Contains(m.Other, "\n") {
				lex[m.ID] = append(lex[m.ID], m.Other)
			}
		}
	}
	return lex
}

// Negotiate maps a language code a messenger reports ("ru", "ru-RU", "kk",
// "en-GB") to a conversation language. It reports false for any other
// language, so the bot asks. "kz", a common mistake for Kazakh, is taken as
// Kazakh.
func Negotiate(code string) (referral.Lang, bool) {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(code)), "-")
	base, _, _ = strings.Cut(base, "_")
	if base == "kz" {
		base = "kk"
	}
	l := referral.Lang(base)
	return l, l.Valid()
}
