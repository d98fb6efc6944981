package referralfile

import (
	"slices"
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/phone"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/referrals"
)

// loadStarter loads the embedded starter table and fails on any problem.
func loadStarter(t *testing.T) *referral.Table {
	t.Helper()
	orgs, ps, err := LoadFS(referrals.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) > 0 {
		t.Fatalf("the referrals folder has problems:\n%s", lines(ps))
	}
	tbl, err := referral.NewTable(orgs)
	if err != nil {
		t.Fatal(err)
	}
	if ps := referral.Validate(tbl); len(ps) > 0 {
		t.Fatalf("the starter table does not validate: %v", ps)
	}
	return tbl
}

func TestStarterEmergencyNumbers(t *testing.T) {
	tbl := loadStarter(t)
	var numbers []string
	for _, o := range tbl.Organizations() {
		for i := range o.Services {
			s := &o.Services[i]
			if !s.Emergency {
				continue
			}
			if !s.Area.Nationwide || !s.AlwaysOpen() {
				t.Errorf("emergency service %s must be nationwide and 24/7", s.ID)
			}
			for _, c := range s.Contacts {
				if c.Kind == referral.Phone && !c.Unconfirmed {
					numbers = append(numbers, c.Value)
				}
			}
		}
	}
	// The bot shows them in table order: 112, police, ambulance first.
	if want := []string{"112", "102", "103", "101", "104"}; !slices.Equal(numbers, want) {
		t.Errorf("emergency numbers %v, want %v", numbers, want)
	}
	shown := tbl.EmergencyContacts("")
	if len(shown) < 3 || shown[0].Service.Contacts[0].Value != "112" {
		t.Errorf("EmergencyContacts does not start with 112: %v", shown)
	}
	// A crisis reply lists only the numbers that fit: never the fire
	// service or the gas line for violence, suicide or a child in danger.
	for n, want := range map[referral.Need][]string{
		"":                            {"112", "102", "103"},
		referral.NeedMentalHealth:     {"112", "103"},
		referral.NeedDomesticViolence: {"112", "102", "103"},
		referral.NeedChildAbuse:       {"112", "102", "103"},
		referral.NeedTrafficking:      {"112", "102"},
	} {
		var got []string
		for _, r := range tbl.EmergencyContacts(n) {
			if r.Service.Emergency {
				got = append(got, r.Service.Contacts[0].Value)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("need %q: emergency numbers %v, want %v", n, got, want)
		}
	}
}

func TestStarterGeneralHotline(t *testing.T) {
	tbl := loadStarter(t)
	s, _, ok := tbl.Service("contact-centre-111.hotline")
	if !ok || !s.General || !s.Area.Nationwide || !s.AlwaysOpen() || !s.Confirmed() {
		t.Fatalf("111 must be a confirmed, general, nationwide, 24/7 service: %+v", s)
	}
	// 150's hours are disputed: it must not be promised around the clock.
	s150, _, ok := tbl.Service("union-of-crisis-centres.helpline-150")
	if !ok || !s150.General || s150.AlwaysOpen() {
		t.Errorf("150 must be general and not promised 24/7: %+v", s150)
	}
}

// TestStarterEveryNeedAnswered: every need gets a non-empty answer that
// starts with something reachable around the clock.
func TestStarterEveryNeedAnswered(t *testing.T) {
	tbl := loadStarter(t)
	for _, n := range referral.Needs {
		rs := tbl.Match(referral.Query{Need: n})
		if len(rs) == 0 {
			t.Errorf("need %s: empty answer", n)
		}
	}
	rs := tbl.Match(referral.Query{Need: referral.NeedTrafficking})
	if len(rs) == 0 || !slices.ContainsFunc(rs, func(r referral.Result) bool { return r.Service.ID == "hotline-116-16.hotline" }) {
		t.Errorf("trafficking must show 116 16: %v", rs)
	}
}

// TestStarterLeads pins the contacts that are leads (unconfirmed), so that
// none is confirmed by accident and none slips in unmarked.
func TestStarterLeads(t *testing.T) {
	tbl := loadStarter(t)
	var leads []string
	for _, o := range tbl.Organizations() {
		for _, s := range o.Services {
			for _, c := range s.Contacts {
				if c.Unconfirmed {
					leads = append(leads, s.ID+" "+phone.Show(c.Value))
				}
			}
		}
	}
	want := []string{
		"astana-mental-health-centre.crisis-line +7 7172 54 76 03",
		"iom-kazakhstan.safe-migration +7 7172 79 03 45", // 2019 snapshot
		"iom-kazakhstan.safe-migration iomastana@iom.int",
		"iom-kazakhstan.safe-migration 6 Saryarka Av., 010000 Astana",
		"kasietti-zhol.healthy-children Astana City Children's Hospital No. 2",     // 2018
		"kostanay-crisis-centre.shelter Костанай, ул. Чехова, 171",                 // provider changed in 2026
		"national-mental-health-centre.online-counselling https://onlinehealth.kz", // 2020
		"okoo.learning https://okoo.kz",                                            // only in the UNICEF report
		"okulab.learning https://okulab.kz",                                        // only in the UNICEF report
		"pavlodar-bullying-hotline.hotline +7 7182 30 14 97",                       // rated low: check before use
		"pavlodar-bullying-hotline.hotline +7 701 070 75 46",
		"police-women-protection.north-kazakhstan +7 7152 49 31 58", // aggregator
		"police-women-protection.north-kazakhstan +7 7152 61 25 30",
		"police-women-protection.north-kazakhstan +7 708 432 45 61",
		"shymkent-library-for-the-blind.library Шымкент, ул. Уалиханова, 213б", // undated page
		"union-of-crisis-centres.helpline-150 https://www.telefon150.kz/",
	}
	if !slices.Equal(leads, want) {
		t.Errorf("unconfirmed contacts:\n got  %q\n want %q", leads, want)
	}
}

// TestStarterNoRejectedValues: values the desk research lists under "DO NOT
// USE", or marks disconnected or wrong, appear nowhere in the table.
func TestStarterNoRejectedValues(t *testing.T) {
	rejected := []string{
		"54 46 03", "54-46-03", // a typo of the Astana crisis line
		"3000 103", "3000-103", "3000103", // disconnected
		"376 55 92", "376-55-92", // disconnected
		"382 35 59", "382-35-59", // dropped from the official page
		"250 50 50", "70 03 40", "53 12 34", "42 56 78", "54 32 10", "32 45 67", "74 28 03", // invented lists
		"220 44 33", "345 67 89", "234 55 10", "114 32 50", "500 618",
		"info@dara.kz", "Гоголя, 86",
		"Сыганак, 18", "Тауке хана, 45", "Ержанова, 25", // invented crisis-centre addresses
		"Masanchi", "Масанчи", // KIBHR's 1998 address
		"kazal@unhcr.org",              // stale UNHCR e-mail
		"8 800 080 150", "800 080 150", // a 9-digit "youth line" from one aggregator
		"707 160 57 58", "fondbotashym@bk.ru", // uncitable lead: call first, then cite
		"707 127 10 31", "help@sez.im", // unclear whose
		// referral-contacts-3.md, part C2 (2026-12-04):
		"250-xx-xx", "222-xx-xx", "233-xx-xx", "246-xx-xx", "232-xx-xx", "225-xx-xx", "277-xx-xx",
		"227-xx-xx", "221-xx-xx", "245-xx-xx", "272-xx-xx", // placeholder region "phones"
		"714 239 25 58", "7172 51 15 55", "(7172)51-15-55", // region numbers from the same placeholder file
		"771 743 02 31", "7212 256090", "7212 438303", "7242 264488", "708 450 96 75", "7112 250272", "7292 210202",
		"Маресьева, 63", "Аманжолова, 92", "Аманжолова, 96", "Байсеитовой, 113а", "Аскарова, 47", "Самал, 102", "Дулати, 36",
		"26-й мкр, 51",             // clinic entries of the same unnamed file: call first
		"Турана, 36",               // an unnamed repository's map pin
		"775 327 96 85", "3279685", // an official's own number, not a service line
		"8 800 2000 122", "800 2000 122", "1221", // Russian services, never for Kazakhstan
		"7172 556200", "7172 55 62 00", // British Embassy, for British nationals only
		"Шестихатка", // a private Aktobe centre of the same name as the state one (C1 #12)
	}
	tbl := loadStarter(t)
	for _, o := range tbl.Organizations() {
		for _, s := range o.Services {
			for _, c := range s.Contacts {
				for _, r := range rejected {
					// Phones are stored as +77172544603: compare digits too.
					if strings.Contains(c.Value, r) || (c.Kind == referral.Phone && strings.Contains(c.Value, digitsOf(r))) {
						t.Errorf("%s: contact %q is a rejected value", s.ID, c.Value)
					}
				}
			}
		}
		if s, _, ok := tbl.Service("contact-centre-1414.egov"); ok && s.Serves(referral.NeedMentalHealth) {
			t.Error("1414 is not a mental-health line")
		}
	}
	// Labels borrowed from US services (the DO NOT USE list) appear nowhere.
	for _, o := range tbl.Organizations() {
		for _, s := range o.Services {
			for _, txt := range []string{s.Name.EN, s.Description.EN} {
				for _, bad := range []string{"Crisis Text Line", "Suicide & Crisis Lifeline", "Mental Health Unified Line"} {
					if strings.Contains(txt, bad) {
						t.Errorf("%s: %q is a borrowed label from the DO NOT USE list", s.ID, bad)
					}
				}
			}
		}
	}
	// 150 is a trust line; its phone says so.
	if s, _, ok := tbl.Service("union-of-crisis-centres.helpline-150"); ok && s.Contacts[0].Purpose != referral.PurposeCrisis {
		t.Error("150's phone must have for = \"crisis\"")
	}
}

// digitsOf keeps the digits of a written phone number ("" for none, so
// that text never matches every number).
func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() < 5 {
		return "\x00"
	}
	return b.String()
}
