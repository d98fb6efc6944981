package referralfile

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/komek-kz/komek/internal/phone"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/referrals"
)

// These tests run over the whole embedded table (referrals.FS), so that a
// coordinator's edit that breaks a rule fails here with the place to fix.

// TestTableLoadsAndValidates: every file parses with zero problems, the IDs
// are unique across files, and referral.Validate finds nothing.
func TestTableLoadsAndValidates(t *testing.T) {
	orgs, ps, err := LoadFS(referrals.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) > 0 {
		t.Fatalf("the referrals folder has problems:\n%s", lines(ps))
	}
	if len(orgs) == 0 {
		t.Fatal("the referrals folder is empty")
	}
	tbl, err := referral.NewTable(orgs)
	if err != nil {
		t.Fatalf("duplicate ID: %v", err)
	}
	if ps := referral.Validate(tbl); len(ps) > 0 {
		var b strings.Builder
		for _, p := range ps {
			b.WriteString("\n  " + p.String())
		}
		t.Fatalf("the table does not validate:%s", b.String())
	}
}

// TestTableEveryEntryComplete spells out, entry by entry, what issue 4 asks
// of the whole table, with a message a coordinator can act on. Validate
// checks most of it too; this keeps the promises visible in one place.
func TestTableEveryEntryComplete(t *testing.T) {
	tbl := loadStarter(t)
	tomorrow := time.Now().UTC().AddDate(0, 0, 1) // a day of slack for time zones
	orgIDs := map[string]bool{}
	serviceIDs := map[string]bool{}
	for _, o := range tbl.Organizations() {
		if orgIDs[o.ID] {
			t.Errorf("organisation ID %s is used twice", o.ID)
		}
		orgIDs[o.ID] = true
		checkLangs(t, o.ID+": name", o.Name)
		for i := range o.Services {
			s := &o.Services[i]
			if serviceIDs[s.ID] {
				t.Errorf("service ID %s is used twice", s.ID)
			}
			serviceIDs[s.ID] = true
			checkLangs(t, s.ID+": name", s.Name)
			checkLangs(t, s.ID+": description", s.Description)
			if len(s.Needs) == 0 && !s.Emergency {
				t.Errorf("%s: no needs", s.ID)
			}
			for _, n := range s.Needs {
				if !n.Valid() {
					t.Errorf("%s: unknown need code %q", s.ID, n)
				}
			}
			for _, r := range s.Area.Regions {
				if !r.Valid() || r == referral.Abroad {
					t.Errorf("%s: unknown region code %q", s.ID, r)
				}
			}
			if !s.Area.Nationwide && len(s.Area.Regions) == 0 && !s.Area.Abroad {
				t.Errorf("%s: no area", s.ID)
			}
			for j := range s.Contacts {
				c := &s.Contacts[j]
				where := s.ID + " contact " + c.Value
				if err := referral.CheckContactValueWith(c.Kind, c.Value, phone.Canonical); err != nil {
					t.Errorf("%s: %v", where, err)
				}
				if len(c.Sources) == 0 {
					t.Errorf("%s: no source URL", where)
				}
				for _, src := range c.Sources {
					if !strings.HasPrefix(src, "https://") && !strings.HasPrefix(src, "http://") {
						t.Errorf("%s: source %q is not a URL", where, src)
					}
				}
				if c.Checked.IsZero() {
					t.Errorf("%s: no check date", where)
				} else if c.Checked.After(tomorrow) {
					t.Errorf("%s: checked %s is in the future", where, c.Checked.Format(time.DateOnly))
				}
				if !c.Note.IsZero() {
					checkLangs(t, where+": note", c.Note)
				}
				// Other people's code is a lead, never a source on its own.
				if !c.Unconfirmed && len(c.Sources) > 0 && !slices.ContainsFunc(c.Sources, func(u string) bool {
					return !strings.Contains(u, "github.com/")
				}) {
					t.Errorf("%s: its only sources are code repositories: it can only be a lead (unconfirmed = true)", where)
				}
			}
		}
	}
}

// checkLangs fails when a text is missing in a language, when the Kazakh or
// Russian text has no Cyrillic letter (Kazakh is written in Cyrillic here),
// or when the English text has Cyrillic in it.
func checkLangs(t *testing.T, where string, x referral.Text) {
	t.Helper()
	for _, l := range x.Missing() {
		t.Errorf("%s: missing in %s", where, l)
	}
	if x.KK != "" && !hasCyrillic(x.KK) {
		t.Errorf("%s: the kk text %q has no Cyrillic letter", where, x.KK)
	}
	if x.RU != "" && !hasCyrillic(x.RU) {
		t.Errorf("%s: the ru text %q has no Cyrillic letter", where, x.RU)
	}
	if hasCyrillic(x.EN) {
		t.Errorf("%s: the en text %q has Cyrillic letters", where, x.EN)
	}
}

func hasCyrillic(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) >= 0
}

// no247Reasons documents, for each need that has no confirmed nationwide
// service open around the clock, why not and what the bot does instead.
// Match then puts the general lines (111, 150) on the first page, and a
// person in danger sees 112, 102 and 103 first in any case.
//
// When a 24/7 line for one of these needs is added, the test fails until
// the reason is removed here.
var no247Reasons = map[referral.Need]string{
	referral.NeedTrafficking: "116 16 is the national trafficking line, but no source confirms its hours; " +
		"the only round-the-clock numbers are 102 and 112 (emergency numbers, shown first to anyone in danger); " +
		"the bot adds the general line 111 to the first page",
	referral.NeedMigrant: "no migrant hotline number was found (referral-contacts.md §20, §29); 1414's and 116 16's hours " +
		"are not confirmed; the bot adds 111 and 150",
	referral.NeedChildRehab: "rehabilitation is given by centres and foundations, not by a line; none has a confirmed " +
		"round-the-clock contact; the bot adds 111 and 150",
	referral.NeedDisability: "no national 24/7 line for disability exists in the sources; the bot falls back to 111 and 150",
	referral.NeedPoverty: "material help comes from social services and charities, none with a confirmed 24/7 contact; " +
		"the bot falls back to 111 and 150",
}

// TestTableEveryNeedHasA247LineOrAReason: for every need, a confirmed
// nationwide service open 24/7 serves it, or no247Reasons says why not.
func TestTableEveryNeedHasA247LineOrAReason(t *testing.T) {
	tbl := loadStarter(t)
	for _, n := range referral.Needs {
		var lines []string
		for _, o := range tbl.Organizations() {
			for i := range o.Services {
				s := &o.Services[i]
				// Emergency numbers list needs only to say which dangers
				// they fit; they are never a result.
				if !s.Emergency && s.Serves(n) && s.Confirmed() && s.Area.Nationwide && s.AlwaysOpen() {
					lines = append(lines, s.ID)
				}
			}
		}
		reason, documented := no247Reasons[n]
		switch {
		case len(lines) == 0 && !documented:
			t.Errorf("need %s: no confirmed nationwide 24/7 service serves it; add one, or document why not in no247Reasons", n)
		case len(lines) > 0 && documented:
			t.Errorf("need %s: %v now serve it around the clock; remove its entry from no247Reasons (%q)", n, lines, reason)
		}
		if len(lines) == 0 {
			first := tbl.Match(referral.Query{Need: n})
			first = first[:min(len(first), referral.PageSize)]
			if !slices.ContainsFunc(first, func(r referral.Result) bool { return r.Service.ID == "contact-centre-111.hotline" }) {
				t.Errorf("need %s has no 24/7 line, so 111 must be on the first page: %v", n, first)
			}
		}
	}
	for n := range no247Reasons {
		if !n.Valid() {
			t.Errorf("no247Reasons has an unknown need %q", n)
		}
	}
}
