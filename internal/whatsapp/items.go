package whatsapp

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/render"
)

// The Cloud API's limits on what the bot sends ("Interactive reply
// buttons" and "Interactive list messages"), in characters.
const (
	maxText        = 4096 // a text message's body
	maxBody        = 1024 // an interactive message's body
	maxButtons     = 3    // reply buttons in one message
	maxButtonTitle = 20
	maxRows        = 10 // list rows in all sections together
	maxRowTitle    = 24
	maxRowDesc     = 72
	maxListButton  = 20
	maxButtonID    = 256
	maxRowID       = 200
)

// outItem is one message as stored in the outbox, already rendered. To
// (the person's phone number) is sealed with the conversation's key like
// everything in the outbox, and erased with it.
type outItem struct {
	To string `json:"to"`
	// Until is when the customer-service window closes (Unix seconds):
	// a reply still queued after it is dropped, never sent.
	Until int64 `json:"u"`
	// Text is a text message's body or an interactive message's.
	Text    string   `json:"t,omitempty"`
	Buttons []choice `json:"b,omitempty"` // reply buttons
	Rows    []row    `json:"r,omitempty"` // a list message's rows
	List    string   `json:"l,omitempty"` // a list message's button
}

type choice struct {
	ID    string `json:"i"`
	Title string `json:"t"`
}

type row struct {
	ID    string `json:"i"`
	Title string `json:"t"`
	Desc  string `json:"d,omitempty"`
}

// groupPrefix starts the ID of a list row that opens a group of options.
const groupPrefix = "g|"

// texts are the catalog texts a layout needs, in the person's language.
type texts struct{ list, pick, typeHint string }

// layout turns one rendered message into outbox items. A question whose
// choices fit becomes reply buttons (at most three, titles of at most 20
// characters) or a list (at most ten rows); a question with more options
// than a list holds (the 21 regions) becomes a list of groups, and a tap
// on a group (group ≥ 0) shows the list of that group's options — two
// taps in all. The question's text also numbers the options when they do
// not fit in one list, so that typing a number or a name always works.
func layout(m render.Message, to string, until int64, t texts, group int) []outItem {
	all := append(append([]render.Button(nil), m.Options...), m.Nav...)
	if len(all) == 0 {
		return textItems(m.Text, to, until)
	}
	body := m.Text
	var it outItem
	switch {
	case group >= 0:
		it = listItem(m, groupOptions(m.Options, group), m.Nav, t)
	case len(all) <= maxButtons && fitsButtons(all):
		it = buttonsItem(m, all)
	case len(m.Options) <= maxButtons && fitsButtons(m.Options):
		// Three taps at most, rather than a list to open: the navigation
		// choices are typed (/back, /exit), as the welcome says.
		it = buttonsItem(m, m.Options)
	case len(all) <= maxRows:
		it = listItem(m, m.Options, m.Nav, t)
	case len(m.Options) <= maxRows:
		it = listItem(m, m.Options, nil, t)
	default:
		it = groupsItem(m, t)
		body = numbered(body, m.Options, t.typeHint)
	}
	it.To, it.Until = to, until
	var items []outItem
	if runes(body) > maxBody {
		items = textItems(body, to, until)
		body = t.pick
	}
	it.Text = body
	return append(items, it)
}

func buttonsItem(m render.Message, bs []render.Button) outItem {
	var it outItem
	for _, o := range bs {
		it.Buttons = append(it.Buttons, choice{ID: choiceID(m, o.Value), Title: o.Label})
	}
	return it
}

func textItems(text, to string, until int64) []outItem {
	var items []outItem
	for _, p := range splitText(text, maxText) {
		items = append(items, outItem{To: to, Until: until, Text: p})
	}
	return items
}

func fitsButtons(bs []render.Button) bool {
	for _, b := range bs {
		if runes(b.Label) > maxButtonTitle {
			return false
		}
	}
	return true
}

func listItem(m render.Message, opts, nav []render.Button, t texts) outItem {
	it := outItem{List: clip(t.list, maxListButton)}
	for _, o := range opts {
		it.Rows = append(it.Rows, labelRow(choiceID(m, o.Value), o.Label))
	}
	if len(it.Rows)+len(nav) <= maxRows {
		for _, o := range nav {
			it.Rows = append(it.Rows, labelRow(choiceID(m, o.Value), o.Label))
		}
	}
	return it
}

// labelRow is a row for a label: cut to the row title's limit, with the
// whole label as the description when it had to be cut.
func labelRow(id, label string) row {
	r := row{ID: id, Title: clip(label, maxRowTitle)}
	if r.Title != label {
		r.Desc = clip(label, maxRowDesc)
	}
	return r
}

// groups splits n options into as few groups as a list holds, of nearly
// equal size, in order.
func groups(n int) [][2]int {
	k := (n + maxRows - 1) / maxRows
	size := (n + k - 1) / k
	var gs [][2]int
	for from := 0; from < n; from += size {
		gs = append(gs, [2]int{from, min(from+size, n)})
	}
	return gs
}

func groupOptions(opts []render.Button, g int) []render.Button {
	gs := groups(len(opts))
	if g >= len(gs) {
		return opts[:0]
	}
	return opts[gs[g][0]:gs[g][1]]
}

func groupsItem(m render.Message, t texts) outItem {
	it := outItem{List: clip(t.list, maxListButton)}
	gs := groups(len(m.Options))
	for i, g := range gs {
		opts := m.Options[g[0]:g[1]]
		title := fmt.Sprintf("%d–%d: %s", g[0]+1, g[1], opts[0].Label)
		var names []string
		for _, o := range opts {
			names = append(names, o.Label)
		}
		title, desc := clip(title, maxRowTitle), clip(strings.Join(names, ", "), maxRowDesc)
		it.Rows = append(it.Rows, row{ID: groupPrefix + strconv.Itoa(int(m.Step)) + "|" + strconv.Itoa(i),
			Title: title, Desc: desc})
	}
	if len(it.Rows)+len(m.Nav) <= maxRows {
		for _, o := range m.Nav {
			it.Rows = append(it.Rows, labelRow(choiceID(m, o.Value), o.Label))
		}
	}
	return it
}

// numbered adds the options, numbered, under the question, and the hint
// that typing works.
func numbered(text string, opts []render.Button, hint string) string {
	var b strings.Builder
	b.WriteString(text)
	b.WriteString("\n")
	for i, o := range opts {
		fmt.Fprintf(&b, "\n%d. %s", i+1, o.Label)
	}
	b.WriteString("\n\n" + hint)
	return b.String()
}

// decodeGroup parses a group row's ID: the step and the group.
func decodeGroup(id string) (dialog.StepID, int, bool) {
	parts := strings.Split(strings.TrimPrefix(id, groupPrefix), "|")
	if len(parts) != 2 {
		return 0, 0, false
	}
	step, err1 := strconv.ParseUint(parts[0], 10, 8)
	g, err2 := strconv.ParseUint(parts[1], 10, 8)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return dialog.StepID(step), int(g), true
}

// Choice IDs are "1|<step>|<seq>|<value>", as Telegram's callback data: the
// dialog checks step and seq against the question it is asking.
func choiceID(m render.Message, value string) string {
	return "1|" + strconv.Itoa(int(m.Step)) + "|" + strconv.Itoa(int(m.Seq)) + "|" + value
}

var errChoice = errors.New("whatsapp: not this bot's choice")

func decodeChoice(id string) (dialog.Choice, error) {
	parts := strings.SplitN(id, "|", 4)
	if len(id) > maxRowID || len(parts) != 4 || parts[0] != "1" || parts[3] == "" {
		return dialog.Choice{}, errChoice
	}
	step, err1 := strconv.ParseUint(parts[1], 10, 8)
	seq, err2 := strconv.ParseUint(parts[2], 10, 16)
	if err1 != nil || err2 != nil {
		return dialog.Choice{}, errChoice
	}
	for _, r := range parts[3] {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("_:+-", r)) {
			return dialog.Choice{}, errChoice
		}
	}
	return dialog.Choice{Step: dialog.StepID(step), Seq: uint16(seq), Value: parts[3]}, nil
}

func runes(s string) int { return len([]rune(s)) }

// clip cuts s to at most n characters, ending with "…" when cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// splitText cuts s into parts of at most limit characters, at paragraph
// or line breaks where it can, inside a line only when the line alone is
// too long.
func splitText(s string, limit int) []string {
	if runes(s) <= limit {
		return []string{s}
	}
	var parts []string
	var cur strings.Builder
	flush := func() {
		if p := strings.TrimRight(cur.String(), "\n"); strings.TrimSpace(p) != "" {
			parts = append(parts, p)
		}
		cur.Reset()
	}
	for _, line := range strings.SplitAfter(s, "\n") {
		for runes(line) > limit {
			flush()
			r := []rune(line)
			parts = append(parts, string(r[:limit]))
			line = string(r[limit:])
		}
		if runes(cur.String())+runes(line) > limit {
			flush()
		}
		cur.WriteString(line)
	}
	flush()
	return parts
}
