package referralfile

import (
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/referral"
)

// research3 accounts for every finding of shared/data/referral-contacts-3.md
// (desk research of 2026-12-04): the entry or service that holds it
// ("added: <id>" for a new value, "notes: <id>" for context written in an
// entry's notes), or "no entry:" and why not. A finding with no contact in
// the stored pages goes into the notes of the nearest entry, so that the
// coordinators find it in TODO.md; a service is never listed without a way
// in.
var research3 = map[string]string{
	// Headline results and part A.
	"150 WhatsApp +77081060810 (UK FCDO, 16 Sep 2024)":                    "added: union-of-crisis-centres.helpline-150",
	"150 hours 24/7 vs Mon-Fri (conflict C1 #1)":                          "notes: union-of-crisis-centres",
	"egov special social services, institutions (pass170)":                "added: special-social-services.apply",
	"egov special social services, home care (pass171)":                   "added: special-social-services.apply",
	"new rules of special social services (order 411, 2025)":              "notes: special-social-services",
	"state adaptation centres take over from NGOs in 2026":                "notes: kostanay-crisis-centre",
	"family support centres network (131, 208 by 2027)":                   "notes: special-social-services",
	"Pavlodar family support centre (superЦОН building)":                  "added: pavlodar-family-support-centre.help",
	"Almaty, Uralsk, Astana «Жанұя», Almaty region ЦПС":                   "notes: special-social-services",
	"almaty-crisis-centre: head, secret address":                          "notes: almaty-crisis-centre",
	"astana-mental-health-centre: 54-76-03 still unconfirmed":             "notes: astana-mental-health-centre",
	"children-rights-committee: Bala Qorgau, Menin Atamekenim":            "notes: children-rights-committee",
	"children-support-centres: examples":                                  "notes: children-support-centres",
	"centre-for-support-of-children: Astana orphanage":                    "notes: centre-for-support-of-children",
	"contact-centre-1414: legal basis":                                    "notes: contact-centre-1414",
	"KIBHR West Kazakhstan and Mangystau branches":                        "notes: kazakhstan-bureau-for-human-rights",
	"korgau-astana: legal form, size conflict (C1 #3)":                    "notes: korgau-astana",
	"Temirtau trafficking shelter closed/reopened (C1 #11)":               "notes: korgau-astana",
	"kostanay: state adaptation centre, KMPA licence (C1 #6)":             "notes: kostanay-crisis-centre",
	"kyzylorda-crisis-centre: corroboration":                              "notes: kyzylorda-crisis-centre",
	"national-childrens-rehabilitation-centre: Balbulak; Turana 36 (low)": "notes: national-childrens-rehabilitation-centre",
	"pavlodar-bullying-hotline: date; official's number (do not use)":     "notes: pavlodar-bullying-hotline",
	"police-women-protection: Petropavl NGO partner":                      "notes: police-women-protection",
	"psychological-support-centres: 20 regions, Kokshetau 24/7 line":      "notes: psychological-support-centres",
	"Mangistau 24/7 emergency psychological service":                      "notes: psychological-support-centres",
	"shymkent-crisis-centre: operator Сенім-ай; kind ngo (C1 #4)":         "notes: shymkent-crisis-centre",
	"shymkent-library-for-the-blind: services":                            "notes: shymkent-library-for-the-blind",
	"taldykorgan: official name; state DV centre with a hotline":          "notes: taldykorgan-womens-support-centre",
	"west-kazakhstan-stop-bullying: operator (C1 #5)":                     "notes: west-kazakhstan-stop-bullying",
	"Almaty MCZ «Жас ұрпақ» (4gp.kz)":                                     "added: youth-health-centres.almaty-zhas-urpaq",
	"zhambyl-crisis-centre: Kazakh name":                                  "notes: zhambyl-crisis-centre",
	"111 audience (UK wording, C1 #2)":                                    "notes: contact-centre-111",
	"bolashak, botashym, chance, ombudsperson, iteachme, kasietti-zhol, megapolise, national-mental-health-centre, ngo-zhan, niyet, okoo, okulab, public-position, rodnik, semey, stepnogorsk, temirtau, zabota, zhan-zholdas": "no entry: nothing new found (the research lists its searches so nobody repeats them)",

	// Part B.
	"B1 Asyl Miras autism centres, Astana address":                                             "added: asyl-miras.autism-centres",
	"B2 Turkestan «Қамқорлық»":                                                                 "added: turkistan-qamqorlyq.day-centre",
	"B3 «Шугыла», Orangai":                                                                     "no entry: the only location is a village name, no way to reach it; to call the Turkestan region social department",
	"B4 Karaganda «Қамқорлық» day centre for autism":                                           "no entry: no address or phone in the stored page",
	"B5 Karaganda rehabilitation centres (medical)":                                            "no entry: no address or phone; the CP centre (2020) and «Үміт» (2015) are old",
	"B6 Aktobe Qamqorlyq outpatient centre":                                                    "added: aktobe-qamqorlyq.rehabilitation",
	"B7 Astana «Бақытты шаңырақ» centre":                                                       "added: bakytty-shanyrak-astana.families",
	"B8 Kyzylorda «Тең қоғам»":                                                                 "added: kyzylorda-ten-qogam.support",
	"B8 Zhaksy, Zharkent, Taldykorgan, Pavlodar autism and rehab centres":                      "no entry: no address or phone in the stored pages",
	"B8 Almaty CP early-support centre of the parents' association":                            "no entry: no address or phone in the stored page",
	"B8 Petropavl «Жүрек жылуы», Kyzyl Kairat (Talgar), Astana psychoneurological institution": "no entry: no address or phone in the stored pages",
	"Astana state crisis centre «Үміт»":                                                        "no entry: no phone; the shelter's address must not be published; 111 and 150 serve",
	"Uralsk, Bukhar-Zhyrau crisis centres":                                                     "no entry: no phone in the stored pages",
	"Taldykorgan state DV centre hotline":                                                      "notes: taldykorgan-womens-support-centre",
	"ОФ «Ана Үйі» (Дом мамы)":                                                                  "no entry: no phone, stale counts (2015-2019)",
	"Karaganda women's police station":                                                         "no entry: no address or phone; 102 serves",
	"ОФ «НеМолчи»":                                                                             "no entry: no contacts (2019)",
	"Arasha shelter":                                                                           "no entry: low (a test subdomain), no contacts",
	"Uzbekistan certificate of return (consulate.mfa.uz)":                                      "added: consulate-uzbekistan.certificate-of-return",
	"Uzbek validity 1-3 months vs 1 month (C1 #13)":                                            "notes: consulate-uzbekistan",
	"Kyrgyz Consulate General in Almaty (mfa.gov.kg)":                                          "added: consulate-kyrgyzstan-almaty.certificate-of-return",
	"KMPA Kostanay (migrant women)":                                                            "no entry: no contact; noted in kostanay-crisis-centre",
	"Aktobe Migrant Assistance Centre":                                                         "no entry: stale (2014-2019) and may be closed",
	"TIP 2022: MIA memoranda with 17 NGOs":                                                     "no entry: context, no service",
	"BF-line (bfline.org)":                                                                     "added: bfline.support",
	"Tanym Project":                                                                            "no entry: no handle shown, and paid (from 1,000 tenge)",
	"Akmola URPAQ bot":                                                                         "no entry: handle not given",
	"North Kazakhstan mental health centre (pnd-sko.kz)":                                       "added: north-kazakhstan-mental-health-centre.centre",
	"egov allowance to a parent of a child with disability (pass158)":                          "added: egov-disability-services.parent-allowance",
	"egov care allowance, group I since childhood (pass62-3)":                                  "added: egov-disability-services.care-allowance",
	"sanatorium treatment (gov.kz/services/4563)":                                              "added: egov-disability-services.sanatorium",
	"individual assistant, group I":                                                            "added: egov-disability-services.personal-assistant",
	"Social Services Portal":                                                                   "no entry: its URL is in no stored page",
	"Astana sign-language dispatcher":                                                          "no entry: no number stored",

	// Part C: values not to use (TestStarterNoRejectedValues checks them).
	"C2 placeholder region phones, KZ_CLINICS entries, Turana 36, 8 (775) 3279685, Russian services, British Embassy": "no entry: do not use (starter_test.go rejected values)",
	"C1 #12 private Aktobe «Qamqorlyq»":       "notes: aktobe-qamqorlyq",
	"C1 #7-10 counts of centres and networks": "no entry: counts, not contacts; where used, in the entries' notes",
}

// TestCoverageResearch3 checks that every finding of referral-contacts-3.md
// is accounted for, and that each entry it names exists.
func TestCoverageResearch3(t *testing.T) {
	tbl := loadStarter(t)
	for finding, where := range research3 {
		kind, id, ok := strings.Cut(where, ": ")
		if !ok {
			t.Errorf("%q: write \"added: <id>\", \"notes: <id>\" or \"no entry: <why>\"", finding)
			continue
		}
		switch kind {
		case "added":
			if _, _, ok := tbl.Service(id); !ok {
				t.Errorf("%q: service %q is missing from referrals/", finding, id)
			}
		case "notes":
			if o, ok := tbl.Organization(id); !ok || !notesCarry(o, "2026") {
				t.Errorf("%q: organisation %q is missing or its notes do not carry the 2026 research", finding, id)
			}
		case "no entry":
		default:
			t.Errorf("%q: unknown kind %q", finding, kind)
		}
	}
}

// notesCarry reports whether the organisation's or a service's notes
// contain s.
func notesCarry(o *referral.Organization, s string) bool {
	if strings.Contains(o.Notes, s) {
		return true
	}
	for _, sv := range o.Services {
		if strings.Contains(sv.Notes, s) {
			return true
		}
	}
	return false
}
