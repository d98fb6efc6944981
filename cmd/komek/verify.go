package main

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/phone"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/tableops"
)

// verifyCmd is "komek referrals verify": it walks a coordinator through the
// contacts to check, one by one, and records each outcome in the table
// through the same all-or-nothing import as "komek referrals import"
// (directly, or through the running bot's admin endpoint).
type verifyCmd struct {
	tableFlags    `embed:""`
	feedbackFlags `embed:""`
	By            string `name:"by" env:"KOMEK_COORDINATOR" required:"" placeholder:"NAME" help:"Who is checking: your name or initials, recorded with each outcome."`
	On            string `name:"on" placeholder:"DATE" help:"The day of the checks, as 2026-12-04. Default: today (UTC)."`
	OlderThan     string `name:"older-than" default:"180d" placeholder:"AGE" help:"Also check contacts not checked for this long: 180d, 26w, 6m or 1y. Default: ${default}."`
}

// feedbackFlags say when people's reports put a service on the to-do list.
type feedbackFlags struct {
	BrokenThreshold int `name:"broken-threshold" env:"KOMEK_BROKEN_THRESHOLD" default:"3" placeholder:"N" help:"A service that people reported N times in 90 days as \"the number didn't work\" goes on the coordinators' to-do list (never hidden automatically). Default: ${default}."`
}

// brokenWindow is how far back "the number didn't work" reports count.
const brokenWindow = 90

// checkItem is one contact to check, and why.
type checkItem struct {
	org     string
	service string
	contact int // index in the service's contacts
	why     string
	// rank orders the list: reported by people first, then leads, then
	// old contacts, then services with no contact at all.
	rank int
}

func (c *verifyCmd) Run(d *deps) error {
	today := time.Now().UTC().Truncate(24 * time.Hour)
	if c.On != "" {
		t, err := time.Parse(time.DateOnly, c.On)
		if err != nil {
			return usageError{fmt.Sprintf("--on: %q is not a date such as 2026-12-04", c.On)}
		}
		today = t
	}
	age, err := parseAge(c.OlderThan)
	if err != nil {
		return err
	}
	ts, err := c.open(d.stderr, true)
	if err != nil {
		return err
	}
	defer ts.Close()
	orgs, err := ts.Table()
	if err != nil {
		return err
	}
	broken, err := brokenReports(ts, today, c.BrokenThreshold)
	if err != nil {
		return err
	}
	items := toCheck(orgs, today.AddDate(age[0], age[1], -age[2]), broken)
	fmt.Fprintf(d.stdout, "%s to check. For each: call or open it, then answer r (reached), w (wrong number), n (no answer), s (skip) or q (quit).\n", count(len(items), "contact"))
	in := bufio.NewScanner(d.stdin)
	done := 0
	for i, it := range items {
		o := findOrg(orgs, it.org)
		s, ct := findContact(o, it.service, it.contact)
		describe(d.stdout, i+1, len(items), o, s, ct, it.why)
		outcome, how, quit := askOutcome(d.stdout, in, ct)
		if quit {
			break
		}
		if outcome == "" {
			continue
		}
		record(ct, referral.Check{Outcome: outcome, By: c.By, On: today, How: how}, today)
		res, err := ts.Apply([]referral.Organization{*o}, tableops.Options{Mode: tableops.Merge})
		if err != nil {
			return err
		}
		if len(res.Problems) > 0 || !res.Applied {
			return fmt.Errorf("the table refused the outcome for %s: %v", it.service, res.Problems)
		}
		done++
		fmt.Fprintf(d.stdout, "Recorded: %s, %s.\n", outcome, status(ct))
	}
	fmt.Fprintf(d.stdout, "Done: %s recorded in %s.\n", count(done, "outcome"), ts.Where())
	return nil
}

// brokenReports counts, per service, the "didn't work" reports of the last
// brokenWindow days, keeping those at or over threshold.
func brokenReports(ts tableStore, today time.Time, threshold int) (map[string]uint64, error) {
	counts, err := ts.DayCounts(today.AddDate(0, 0, 1-brokenWindow), today)
	if err != nil {
		return nil, err
	}
	sums := map[string]uint64{}
	for _, c := range counts {
		if svc, ok := strings.CutSuffix(c.Label, " "+dialog.FeedbackBroken.Code()); ok && c.Metric == dialog.MetricFeedback {
			sums[svc] += c.N
		}
	}
	for svc, n := range sums {
		if threshold < 1 || n < uint64(threshold) {
			delete(sums, svc)
		}
	}
	return sums, nil
}

// toCheck lists the contacts to check: first those of services people
// reported as not working, then leads, then contacts checked before cutoff,
// each in table order; last, once each, the services with no contact at
// all, to find one.
func toCheck(orgs []referral.Organization, cutoff time.Time, broken map[string]uint64) []checkItem {
	var items []checkItem
	for _, o := range orgs {
		for _, s := range o.Services {
			if len(s.Contacts) == 0 {
				items = append(items, checkItem{o.ID, s.ID, -1, "no contact yet: find one", 3})
			}
			for i, c := range s.Contacts {
				var why []string
				rank := 2
				if n, ok := broken[s.ID]; ok && !c.Unconfirmed {
					why, rank = append(why, fmt.Sprintf("people reported %d times that the number didn't work", n)), 0
				}
				if c.Unconfirmed {
					why, rank = append(why, "unconfirmed lead"), min(rank, 1)
				}
				if c.Checked.Before(cutoff) {
					why = append(why, "last checked "+c.Checked.Format(time.DateOnly))
				}
				if len(why) > 0 {
					items = append(items, checkItem{o.ID, s.ID, i, strings.Join(why, "; "), rank})
				}
			}
		}
	}
	slices.SortStableFunc(items, func(a, b checkItem) int { return a.rank - b.rank })
	return items
}

func findOrg(orgs []referral.Organization, id string) *referral.Organization {
	i := slices.IndexFunc(orgs, func(o referral.Organization) bool { return o.ID == id })
	return &orgs[i]
}

func findContact(o *referral.Organization, service string, i int) (*referral.Service, *referral.Contact) {
	j := slices.IndexFunc(o.Services, func(s referral.Service) bool { return s.ID == service })
	s := &o.Services[j]
	if i < 0 {
		return s, nil
	}
	return s, &s.Contacts[i]
}

// describe shows one item: the service, the contact with its sources, the
// notes, and what to ask on the call.
func describe(w io.Writer, n, of int, o *referral.Organization, s *referral.Service, c *referral.Contact, why string) {
	fmt.Fprintf(w, "\n[%d/%d] %s — %s (%s)\n  Why: %s.\n", n, of, s.ID, s.Name.EN, o.Name.EN, why)
	if c != nil {
		fmt.Fprintf(w, "  Contact: %s %s — source: %s (checked %s)\n", c.Kind, shownValue(c), strings.Join(c.Sources, " ; "), c.Checked.Format(time.DateOnly))
		for _, k := range c.Checks {
			fmt.Fprintf(w, "  Earlier check: %s, %s by %s (%s)\n", k.On.Format(time.DateOnly), k.Outcome, k.By, k.How)
		}
	}
	for _, notes := range []string{o.Notes, s.Notes} {
		if notes != "" {
			fmt.Fprintf(w, "  Notes: %s\n", notes)
		}
	}
	fmt.Fprintf(w, "  Ask: %s\n", strings.Join(questions(o, s), " "))
	if c == nil {
		fmt.Fprintln(w, "  There is no contact to check: find one on a page you can cite and add it to the entry's file (referrals/README.md). Answer s to go on.")
	}
}

// askOutcome reads the outcome, and for a reached contact how it was
// checked. An unreadable answer is asked again; end of input quits.
func askOutcome(w io.Writer, in *bufio.Scanner, c *referral.Contact) (referral.Outcome, string, bool) {
	for {
		fmt.Fprint(w, "  Outcome? r = reached, w = wrong number, n = no answer, s = skip, q = quit: ")
		if !in.Scan() {
			fmt.Fprintln(w)
			return "", "", true
		}
		a := strings.ToLower(strings.TrimSpace(in.Text()))
		if c == nil && a != "q" {
			return "", "", false
		}
		var o referral.Outcome
		switch a {
		case "r", "reached":
			o = referral.OutcomeReached
		case "w", "wrong", "wrong number":
			o = referral.OutcomeWrongNumber
		case "n", "no answer":
			o = referral.OutcomeNoAnswer
		case "s", "skip":
			return "", "", false
		case "q", "quit":
			return "", "", true
		default:
			fmt.Fprintln(w, "  Please answer r, w, n, s or q.")
			continue
		}
		return o, askHow(w, in, c), false
	}
}

// askHow reads how the contact was checked; empty means the usual way for
// its kind.
func askHow(w io.Writer, in *bufio.Scanner, c *referral.Contact) string {
	def := "phone"
	switch c.Kind {
	case referral.WhatsApp:
		def = "whatsapp"
	case referral.Telegram:
		def = "telegram"
	case referral.Website:
		def = "website"
	case referral.Email:
		def = "email"
	case referral.Address:
		def = "visit"
	}
	for {
		fmt.Fprintf(w, "  How (%s)? Enter for %s: ", strings.Join(referral.CheckHows, ", "), def)
		if !in.Scan() {
			return def
		}
		a := strings.ToLower(strings.TrimSpace(in.Text()))
		if a == "" {
			return def
		}
		if slices.Contains(referral.CheckHows, a) {
			return a
		}
		fmt.Fprintln(w, "  Please answer one of those words.")
	}
}

// record adds the check to the contact and marks it: reached confirms it
// (checked today); a wrong number makes it a lead again, so the bot stops
// showing it (a coordinator then deletes or corrects it); no answer changes
// only the record.
func record(c *referral.Contact, k referral.Check, today time.Time) {
	c.Checks = append(c.Checks, k)
	switch k.Outcome {
	case referral.OutcomeReached:
		c.Unconfirmed, c.Checked = false, today
	case referral.OutcomeWrongNumber:
		c.Unconfirmed = true
	}
}

func status(c *referral.Contact) string {
	if c.Unconfirmed {
		return "the contact is not shown to people"
	}
	return "the contact is confirmed and shown"
}

func shownValue(c *referral.Contact) string {
	if c.Kind == referral.Phone || c.Kind == referral.WhatsApp {
		return phone.Show(c.Value)
	}
	return c.Value
}

// questions are what to ask on the call: who answers, and what the entry
// does not know yet.
func questions(o *referral.Organization, s *referral.Service) []string {
	q := []string{fmt.Sprintf("Is this %q (%s)?", o.Name.RU, s.Name.RU), "Who can come (ages, women only, citizens only)?"}
	if !s.Hours.Known() {
		q = append(q, "When do you answer (days, hours; at night, at weekends)?")
	}
	if len(s.Languages) == 0 {
		q = append(q, "In which languages (Kazakh, Russian, others)?")
	}
	if s.Cost == referral.CostUnknown {
		q = append(q, "Is it free?")
	}
	return append(q, "Is there a better number, address or site for people to use?")
}
