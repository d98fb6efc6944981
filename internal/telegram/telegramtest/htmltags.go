package telegramtest

import (
	"fmt"
	"strconv"
	"strings"
)

// formatting are the entity types that may contain and be contained in
// any other entity except code and pre (Telegram's formatting rules).
var formatting = map[string]bool{
	"bold": true, "italic": true, "underline": true, "strikethrough": true, "spoiler": true,
}

// simpleTags maps attribute-less tags to their entity type.
var simpleTags = map[string]string{
	"b": "bold", "strong": "bold",
	"i": "italic", "em": "italic",
	"u": "underline", "ins": "underline",
	"s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
	"tg-spoiler": "spoiler",
}

// open pushes a start tag after checking that it is allowed, has the
// attributes it needs and may be nested where it is.
func (p *htmlParser) open(name string, attrs map[string]string, at int) error {
	e, err := tagEntity(name, attrs, at)
	if err != nil {
		return err
	}
	if name == "code" && p.topIs("pre") {
		// <pre><code class="language-go">: the code tag only names the
		// language of the enclosing pre entity.
		if lang, ok := strings.CutPrefix(attrs["class"], "language-"); ok {
			p.ents[p.stack[len(p.stack)-1].idx].Language = lang
		}
		p.stack = append(p.stack, openTag{name: name, start: p.units, idx: -1})
		return nil
	}
	if err := p.checkNesting(e.Type, name, at); err != nil {
		return err
	}
	p.ents = append(p.ents, e)
	p.stack = append(p.stack, openTag{name: name, ent: e, start: p.units, idx: len(p.ents) - 1})
	return nil
}

// tagEntity returns the entity a start tag produces.
func tagEntity(name string, attrs map[string]string, at int) (entity, error) {
	if t, ok := simpleTags[name]; ok {
		return entity{Type: t}, nil
	}
	switch name {
	case "span":
		if attrs["class"] != "tg-spoiler" {
			return entity{}, fmt.Errorf("tag \"span\" must have class \"tg-spoiler\" (byte offset %d)", at)
		}
		return entity{Type: "spoiler"}, nil
	case "a":
		href, ok := attrs["href"]
		if !ok || href == "" {
			return entity{}, fmt.Errorf("tag \"a\" needs a non-empty href (byte offset %d)", at)
		}
		return entity{Type: "text_link", URL: href}, nil
	case "code":
		return entity{Type: "code"}, nil
	case "pre":
		return entity{Type: "pre"}, nil
	case "blockquote":
		if _, ok := attrs["expandable"]; ok {
			return entity{Type: "expandable_blockquote"}, nil
		}
		return entity{Type: "blockquote"}, nil
	case "tg-emoji":
		id := attrs["emoji-id"]
		if id == "" {
			return entity{}, fmt.Errorf("tag \"tg-emoji\" needs emoji-id (byte offset %d)", at)
		}
		return entity{Type: "custom_emoji", CustomEmojiID: id}, nil
	case "tg-time":
		unix, err := strconv.ParseInt(attrs["unix"], 10, 64)
		if err != nil {
			return entity{}, fmt.Errorf("tag \"tg-time\" needs an integer unix attribute (byte offset %d)", at)
		}
		return entity{Type: "date_time", UnixTime: unix, DateTimeFormat: attrs["format"]}, nil
	}
	return entity{}, fmt.Errorf("unsupported start tag %q at byte offset %d", name, at)
}

// checkNesting applies Telegram's rules: nothing inside code or pre;
// blockquotes not inside blockquotes; links, code, pre, custom emoji and
// date-times not inside one another. Formatting nests freely.
func (p *htmlParser) checkNesting(typ, name string, at int) error {
	for _, o := range p.stack {
		outer := o.ent.Type
		if o.name == "code" && outer == "" {
			outer = "pre" // the language marker inside pre
		}
		switch {
		case outer == "code" || outer == "pre":
			return fmt.Errorf("tag %q inside <%s> at byte offset %d: code and pre can't contain other entities", name, o.name, at)
		case isQuote(outer) && isQuote(typ):
			return fmt.Errorf("blockquote inside blockquote at byte offset %d", at)
		case formatting[outer] || formatting[typ] || isQuote(outer) || isQuote(typ):
			continue
		default:
			return fmt.Errorf("tag %q inside <%s> at byte offset %d: %s can't contain %s", name, o.name, at, outer, typ)
		}
	}
	return nil
}

func isQuote(t string) bool { return t == "blockquote" || t == "expandable_blockquote" }

func (p *htmlParser) topIs(name string) bool {
	return len(p.stack) > 0 && p.stack[len(p.stack)-1].name == name
}
