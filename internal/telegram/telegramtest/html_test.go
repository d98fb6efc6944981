package telegramtest

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseHTMLValid(t *testing.T) {
	tests := []struct {
		in, plain, ents string
	}{
		{"plain", "plain", ""},
		{"<b>bold</b> <strong>s</strong>", "bold s", "bold@0+4 bold@5+1"},
		{"<i>a</i><em>b</em><u>c</u><ins>d</ins><s>e</s><strike>f</strike><del>g</del>", "abcdefg",
			"italic@0+1 italic@1+1 underline@2+1 underline@3+1 strikethrough@4+1 strikethrough@5+1 strikethrough@6+1"},
		{`<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>`, "xy", "spoiler@0+1 spoiler@1+1"},
		{`<a href="https://t.me/x?a=1&amp;b=2">link</a>`, "link", "text_link@0+4(https://t.me/x?a=1&b=2)"},
		{"<b>bold <i>both</i></b>", "bold both", "bold@0+9 italic@5+4"},
		{`<a href='https://x.kz'><b>l</b></a>`, "l", "text_link@0+1(https://x.kz) bold@0+1"},
		{"<code>x &lt; y</code>", "x < y", "code@0+5"},
		{`<pre><code class="language-go">fmt.Println()</code></pre>`, "fmt.Println()", "pre@0+13[go]"},
		{"<pre>block</pre>", "block", "pre@0+5"},
		{"<blockquote>q</blockquote><blockquote expandable>e</blockquote>", "qe", "blockquote@0+1 expandable_blockquote@1+1"},
		{"<blockquote><b>q</b> <code>c</code></blockquote>", "q c", "blockquote@0+3 bold@0+1 code@2+1"},
		{`<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`, "👍", "custom_emoji@0+2"},
		{`<tg-time unix="1700000000" format="wDT">Tue</tg-time>`, "Tue", "date_time@0+3"},
		{"&lt;&gt;&amp;&quot;&#65;&#x42;&#X43;", `<>&"ABC`, ""},
		{"a > b", "a > b", ""},
		{"😀<b>x</b>", "😀x", "bold@2+1"},
		{"<B>upper</B>", "upper", "bold@0+5"},
		{"<b></b>empty", "empty", ""},
		{"<b >spaced</b >", "spaced", "bold@0+6"},
	}
	for _, tc := range tests {
		plain, ents, err := parseHTML(tc.in)
		if err != nil {
			t.Errorf("parseHTML(%q): %v", tc.in, err)
			continue
		}
		if plain != tc.plain || showEntities(ents) != tc.ents {
			t.Errorf("parseHTML(%q) = %q, %q; want %q, %q", tc.in, plain, showEntities(ents), tc.plain, tc.ents)
		}
	}
}

func showEntities(ents []entity) string {
	var parts []string
	for _, e := range ents {
		s := fmt.Sprintf("%s@%d+%d", e.Type, e.Offset, e.Length)
		if e.URL != "" {
			s += "(" + e.URL + ")"
		}
		if e.Language != "" {
			s += "[" + e.Language + "]"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestParseHTMLInvalid(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<b>x", `end tag corresponding to start tag "b"`},
		{"x</b>", "unexpected end tag"},
		{"<b><i>x</b></i>", "unmatched end tag"},
		{"Tom & Jerry", `bare "&"`},
		{"&nbsp;", "unsupported HTML entity"},
		{"&#0;", "unsupported HTML entity"},
		{"&#xD800;", "unsupported HTML entity"},
		{"1 < 2", `bare "<"`},
		{"<3", `bare "<"`},
		{"<div>x</div>", `unsupported start tag "div"`},
		{"<br/>", "unexpected"},
		{"<span>x</span>", "tg-spoiler"},
		{"<a>x</a>", "href"},
		{"<tg-emoji>x</tg-emoji>", "emoji-id"},
		{`<tg-time unix="soon">x</tg-time>`, "unix"},
		{"<b", "unclosed start tag"},
		{"<b>x</b", "unclosed end tag"},
		{`<a href="x>y</a>`, "unclosed attribute"},
		{"<code><b>x</b></code>", "can't contain"},
		{"<pre><i>x</i></pre>", "can't contain"},
		{"<blockquote><blockquote>x</blockquote></blockquote>", "blockquote inside blockquote"},
		{`<a href="https://a.kz"><a href="https://b.kz">x</a></a>`, "can't contain"},
		{`<a href="https://a.kz"><code>x</code></a>`, "can't contain"},
		{"\xff", "UTF-8"},
	}
	for _, tc := range tests {
		_, _, err := parseHTML(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseHTML(%q) error = %v, want one containing %q", tc.in, err, tc.want)
		}
	}
}

func TestCommandEntities(t *testing.T) {
	got := showEntities(commandEntities("/start ref_1 and /help@komek_test_bot, not a/b or /"))
	if want := "bot_command@0+6 bot_command@17+20"; got != want {
		t.Errorf("entities = %q, want %q", got, want)
	}
}
