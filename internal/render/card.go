package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/komek-kz/komek/internal/phone"
	"github.com/komek-kz/komek/internal/referral"
)

// Card renders one service as a numbered referral card: name, what it does,
// who it is for, its confirmed contacts with their hours, and when the
// contacts were checked. Unconfirmed contacts are never shown.
func (r *Renderer) Card(lang referral.Lang, n int, res referral.Result) string {
	s, o := res.Service, res.Org
	var b strings.Builder
	name := s.Name.In(lang)
	fmt.Fprintf(&b, "%d. %s", n, r.markup.Bold(r.markup.Escape(name)))
	if on := o.Name.In(lang); on != "" && !strings.Contains(name, on) && !strings.Contains(on, name) {
		fmt.Fprintf(&b, " — %s", r.markup.Escape(on))
	}
	if d := s.DescriptionFor(res.Need).In(lang); d != "" {
		b.WriteString("\n" + r.markup.Escape(d))
	}
	if tags := r.tags(lang, s, res.Fit); len(tags) > 0 {
		b.WriteString("\n" + r.markup.Escape(strings.Join(tags, " · ")))
	}
	var oldest time.Time
	for _, c := range shownContacts(s) {
		b.WriteString("\n" + r.contact(lang, s, c))
		if oldest.IsZero() || c.Checked.Before(oldest) {
			oldest = c.Checked
		}
	}
	if !oldest.IsZero() {
		b.WriteString("\n" + r.text(lang, "card.checked", map[string]any{"Date": FormatDate(lang, oldest)}))
	}
	return b.String()
}

// tags lists who the service is for, where it works when not local, and what
// it costs.
func (r *Renderer) tags(lang referral.Lang, s *referral.Service, fit referral.Fit) []string {
	var tags []string
	e := s.Eligibility
	if e.Women {
		tags = append(tags, r.cat.Text(lang, "card.women", nil))
	}
	switch {
	case e.MaxAge > 0:
		tags = append(tags, r.cat.Text(lang, "card.ages", map[string]any{"Min": e.MinAge, "Max": e.MaxAge}))
	case e.MinAge > 0:
		tags = append(tags, r.cat.Text(lang, "card.ages.from", map[string]any{"Min": e.MinAge}))
	}
	switch e.Citizenship {
	case referral.Foreigner:
		tags = append(tags, r.cat.Text(lang, "card.foreigners", nil))
	case referral.CitizenKZ:
		tags = append(tags, r.cat.Text(lang, "card.citizens", nil))
	}
	if fit == referral.FitNear && len(s.Area.Regions) > 0 {
		tags = append(tags, r.cat.Text(lang, "card.near", map[string]any{
			"Region": r.cat.Text(lang, "region."+string(s.Area.Regions[0]), nil)}))
	}
	if s.Cost != referral.CostUnknown {
		tags = append(tags, r.cat.Text(lang, "card.cost."+string(s.Cost), nil))
	}
	return tags
}

// contact renders one contact line: kind, value, purpose and hours, and its
// note. Phone numbers stay plain text so messengers make them tappable.
func (r *Renderer) contact(lang referral.Lang, s *referral.Service, c *referral.Contact) string {
	var details []string
	if c.Purpose != referral.PurposeMain {
		details = append(details, r.cat.Text(lang, "purpose."+string(c.Purpose), nil))
	}
	if c.Kind == referral.Phone || c.Kind == referral.WhatsApp || c.Kind == referral.Address {
		details = append(details, r.Hours(lang, c.HoursOr(s.Hours)))
	}
	if c.Cost != referral.CostUnknown && c.Cost != s.Cost {
		details = append(details, r.cat.Text(lang, "card.cost."+string(c.Cost), nil))
	}
	line := r.cat.Text(lang, "contact."+string(c.Kind), nil) + ": " + shown(c)
	if len(details) > 0 {
		line += " (" + strings.Join(details, ", ") + ")"
	}
	if !c.Note.IsZero() {
		line += " — " + c.Note.In(lang)
	}
	return r.markup.Escape(line)
}

// Hours renders opening hours: "around the clock", "hours not known", or
// the weekly schedule with localized day names ("Mon–Fri 09:00–18:00").
func (r *Renderer) Hours(lang referral.Lang, h referral.Hours) string {
	switch {
	case h.Always:
		return r.cat.Text(lang, "card.hours.always", nil)
	case !h.Known():
		return r.cat.Text(lang, "card.hours.unknown", nil)
	}
	days := []string{"mo", "tu", "we", "th", "fr", "sa", "su"}
	parts := make([]string, len(h.Weekly))
	for i, sp := range h.Weekly {
		d := r.cat.Text(lang, "day."+days[sp.First], nil)
		if sp.Last != sp.First {
			d += "–" + r.cat.Text(lang, "day."+days[sp.Last], nil)
		}
		parts[i] = fmt.Sprintf("%s %02d:%02d–%02d:%02d", d, sp.From/60, sp.From%60, sp.To/60, sp.To%60)
	}
	return strings.Join(parts, ", ")
}

// FormatDate writes a date the way readers of lang expect: 06.11.2025 in
// Kazakh and Russian, 6 Nov 2025 in English.
func FormatDate(lang referral.Lang, d time.Time) string {
	if lang == referral.English {
		return d.Format("2 Jan 2006")
	}
	return d.Format("02.01.2006")
}

// shown is a contact's value as a person reads it: phone and WhatsApp
// numbers grouped as they are written in Kazakhstan ("+7 708 983 28 63").
func shown(c *referral.Contact) string {
	if c.Kind == referral.Phone || c.Kind == referral.WhatsApp {
		return phone.Show(c.Value)
	}
	return c.Value
}
