package referralfile

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/komek-kz/komek/internal/referral"
)

// lineWidth is the longest list Format writes on one line; longer lists get
// one element per line.
const lineWidth = 100

// Format writes o in the canonical text of the format: keys in a fixed
// order, optional fields left out when zero, a service's hours always
// written ("unknown" when unknown), dates as TOML dates, long lists one
// element per line. For every organisation that referral.Validate accepts,
// whose Checked dates are UTC midnight and whose strings are valid UTF-8,
// Parse(Format(o)) returns o again with no problems. Comments are not part
// of an Organization, so Format does not keep those of a parsed file.
func Format(o referral.Organization) []byte {
	var w writer
	w.str("id", o.ID)
	w.str("kind", string(o.Kind))
	w.list("alt_names", o.AltNames)
	w.optStr("notes", o.Notes)
	w.text("name", o.Name)
	for i := range o.Services {
		w.service(&o.Services[i])
	}
	return []byte(w.String())
}

type writer struct{ strings.Builder }

func (w *writer) service(s *referral.Service) {
	w.header("[[service]]")
	w.str("id", s.ID)
	w.list("needs", codes(s.Needs))
	w.list("partial", codes(s.Partial))
	w.flag("emergency", s.Emergency)
	w.flag("general", s.General)
	w.list("area", areaCodes(s.Area))
	w.list("languages", s.Languages)
	w.str("hours", s.Hours.String())
	w.optStr("cost", string(s.Cost))
	w.optStr("ages", formatAges(s.Eligibility))
	w.flag("women", s.Eligibility.Women)
	w.optStr("citizenship", string(s.Eligibility.Citizenship))
	w.optStr("notes", s.Notes)
	w.text("service.name", s.Name)
	w.text("service.description", s.Description)
	for _, n := range referral.Needs {
		if txt, ok := s.NeedDescriptions[n]; ok {
			w.text("service.description_for."+string(n), txt)
		}
	}
	for i := range s.Contacts {
		w.contact(&s.Contacts[i])
	}
}

func (w *writer) contact(c *referral.Contact) {
	w.header("[[service.contact]]")
	w.str("kind", string(c.Kind))
	w.str("value", c.Value)
	w.optStr("for", string(c.Purpose))
	if c.Hours.Known() {
		w.str("hours", c.Hours.String())
	}
	w.optStr("cost", string(c.Cost))
	w.list("source", c.Sources)
	if !c.Checked.IsZero() {
		fmt.Fprintf(w, "checked = %s\n", c.Checked.Format("2006-01-02"))
	}
	w.flag("unconfirmed", c.Unconfirmed)
	w.text("service.contact.note", c.Note)
	for _, k := range c.Checks {
		w.header("[[service.contact.check]]")
		w.str("outcome", string(k.Outcome))
		w.str("by", k.By)
		fmt.Fprintf(w, "on = %s\n", k.On.Format("2006-01-02"))
		w.str("how", k.How)
	}
}

// header starts a table, after a blank line unless it is the first thing.
func (w *writer) header(h string) {
	if w.Len() > 0 {
		w.WriteString("\n")
	}
	w.WriteString(h + "\n")
}

func (w *writer) str(key, s string) { fmt.Fprintf(w, "%s = %s\n", key, quote(s)) }

func (w *writer) optStr(key, s string) {
	if s != "" {
		w.str(key, s)
	}
}

func (w *writer) flag(key string, b bool) {
	if b {
		fmt.Fprintf(w, "%s = true\n", key)
	}
}

func (w *writer) list(key string, items []string) {
	if len(items) == 0 {
		return
	}
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = quote(s)
	}
	if one := key + " = [" + strings.Join(q, ", ") + "]"; len(one) <= lineWidth {
		w.WriteString(one + "\n")
		return
	}
	w.WriteString(key + " = [\n")
	for _, s := range q {
		w.WriteString("  " + s + ",\n")
	}
	w.WriteString("]\n")
}

func (w *writer) text(table string, t referral.Text) {
	if t.IsZero() {
		return
	}
	w.header("[" + table + "]")
	w.optStr("kk", t.KK)
	w.optStr("ru", t.RU)
	w.optStr("en", t.EN)
}

func codes[T ~string](cs []T) []string {
	var out []string
	for _, c := range cs {
		out = append(out, string(c))
	}
	return out
}

func areaCodes(a referral.Area) []string {
	var out []string
	if a.Nationwide {
		out = append(out, areaNationwide)
	}
	out = append(out, codes(a.Regions)...)
	if a.Abroad {
		out = append(out, areaAbroad)
	}
	return out
}

func formatAges(e referral.Eligibility) string {
	switch {
	case e.MinAge == 0 && e.MaxAge == 0:
		return ""
	case e.MaxAge == 0:
		return strconv.Itoa(e.MinAge) + "-"
	}
	return strconv.Itoa(e.MinAge) + "-" + strconv.Itoa(e.MaxAge)
}

// quote writes s as a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
