package telegramtest

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// entity is a MessageEntity as Telegram returns it: offsets and lengths in
// UTF-16 code units of the plain text.
type entity struct {
	Type           string `json:"type"`
	Offset         int    `json:"offset"`
	Length         int    `json:"length"`
	URL            string `json:"url,omitempty"`
	Language       string `json:"language,omitempty"`
	CustomEmojiID  string `json:"custom_emoji_id,omitempty"`
	UnixTime       int64  `json:"unix_time,omitempty"`
	DateTimeFormat string `json:"date_time_format,omitempty"`
}

// openTag is an element on the parser's stack.
type openTag struct {
	name  string // tag name as written, lowercased
	ent   entity // entity it will produce; Type "" for <code> inside <pre>
	start int    // UTF-16 offset of its content
	idx   int    // index of its entity in htmlParser.ents, -1 if none
}

// htmlParser turns text in Telegram's HTML parse mode into plain text and
// entities, rejecting what Telegram rejects with "can't parse entities".
type htmlParser struct {
	src   string
	i     int
	out   strings.Builder
	units int // UTF-16 length of out
	stack []openTag
	ents  []entity
}

// parseHTML parses s as Telegram's parse_mode HTML. Allowed: the tags b,
// strong, i, em, u, ins, s, strike, del, tg-spoiler, span class="tg-spoiler",
// a href, code, pre (with an optional inner code class="language-…"),
// blockquote [expandable], tg-emoji emoji-id, tg-time unix [format];
// the named entities &lt; &gt; &amp; &quot; and numeric ones. A bare "<"
// or "&" is an error; a bare ">" is accepted, as Telegram does. Unknown
// attributes of allowed tags are ignored.
func parseHTML(s string) (plain string, ents []entity, err error) {
	p := &htmlParser{src: s}
	for p.i < len(s) {
		switch s[p.i] {
		case '<':
			err = p.tag()
		case '&':
			err = p.charRef()
		default:
			err = p.char()
		}
		if err != nil {
			return "", nil, err
		}
	}
	if n := len(p.stack); n > 0 {
		return "", nil, fmt.Errorf("can't find end tag corresponding to start tag %q", p.stack[n-1].name)
	}
	// Entities were reserved in order of their start tags; drop the empty
	// ones, then order by offset, longer first, outer first on ties.
	p.ents = slices.DeleteFunc(p.ents, func(e entity) bool { return e.Length == 0 })
	sort.SliceStable(p.ents, func(a, b int) bool {
		if p.ents[a].Offset != p.ents[b].Offset {
			return p.ents[a].Offset < p.ents[b].Offset
		}
		return p.ents[a].Length > p.ents[b].Length
	})
	return p.out.String(), p.ents, nil
}

func (p *htmlParser) emit(r rune) {
	p.out.WriteRune(r)
	p.units += utf16.RuneLen(r)
}

func (p *htmlParser) char() error {
	r, size := utf8.DecodeRuneInString(p.src[p.i:])
	if r == utf8.RuneError && size == 1 {
		return fmt.Errorf("text must be encoded in UTF-8 (byte offset %d)", p.i)
	}
	p.emit(r)
	p.i += size
	return nil
}

// charRef decodes an entity at p.i ('&').
func (p *htmlParser) charRef() error {
	at := p.i
	end := strings.IndexByte(p.src[at:], ';')
	if end < 0 || end > 12 {
		return fmt.Errorf("bare \"&\" at byte offset %d: write &amp;", at)
	}
	r, ok := decodeRef(p.src[at+1 : at+end])
	if !ok {
		return fmt.Errorf("unsupported HTML entity %q at byte offset %d: only &lt; &gt; &amp; &quot; and numeric entities", p.src[at:at+end+1], at)
	}
	p.emit(r)
	p.i = at + end + 1
	return nil
}

// decodeRef decodes the name between '&' and ';'.
func decodeRef(name string) (rune, bool) {
	switch name {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "quot":
		return '"', true
	}
	num, ok := strings.CutPrefix(name, "#")
	if !ok || num == "" {
		return 0, false
	}
	base := 10
	if h, ok := strings.CutPrefix(strings.ToLower(num), "x"); ok {
		num, base = h, 16
	}
	n, err := strconv.ParseUint(num, base, 32)
	if err != nil || n == 0 || !utf8.ValidRune(rune(n)) {
		return 0, false
	}
	return rune(n), true
}

// tag parses a start or end tag at p.i ('<').
func (p *htmlParser) tag() error {
	at := p.i
	if strings.HasPrefix(p.src[at:], "</") {
		return p.endTag(at)
	}
	name, attrs, next, err := scanStartTag(p.src, at)
	if err != nil {
		return err
	}
	p.i = next
	return p.open(name, attrs, at)
}

func (p *htmlParser) endTag(at int) error {
	end := strings.IndexByte(p.src[at:], '>')
	if end < 0 {
		return fmt.Errorf("unclosed end tag at byte offset %d", at)
	}
	name := strings.ToLower(strings.TrimSpace(p.src[at+2 : at+end]))
	n := len(p.stack)
	if n == 0 {
		return fmt.Errorf("unexpected end tag %q at byte offset %d", name, at)
	}
	top := p.stack[n-1]
	if name != top.name {
		return fmt.Errorf("unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", at, top.name, name)
	}
	p.stack = p.stack[:n-1]
	p.i = at + end + 1
	if top.idx >= 0 {
		e := &p.ents[top.idx]
		e.Offset, e.Length = top.start, p.units-top.start
	}
	return nil
}

// scanStartTag reads "<name attr=value ...>" at src[at:] and returns the
// lowercased name, the attributes (values decoded) and the index after '>'.
func scanStartTag(src string, at int) (string, map[string]string, int, error) {
	i := at + 1
	j := i
	for j < len(src) && (isAlnum(src[j]) || src[j] == '-') {
		j++
	}
	if j == i || !isLetter(src[i]) {
		return "", nil, 0, fmt.Errorf("bare \"<\" at byte offset %d: write &lt;", at)
	}
	name := strings.ToLower(src[i:j])
	attrs := map[string]string{}
	for {
		for j < len(src) && isSpace(src[j]) {
			j++
		}
		if j >= len(src) {
			return "", nil, 0, fmt.Errorf("unclosed start tag %q at byte offset %d", name, at)
		}
		if src[j] == '>' {
			return name, attrs, j + 1, nil
		}
		k := j
		for k < len(src) && (isAlnum(src[k]) || src[k] == '-' || src[k] == '_') {
			k++
		}
		if k == j {
			return "", nil, 0, fmt.Errorf("unexpected %q in start tag %q at byte offset %d", src[j], name, j)
		}
		attr := strings.ToLower(src[j:k])
		val, next, err := scanAttrValue(src, k)
		if err != nil {
			return "", nil, 0, err
		}
		attrs[attr], j = val, next
	}
}

// scanAttrValue reads an optional "=value" at src[i:].
func scanAttrValue(src string, i int) (string, int, error) {
	if i >= len(src) || src[i] != '=' {
		return "", i, nil
	}
	i++
	if i < len(src) && (src[i] == '"' || src[i] == '\'') {
		end := strings.IndexByte(src[i+1:], src[i])
		if end < 0 {
			return "", 0, fmt.Errorf("unclosed attribute value at byte offset %d", i)
		}
		v, err := decodeAttr(src[i+1 : i+1+end])
		return v, i + end + 2, err
	}
	j := i
	for j < len(src) && !isSpace(src[j]) && src[j] != '>' {
		j++
	}
	v, err := decodeAttr(src[i:j])
	return v, j, err
}

// decodeAttr decodes entities in an attribute value.
func decodeAttr(v string) (string, error) {
	if !strings.Contains(v, "&") {
		return v, nil
	}
	p := &htmlParser{src: v}
	for p.i < len(v) {
		var err error
		if v[p.i] == '&' {
			err = p.charRef()
		} else {
			err = p.char()
		}
		if err != nil {
			return "", fmt.Errorf("in attribute value: %w", err)
		}
	}
	return p.out.String(), nil
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isAlnum(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// utf16Len is the length of s in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
