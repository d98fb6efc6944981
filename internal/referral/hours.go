package referral

import (
	"errors"
	"fmt"
	"strings"
)

// Hours are opening hours: unknown, around the clock, or a weekly schedule.
// The zero value is unknown. Times are local to the service.
type Hours struct {
	// Always is set for services open 24 hours a day, 7 days a week.
	Always bool
	// Weekly is the schedule when the service is not always open.
	Weekly []Span
}

// Span is one line of a weekly schedule: the same opening on a run of days.
type Span struct {
	// First and Last are the first and last days, Monday = 0 … Sunday = 6.
	First, Last int
	// From and To are minutes after midnight; To may be 24*60.
	From, To int
}

// Known reports whether the hours are known.
func (h Hours) Known() bool { return h.Always || len(h.Weekly) > 0 }

var dayCodes = []string{"mo", "tu", "we", "th", "fr", "sa", "su"}

// ErrHours is wrapped by every error ParseHours returns.
var ErrHours = errors.New("hours")

// ParseHours reads opening hours written as "24/7", "unknown" (or ""), or a
// weekly schedule in a small subset of OpenStreetMap's opening_hours syntax:
// spans separated by ";", each days then times, as in
// "Mo-Fr 09:00-18:00; Sa 10:00-14:00".
func ParseHours(s string) (Hours, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "", "unknown":
		return Hours{}, nil
	case "24/7":
		return Hours{Always: true}, nil
	}
	var h Hours
	for _, part := range strings.Split(s, ";") {
		sp, err := parseSpan(strings.TrimSpace(part))
		if err != nil {
			return Hours{}, fmt.Errorf("%w: %q: %w", ErrHours, part, err)
		}
		h.Weekly = append(h.Weekly, sp)
	}
	return h, nil
}

func parseSpan(s string) (Span, error) {
	days, times, ok := strings.Cut(s, " ")
	if !ok {
		return Span{}, errors.New(`want days and times, as in "Mo-Fr 09:00-18:00"`)
	}
	var sp Span
	var err error
	first, last, isRange := strings.Cut(days, "-")
	if sp.First, err = parseDay(first); err != nil {
		return Span{}, err
	}
	sp.Last = sp.First
	if isRange {
		if sp.Last, err = parseDay(last); err != nil {
			return Span{}, err
		}
	}
	if sp.Last < sp.First {
		return Span{}, errors.New("days run backwards")
	}
	from, to, ok := strings.Cut(strings.TrimSpace(times), "-")
	if !ok {
		return Span{}, errors.New(`want times as "09:00-18:00"`)
	}
	if sp.From, err = parseClock(from); err != nil {
		return Span{}, err
	}
	if sp.To, err = parseClock(to); err != nil {
		return Span{}, err
	}
	if sp.To <= sp.From {
		return Span{}, errors.New("closing time is not after opening time")
	}
	return sp, nil
}

func parseDay(s string) (int, error) {
	for i, d := range dayCodes {
		if strings.EqualFold(s, d) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("unknown day %q (use Mo Tu We Th Fr Sa Su)", s)
}

func parseClock(s string) (int, error) {
	var h, m int
	if len(s) != 5 || s[2] != ':' {
		return 0, fmt.Errorf("time %q is not HH:MM", s)
	}
	if _, err := fmt.Sscanf(s, "%02d:%02d", &h, &m); err != nil || h > 24 || m > 59 || (h == 24 && m > 0) {
		return 0, fmt.Errorf("time %q is not HH:MM", s)
	}
	return h*60 + m, nil
}

// String writes the hours in the syntax ParseHours reads; unknown hours are
// "unknown".
func (h Hours) String() string {
	if h.Always {
		return "24/7"
	}
	if len(h.Weekly) == 0 {
		return "unknown"
	}
	parts := make([]string, len(h.Weekly))
	for i, sp := range h.Weekly {
		parts[i] = sp.String()
	}
	return strings.Join(parts, "; ")
}

// String writes the span as "Mo-Fr 09:00-18:00".
func (sp Span) String() string {
	days := capital(dayCodes[sp.First])
	if sp.Last != sp.First {
		days += "-" + capital(dayCodes[sp.Last])
	}
	return fmt.Sprintf("%s %02d:%02d-%02d:%02d", days, sp.From/60, sp.From%60, sp.To/60, sp.To%60)
}

func capital(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
