// Package render turns dialog outputs into messages a channel can send:
// text in the person's language, with option buttons. It knows nothing about
// any messenger; a Markup decides how emphasis and escaping look (plain text
// for the terminal, HTML for Telegram).
package render

import (
	"fmt"
	"html"
	"slices"
	"strings"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/referral"
)

// Markup is how a channel marks up text.
type Markup interface {
	// Escape makes dynamic text safe to put in a message.
	Escape(s string) string
	// Bold wraps already-escaped text in emphasis.
	Bold(s string) string
}

// Plain is markup for plain-text channels: nothing is escaped or emphasised.
type Plain struct{}

// Escape returns s unchanged.
func (Plain) Escape(s string) string { return s }

// Bold returns s unchanged.
func (Plain) Bold(s string) string { return s }

// HTML is Telegram's HTML parse mode: <, > and & are escaped; bold is <b>.
type HTML struct{}

// Escape escapes s for Telegram HTML.
func (HTML) Escape(s string) string { return html.EscapeString(s) }

// Bold wraps s in <b>.
func (HTML) Bold(s string) string { return "<b>" + s + "</b>" }

// Button is one choice a person can press or type the number of.
type Button struct {
	Label string
	Value string
}

// Message is one message to send.
type Message struct {
	Kind dialog.OutputKind
	Text string
	// Options and Nav are the buttons of a question; Step and Seq identify
	// the question for callback data.
	Options []Button
	Nav     []Button
	Step    dialog.StepID
	Seq     uint16
	// Answers, on a question, is the line of the answers given so far,
	// written like an echo ("✓ Мигрантам · Алматы"); "" when there are
	// none. A channel that edits one message into the next question shows
	// it above the question.
	Answers string
}

// Renderer renders outputs with a catalog and a markup. It is safe for
// concurrent use.
type Renderer struct {
	cat    *locale.Catalog
	markup Markup
}

// New returns a Renderer.
func New(cat *locale.Catalog, markup Markup) *Renderer {
	return &Renderer{cat: cat, markup: markup}
}

// Escape escapes dynamic text for the renderer's markup.
func (r *Renderer) Escape(s string) string { return r.markup.Escape(s) }

// Render renders outputs in lang, one message per output, in order. A
// conversation with no language yet is rendered in English, except the
// language question, which is trilingual.
func (r *Renderer) Render(lang referral.Lang, outs []dialog.Output) []Message {
	if !lang.Valid() {
		lang = referral.English
	}
	msgs := make([]Message, 0, len(outs))
	for _, o := range outs {
		msgs = append(msgs, r.one(lang, o))
	}
	return msgs
}

func (r *Renderer) one(lang referral.Lang, o dialog.Output) Message {
	m := Message{Kind: o.Kind, Step: o.Step, Seq: o.Seq}
	head := r.text(lang, o.Msg, o.Args)
	switch o.Kind {
	case dialog.OutResults:
		first := 1
		if shown, ok := o.Args["Shown"].(int); ok {
			first = shown - len(o.Results) + 1 // later pages go on counting
		}
		m.Text = r.results(lang, head, first, o.Results)
	case dialog.OutEmergency:
		m.Text = r.emergency(lang, head, o.Results)
	case dialog.OutAlso:
		m.Text = r.also(lang, head, o.Results)
	case dialog.OutEcho:
		m.Text = r.echo(lang, o.Options)
		return m // the options are what was understood, not buttons
	default: // OutNoted too: its text is the toast
		m.Text = head
	}
	if len(o.Answers) > 0 {
		m.Answers = r.echo(lang, o.Answers)
	}
	for _, opt := range o.Options {
		label := opt.Name.In(lang)
		if opt.Name.IsZero() {
			label = r.cat.Text(lang, opt.Label, nil)
		}
		m.Options = append(m.Options, Button{Label: label, Value: opt.Value})
	}
	for _, opt := range o.Nav {
		m.Nav = append(m.Nav, Button{Label: r.cat.Text(lang, opt.Label, nil), Value: opt.Value})
	}
	return m
}

// text renders a catalog message; catalog text is trusted markup-free
// prose, so it is escaped like any other text.
func (r *Renderer) text(lang referral.Lang, id string, args dialog.Args) string {
	if id == "" {
		return ""
	}
	return r.markup.Escape(r.cat.Text(lang, id, args))
}

func (r *Renderer) results(lang referral.Lang, head string, first int, rs []referral.Result) string {
	var b strings.Builder
	b.WriteString(head)
	for i, res := range rs {
		b.WriteString("\n\n")
		b.WriteString(r.Card(lang, first+i, res))
	}
	return b.String()
}

// emergency renders the emergency numbers as short lines, number first, so
// they can be read at a glance and tapped. A contact's note stays on its
// card: in this list it would only repeat the numbers around it ("if in
// danger, call 102 or 112" under 112 and 102).
func (r *Renderer) emergency(lang referral.Lang, head string, rs []referral.Result) string {
	var b strings.Builder
	b.WriteString(r.markup.Bold(head))
	for _, res := range rs {
		for _, c := range shownContacts(res.Service) {
			if c.Kind != referral.Phone {
				continue
			}
			name := strings.TrimLeft(strings.TrimPrefix(res.Service.Name.In(lang), c.Value), " —-:")
			name = strings.TrimSpace(strings.TrimSuffix(name, " "+c.Value)) // «Телефон доверия 150»
			fmt.Fprintf(&b, "\n%s — %s", r.markup.Bold(r.markup.Escape(shown(c))), r.markup.Escape(name))
			break
		}
	}
	return b.String()
}

// echo says which options typed text was taken for: "✓ Алматы", or for a
// situation in one message "✓ Мигрантам: … · Алматы".
func (r *Renderer) echo(lang referral.Lang, opts []dialog.Option) string {
	labels := make([]string, 0, len(opts))
	for _, o := range opts {
		labels = append(labels, r.markup.Escape(r.cat.Text(lang, o.Label, nil)))
	}
	return "✓ " + strings.Join(labels, " · ")
}

// also names services whose contacts are not confirmed, without contacts.
func (r *Renderer) also(lang referral.Lang, head string, rs []referral.Result) string {
	names := make([]string, 0, len(rs))
	for _, res := range rs {
		name := res.Org.Name.In(lang)
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return head + " " + r.markup.Escape(strings.Join(names, "; ")) + "."
}

// shownContacts returns the contacts a person may see: confirmed ones only.
func shownContacts(s *referral.Service) []*referral.Contact {
	var cs []*referral.Contact
	for i := range s.Contacts {
		if !s.Contacts[i].Unconfirmed {
			cs = append(cs, &s.Contacts[i])
		}
	}
	return cs
}
