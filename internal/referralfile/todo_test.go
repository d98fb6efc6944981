package referralfile

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/phone"
	"github.com/komek-kz/komek/internal/referral"
)

var update = flag.Bool("update", false, "rewrite referrals/TODO.md from the referral table")

// todoPath is the coordinators' to-do list, next to the table it lists.
const todoPath = "../../referrals/TODO.md"

// TestTodoList keeps referrals/TODO.md, the coordinators' to-do list, in
// step with the table: every service nobody can be referred to yet (no
// confirmed contact), every lead, and the open questions on the services
// that are shown. Regenerate it with
//
//	go test ./internal/referralfile/ -run TestTodoList -update
func TestTodoList(t *testing.T) {
	tbl := loadStarter(t)
	got := todoList(tbl)
	if *update {
		if err := os.WriteFile(todoPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(todoPath)
	if err != nil {
		t.Fatalf("read %s: %v; create it with: go test ./internal/referralfile/ -run TestTodoList -update", todoPath, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("referrals/TODO.md is out of date with the table; regenerate it with:\n\tgo test ./internal/referralfile/ -run TestTodoList -update\nand review the diff")
	}
}

// todoList renders the to-do list in Markdown, in table order.
func todoList(tbl *referral.Table) []byte {
	var b bytes.Buffer
	var unconfirmed, leads, open int
	for _, o := range tbl.Organizations() {
		for i := range o.Services {
			s := &o.Services[i]
			if !s.Confirmed() {
				unconfirmed++
				continue
			}
			for _, c := range s.Contacts {
				if c.Unconfirmed {
					leads++
				}
			}
			if len(openQuestions(s)) > 0 {
				open++
			}
		}
	}
	b.WriteString(`# Coordinators' to-do list

<!-- Generated from the referral table; do not edit by hand. After changing
the table, regenerate it with
    go test ./internal/referralfile/ -run TestTodoList -update -->

Everything below needs a person to call, open a live page, or find a source.
How to confirm a value and mark it checked: see [README.md](README.md).
Notes are copied from the entries: they say what the sources say, what is in
conflict, and what to look for.

`)
	fmt.Fprintf(&b, "- %d services have no confirmed contact: the bot never shows them with contacts, only names them in the \"also working on this\" line (which the operator can switch off).\n", unconfirmed)
	fmt.Fprintf(&b, "- %d leads (unconfirmed contacts) sit on services that are already shown.\n", leads)
	fmt.Fprintf(&b, "- %d shown services have open questions (hours, languages or cost unknown).\n", open)

	b.WriteString("\n## 1. Services with no confirmed contact\n")
	for _, o := range tbl.Organizations() {
		var todo []*referral.Service
		for i := range o.Services {
			if !o.Services[i].Confirmed() {
				todo = append(todo, &o.Services[i])
			}
		}
		if len(todo) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n### %s (`%s`)\n\n", o.Name.EN, o.ID)
		if len(o.AltNames) > 0 {
			fmt.Fprintf(&b, "Also known as: %s.\n\n", strings.Join(o.AltNames, "; "))
		}
		if o.Notes != "" {
			fmt.Fprintf(&b, "%s\n\n", o.Notes)
		}
		for _, s := range todo {
			fmt.Fprintf(&b, "- **`%s`** — %s. Needs: %s. Area: %s.\n", s.ID, s.Name.EN, needList(s), areaList(s))
			if len(s.Contacts) == 0 {
				b.WriteString("  - Missing: any way to reach it (no phone, site, handle or address in the sources).\n")
			} else {
				b.WriteString("  - Missing: a confirmed contact; the leads below must be checked.\n")
			}
			for _, c := range s.Contacts {
				b.WriteString("  - " + leadLine(&c) + "\n")
			}
			if s.Notes != "" {
				fmt.Fprintf(&b, "  - Notes: %s\n", s.Notes)
			}
		}
	}

	b.WriteString("\n## 2. Leads on services that are shown\n\n")
	b.WriteString("These services are shown with their confirmed contacts; the leads are not shown until someone confirms them.\n\n")
	for _, o := range tbl.Organizations() {
		for i := range o.Services {
			s := &o.Services[i]
			if !s.Confirmed() {
				continue
			}
			for _, c := range s.Contacts {
				if c.Unconfirmed {
					fmt.Fprintf(&b, "- **`%s`** (%s): %s\n", s.ID, o.Name.EN, leadLine(&c))
				}
			}
		}
	}

	b.WriteString("\n## 3. Checks by coordinators\n\n")
	b.WriteString("Outcomes recorded with `komek referrals verify` (and exported to these files): reached confirms a contact, a wrong number makes it a lead again until someone corrects or deletes it, no answer is to try again.\n\n")
	checks := 0
	for _, o := range tbl.Organizations() {
		for i := range o.Services {
			s := &o.Services[i]
			for _, c := range s.Contacts {
				for _, k := range c.Checks {
					checks++
					fmt.Fprintf(&b, "- **`%s`** %s `%s`: %s, %s by %s (%s)\n", s.ID, c.Kind, shown(&c), k.On.Format(time.DateOnly), k.Outcome, k.By, k.How)
				}
			}
		}
	}
	if checks == 0 {
		b.WriteString("None recorded yet.\n")
	}

	b.WriteString("\n## 4. Open questions on services that are shown\n\n")
	b.WriteString("Unknown hours are shown to people as \"hours not known\"; unknown cost and languages are left out of the card.\n\n")
	b.WriteString("| Service | Unknown |\n|---|---|\n")
	for _, o := range tbl.Organizations() {
		for i := range o.Services {
			s := &o.Services[i]
			if !s.Confirmed() || s.Emergency {
				continue
			}
			if q := openQuestions(s); len(q) > 0 {
				fmt.Fprintf(&b, "| `%s` | %s |\n", s.ID, strings.Join(q, ", "))
			}
		}
	}
	return b.Bytes()
}

// leadLine describes one contact for the to-do list: what it is, its value,
// and where and when it was seen.
func leadLine(c *referral.Contact) string {
	status := "Lead"
	if !c.Unconfirmed {
		status = "Confirmed"
	}
	what := string(c.Kind)
	if c.Purpose != referral.PurposeMain {
		what += " (" + string(c.Purpose) + ")"
	}
	line := fmt.Sprintf("%s: %s `%s` — source: %s (checked %s)",
		status, what, shown(c), strings.Join(c.Sources, " ; "), c.Checked.Format(time.DateOnly))
	if k, ok := c.LastCheck(); ok {
		line += fmt.Sprintf("; last check %s: %s by %s (%s)", k.On.Format(time.DateOnly), k.Outcome, k.By, k.How)
	}
	return line
}

// openQuestions lists what is unknown about a service that is shown.
func openQuestions(s *referral.Service) []string {
	var q []string
	if !s.AlwaysOpen() && !s.Hours.Known() {
		q = append(q, "hours")
	}
	if len(s.Languages) == 0 {
		q = append(q, "languages")
	}
	if s.Cost == referral.CostUnknown {
		q = append(q, "cost")
	}
	return q
}

func needList(s *referral.Service) string {
	codes := make([]string, len(s.Needs))
	for i, n := range s.Needs {
		codes[i] = string(n)
	}
	return strings.Join(codes, ", ")
}

func areaList(s *referral.Service) string {
	var a []string
	if s.Area.Nationwide {
		a = append(a, "nationwide")
	}
	for _, r := range s.Area.Regions {
		a = append(a, string(r))
	}
	if s.Area.Abroad {
		a = append(a, "abroad")
	}
	return strings.Join(a, ", ")
}

// shown writes phone numbers as a person dials them.
func shown(c *referral.Contact) string {
	if c.Kind == referral.Phone || c.Kind == referral.WhatsApp {
		return phone.Show(c.Value)
	}
	return c.Value
}
