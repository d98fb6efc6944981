package whatsapp

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/render"
)

var tx = texts{list: "Choose", pick: "Choose one:", typeHint: "Or type its number."}

func options(n int, label string) []render.Button {
	var bs []render.Button
	for i := range n {
		bs = append(bs, render.Button{Label: label + strings.Repeat("x", i%3), Value: "v" + string(rune('a'+i))})
	}
	return bs
}

// Every layout stays within the Cloud API's limits, whatever the number
// and length of the options and the length of the question.
func TestLayoutsKeepTheLimits(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4, 9, 10, 11, 21, 30, 100} {
		for _, label := range []string{"Да", "Реабилитация ребёнка с инвалидностью и очень длинное название"} {
			for _, text := range []string{"Где вы?", strings.Repeat("Очень длинный вопрос. ", 80)} {
				m := render.Message{Kind: dialog.OutQuestion, Text: text, Options: options(n, label),
					Nav: []render.Button{{Label: "Назад", Value: "nav:back"}, {Label: "Выйти", Value: "nav:exit"}}, Step: 5, Seq: 9}
				for g := -1; g < 10; g++ {
					for _, it := range layout(m, "77010000000", 1, tx, g) {
						checkItem(t, it)
					}
				}
			}
		}
	}
}

func checkItem(t *testing.T, it outItem) {
	t.Helper()
	n := utf8.RuneCountInString
	switch {
	case len(it.Buttons) > 0:
		if len(it.Buttons) > maxButtons || n(it.Text) > maxBody || n(it.Text) == 0 {
			t.Errorf("buttons: %d, body %d", len(it.Buttons), n(it.Text))
		}
		for _, b := range it.Buttons {
			if n(b.Title) > maxButtonTitle || len(b.ID) > maxButtonID {
				t.Errorf("button %q", b.Title)
			}
		}
	case len(it.Rows) > 0:
		if len(it.Rows) > maxRows || n(it.Text) > maxBody || n(it.List) > maxListButton {
			t.Errorf("list: %d rows, body %d", len(it.Rows), n(it.Text))
		}
		for _, r := range it.Rows {
			if n(r.Title) > maxRowTitle || n(r.Desc) > maxRowDesc || len(r.ID) > maxRowID || r.Title == "" {
				t.Errorf("row %q / %q", r.Title, r.Desc)
			}
		}
	default:
		if n(it.Text) > maxText || strings.TrimSpace(it.Text) == "" {
			t.Errorf("text of %d characters", n(it.Text))
		}
	}
}

// Long texts are cut at line breaks, never lose a character but the
// breaks they were cut at, and each part keeps the limit.
func TestSplitText(t *testing.T) {
	line := strings.Repeat("ә", 100) + "\n"
	long := strings.Repeat(line, 100) // 10,100 characters
	parts := splitText(long, maxText)
	if len(parts) != 3 {
		t.Fatalf("%d parts", len(parts))
	}
	for _, p := range parts {
		if utf8.RuneCountInString(p) > maxText || strings.HasPrefix(p, "\n") || !strings.HasSuffix(p, "ә") {
			t.Errorf("a part of %d characters, not cut at a line", utf8.RuneCountInString(p))
		}
	}
	if got := strings.Join(parts, "\n"); got != strings.TrimSuffix(long, "\n") {
		t.Error("characters lost")
	}
	one := strings.Repeat("ы", 9000) // one line longer than the limit
	for _, p := range splitText(one, maxText) {
		if utf8.RuneCountInString(p) > maxText {
			t.Error("a line was not cut")
		}
	}
}

func TestChoiceIDsRoundTripAndForgeriesAreRefused(t *testing.T) {
	m := render.Message{Step: 7, Seq: 65535}
	c, err := decodeChoice(choiceID(m, "nav:back"))
	if err != nil || c.Step != 7 || c.Seq != 65535 || c.Value != "nav:back" {
		t.Fatalf("%+v %v", c, err)
	}
	for _, bad := range []string{"", "1|7|1|", "2|7|1|x", "1|x|1|a", "1|7|99999|a", "1|7|1|<script>", "g|5|1"} {
		if _, err := decodeChoice(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
