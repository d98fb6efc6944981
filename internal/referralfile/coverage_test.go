package referralfile

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// requiredOrgs are the organisations that must be in the referral table:
// every organisation that shared/data/seed-organizations.md rates A (table
// 2.1), the B-rated bodies a person can be referred to, the national lines,
// and the regional services that referral-contacts.md confirms. Each says
// why it is here.
//
// Removing one of them from referrals/ must be a deliberate, reviewed
// change: remove it here in the same change and say why in the commit.
var requiredOrgs = map[string]string{
	// National lines.
	"emergency":               "national emergency numbers 112, 101, 102, 103, 104 (and the police, A41)",
	"contact-centre-111":      "national line 111 (family, women, children; 24/7)",
	"union-of-crisis-centres": "national line 150; A29 support centres for women survivors",
	"hotline-116-16":          "national anti-trafficking line 116 16 (A25)",
	"contact-centre-1414":     "1414, the e-government line for migrants' paperwork",

	// A-rated organisations of table 2.1.
	"niyet":                          "A01 Niyet (A02, A03 its programmes)",
	"iteachme":                       "A05 ITeachMe (A06-A08 its services)",
	"botashym":                       "A09 Botashym",
	"kasietti-zhol":                  "A11 Kasietti Zhol (A12, A13 its services)",
	"dara-foundation":                "A15 Dara Foundation (A16 Mentors)",
	"sana-sezim":                     "A17 Sana Sezim, merged with A22 Legal Center of Women's Initiatives (A18 its programme)",
	"rodnik":                         "A19 Rodnik",
	"zhan-zholdas":                   "A20 Zhan Zholdas",
	"ngo-zhan":                       "A24 NGO Zhan",
	"special-social-services":        "A30 special social services for survivors of domestic violence; A33 for families; also for trafficking survivors",
	"children-support-centres":       "A32 support centres for children in difficult life situations",
	"centre-for-support-of-children": "A35 Center for the Support of Children (migrant children, Astana)",
	"doskaz":                         "A49 doskaz.kz, Accessible Kazakhstan",

	// B-rated bodies and services of table 2.1 a person can be referred to.
	"zabota":                            "A21 Zabota",
	"megapolise":                        "A23 Megapolise",
	"child-rights-ombudsperson":         "A38 Ombudsperson for Children's Rights",
	"human-rights-commissioner":         "A39 Commissioner for Human Rights",
	"children-rights-committee":         "A40 Committee for Children's Rights Protection (Bala Qorgau)",
	"national-mental-health-centre":     "A46 National Scientific and Practical Centre for Mental Health",
	"okulab":                            "A50 okulab.kz",
	"okoo":                              "A51 okoo.kz",
	"unhcr-central-asia":                "A76 UNHCR",
	"iom-kazakhstan":                    "A77 IOM",
	"taldykorgan-womens-support-centre": "A78 Taldykorgan Regional Women's Support Centre",

	// Regional services with confirmed contacts in referral-contacts.md.
	"kazakhstan-bureau-for-human-rights":       "UNHCR's legal partner (KIBHR, bureau.kz)",
	"pavlodar-bullying-hotline":                "the Pavlodar anti-bullying line",
	"almaty-mental-health-centre":              "Almaty City Mental Health Centre's 24/7 crisis line",
	"astana-mental-health-centre":              "Astana City Mental Health Centre's crisis line (lead)",
	"east-kazakhstan-urpaq":                    "@VKO_URPAQ_BOT, East Kazakhstan",
	"migration-enbek":                          "migration.enbek.kz, work permits for foreign workers",
	"state-legal-aid":                          "state-guaranteed legal aid",
	"kostanay-childrens-rehabilitation-centre": "Kostanay rehabilitation centre for children with disabilities",
	"national-childrens-rehabilitation-centre": "National Centre for Children's Rehabilitation, Astana",
	"psychological-support-centres":            "the Ministry of Education's psychological support centres",
}

// table21 accounts for every row of table 2.1 of seed-organizations.md: the
// organisation or service ID that covers it, or "no entry:" and why not.
// Rows rated A that have no entry are outside what the bot refers people
// to; each says so.
var table21 = map[string]string{
	"A01": "niyet",
	"A02": "niyet.food-basket",
	"A03": "niyet.road-to-school",
	"A04": "no entry: a partner shop where Niyet's certificates are used, not a place to refer a person to (niyet's notes)",
	"A05": "iteachme",
	"A06": "iteachme.counselling",
	"A07": "iteachme.program-6",
	"A08": "iteachme.orletech",
	"A09": "botashym.treatment",
	"A10": "no entry: Botashym's Orphans Assistance programme was only being developed (botashym's notes)",
	"A11": "kasietti-zhol",
	"A12": "kasietti-zhol.healthy-children",
	"A13": "kasietti-zhol.school-of-mentors",
	"A14": "no entry: an awareness project, kept as a search name of kasietti-zhol",
	"A15": "dara-foundation",
	"A16": "dara-foundation.mentors",
	"A17": "sana-sezim",
	"A18": "sana-sezim.legal-help",
	"A19": "rodnik",
	"A20": "zhan-zholdas",
	"A21": "zabota",
	"A22": "sana-sezim", // merged: the Legal Center of Women's Initiatives is Sana Sezim
	"A23": "megapolise",
	"A24": "ngo-zhan",
	"A25": "hotline-116-16",
	"A26": "sana-sezim.shelter", // also rodnik.shelter and korgau-astana.shelter
	"A27": "no entry: the seed does not give the numbers the series shows; the national lines for violence are 111 and 150",
	"A28": "no entry: a TV series, information rather than a service",
	"A29": "union-of-crisis-centres.crisis-centres", // and the regional crisis centres
	"A30": "special-social-services.violence-survivors",
	"A31": "no entry: a proactive state data platform with no way for a person to apply",
	"A32": "children-support-centres",
	"A33": "special-social-services.families",
	"A34": "no entry: professional foster care was a policy being developed",
	"A35": "centre-for-support-of-children",
	"A36": "no entry: model services run by partner NGOs the seed does not name",
	"A37": "no entry: case managers for families the state repatriated; no way to apply",
	"A38": "child-rights-ombudsperson",
	"A39": "human-rights-commissioner",
	"A40": "children-rights-committee",
	"A41": "emergency.102",
	"A42": "no entry: a coordination body, not a service for people",
	"A43": "no entry: labour inspectors report trafficking to the police; no way for a person to reach them in the sources",
	"A44": "no entry: a school programme with no access route",
	"A45": "no entry: school materials",
	"A46": "national-mental-health-centre",
	"A47": "no entry: named only as a co-trainer of specialists; probably national-childrens-rehabilitation-centre, identity open (its notes)",
	"A48": "no entry: caregiver training in pilots, no access route",
	"A49": "doskaz",
	"A50": "okulab",
	"A51": "okoo",
	"A52": "no entry: an online language initiative with no access route",
	"A53": "no entry: vaccination information for parents; the bot has no health need, so nobody would be matched to it",
	"A54": "no entry: vaccination website without a URL (health)",
	"A55": "no entry: an app in development (health)",
	"A56": "no entry: health facilities for HIV and hepatitis, outside the bot's needs",
	"A57": "no entry: skills training for young people in general, outside the bot's needs; no locations or contacts",
	"A58": "no entry: a skills programme with no access route",
	"A59": "no entry: a skills programme with no access route",
	"A60": "no entry: a skills project with no access route",
	"A61": "no entry: a STEM course for girls with no access route",
	"A62": "no entry: anti-bullying volunteering in schools",
	"A63": "no entry: school clubs",
	"A64": "no entry: business support for women entrepreneurs is outside the bot's needs (poverty means urgent material help); no cities or contacts",
	"A65": "no entry: a business chamber (runs A64)",
	"A66": "no entry: an IT technopark",
	"A67": "no entry: a children's robotics centre, outside the bot's needs",
	"A68": "no entry: a 2021 food-aid campaign that has ended",
	"A69": "no entry: WFP works in Tajikistan",
	"A70": "no entry: no activity in Kazakhstan stated",
	"A71": "no entry: UNICEF is not a direct help desk (referral-contacts.md §24)",
	"A72": "no entry: a UNICEF campaign; family support is special-social-services",
	"A73": "no entry: a UN agency with no direct help for people",
	"A74": "no entry: a UN-EU programme with no direct help for people",
	"A75": "no entry: a UN agency with no direct help for people",
	"A76": "unhcr-central-asia",
	"A77": "iom-kazakhstan",
	"A78": "taldykorgan-womens-support-centre",
	"A79": "no entry: a ministry",
	"A80": "no entry: a ministry (its centres have entries)",
	"A81": "no entry: local government in general (its services: special-social-services, psychological-support-centres)",
	"A82": "no entry: trains social workers",
	"A83": "no entry: a doctors' association",
	"A84": "no entry: an immunisation partner",
}

// TestCoverageRequiredOrganisations fails when an organisation that must be
// in the table is not there.
func TestCoverageRequiredOrganisations(t *testing.T) {
	tbl := loadStarter(t)
	for _, id := range sortedKeys(requiredOrgs) {
		if _, ok := tbl.Organization(id); !ok {
			t.Errorf("organisation %q (%s) is missing from referrals/. Removing it must be a deliberate, reviewed change: "+
				"if it is, delete it from requiredOrgs in internal/referralfile/coverage_test.go in the same change and say why.",
				id, requiredOrgs[id])
		}
	}
}

// TestCoverageTable21 checks that every row of table 2.1 is accounted for,
// that each entry named exists, and that every organisation named is in
// requiredOrgs, so that the list cannot silently fall behind.
func TestCoverageTable21(t *testing.T) {
	tbl := loadStarter(t)
	for i := 1; i <= 84; i++ {
		row := fmt.Sprintf("A%02d", i)
		entry, ok := table21[row]
		if !ok {
			t.Errorf("row %s of table 2.1 is not accounted for in table21", row)
			continue
		}
		if strings.HasPrefix(entry, "no entry: ") {
			continue
		}
		org, _, _ := strings.Cut(entry, ".")
		if _, ok := requiredOrgs[org]; !ok {
			t.Errorf("row %s: organisation %q is not in requiredOrgs", row, org)
		}
		if strings.Contains(entry, ".") {
			if _, _, ok := tbl.Service(entry); !ok {
				t.Errorf("row %s: service %q is missing from referrals/; removing it must be a deliberate, reviewed change (update table21)", row, entry)
			}
		} else if _, ok := tbl.Organization(entry); !ok {
			t.Errorf("row %s: organisation %q is missing from referrals/", row, entry)
		}
	}
	if len(table21) != 84 {
		t.Errorf("table21 has %d rows, table 2.1 has 84", len(table21))
	}
}

// TestCoverageMergedNames: names merged into one entry stay searchable.
func TestCoverageMergedNames(t *testing.T) {
	tbl := loadStarter(t)
	o, ok := tbl.Organization("sana-sezim")
	if !ok {
		t.Fatal("sana-sezim is missing")
	}
	for _, name := range []string{"Sana Sezim", "Legal Center of Women's Initiatives", "Safe Migration in Central Asia"} {
		if !slices.Contains(o.AltNames, name) {
			t.Errorf("sana-sezim: %q must stay in alt_names (merged name)", name)
		}
	}
	// Kept apart on purpose: similar names, no source links them.
	for _, pair := range [][2]string{{"zhan-zholdas", "ngo-zhan"}, {"zabota", "sana-sezim"}} {
		for _, id := range pair {
			if _, ok := tbl.Organization(id); !ok {
				t.Errorf("%s must stay a separate entry from %v (see its notes)", id, pair)
			}
		}
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
