package referralfile

import (
	"reflect"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/referrals"
)

// TestFormatCanonical: validFile is written the way Format writes it.
func TestFormatCanonical(t *testing.T) {
	o, ps := Parse("f.toml", []byte(validFile))
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	if got := string(Format(o)); got != validFile {
		t.Errorf("Format wrote:\n%s\nwant:\n%s", got, validFile)
	}
}

func TestRoundTripStarterTable(t *testing.T) {
	orgs, ps, err := LoadFS(referrals.FS)
	if err != nil || len(ps) > 0 {
		t.Fatalf("LoadFS: %v %v", err, ps)
	}
	for _, o := range orgs {
		roundTrip(t, o)
	}
}

func TestRoundTripEveryField(t *testing.T) {
	o := everyField()
	tbl, err := referral.NewTable([]referral.Organization{o})
	if err != nil {
		t.Fatal(err)
	}
	if ps := referral.Validate(tbl); len(ps) > 0 {
		t.Fatalf("the test organisation is not valid: %v", ps)
	}
	roundTrip(t, o)
}

func roundTrip(t *testing.T, o referral.Organization) {
	t.Helper()
	text := Format(o)
	back, ps := Parse(o.ID+".toml", text)
	if len(ps) > 0 {
		t.Fatalf("%s: Parse(Format(o)) has problems:\n%s\ntext:\n%s", o.ID, lines(ps), text)
	}
	if !reflect.DeepEqual(back, o) {
		t.Errorf("%s: Parse(Format(o)) differs from o\n got: %+v\nwant: %+v\ntext:\n%s", o.ID, back, o, text)
	}
}

// everyField builds an organisation that sets every field of the model, with
// text that needs escaping. The contact values are real ones from the
// starter table and the desk research.
func everyField() referral.Organization {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	text := func(s string) referral.Text { return referral.Text{KK: s + " (kk)", RU: s + " (ru)", EN: s + " (en)"} }
	return referral.Organization{
		ID:       "unhcr-central-asia",
		Name:     text("UNHCR"),
		AltNames: []string{"UNHCR", "УВКБ ООН"},
		Kind:     referral.KindInternational,
		Notes:    "Quotes \"inside\", a backslash \\, a tab\tand\na second line; \u0001 a control character.",
		Services: []referral.Service{
			{
				ID:          "unhcr-central-asia.refugees",
				Name:        text("Help for refugees"),
				Description: text("Office in Almaty"),
				Needs:       []referral.Need{referral.NeedMigrant, referral.NeedLegal},
				General:     true,
				Eligibility: referral.Eligibility{MinAge: 3, MaxAge: 15, Women: true, Citizenship: referral.Foreigner},
				Area:        referral.Area{Regions: []referral.Region{referral.Almaty, referral.AlmatyRegion}, Abroad: true},
				Languages:   []string{"kk", "ru", "en"},
				Hours:       referral.Hours{Weekly: []referral.Span{{First: 0, Last: 4, From: 9 * 60, To: 18 * 60}, {First: 5, Last: 5, From: 10 * 60, To: 14 * 60}}},
				Cost:        referral.CostMixed,
				Notes:       "service notes",
				Contacts: []referral.Contact{
					{
						Kind:    referral.Phone,
						Value:   "+77272584598",
						Purpose: referral.PurposeOffice,
						Hours:   referral.Hours{Weekly: []referral.Span{{First: 0, Last: 4, From: 9 * 60, To: 13 * 60}}},
						Cost:    referral.CostFree,
						Note:    text("Office hours"),
						Sources: []string{"https://www.unhcr.org/kazakhstan.html", "https://webarchive.archive.unhcr.org/20190218100619mp_/https://www.unhcr.kz/eng/almatyprocess/supportunit"},
						Checked: day(2022, 1, 1),
					},
					{Kind: referral.Address, Value: "303 Baizakov Street, Almaty 050040/A15G7T0", Sources: []string{"https://www.unhcr.org/kazakhstan.html"}, Checked: day(2022, 1, 1), Unconfirmed: true},
					{Kind: referral.WhatsApp, Value: "https://wa.me/77081060810", Purpose: referral.PurposeChat, Sources: []string{"https://schitaetsya.kz/crisis-centers"}, Checked: day(2026, 4, 8), Unconfirmed: true},
					{Kind: referral.Telegram, Value: "@VKO_URPAQ_BOT", Sources: []string{"https://ukmed.kz/news/qr-against30102024/?lang=1"}, Checked: day(2024, 10, 30), Unconfirmed: true},
					{Kind: referral.Website, Value: "https://cpzalmaty.kz", Sources: []string{"https://cpzalmaty.kz/ru/2014-06-18-03-17-18/vopros-otvet"}, Checked: day(2026, 3, 4)},
					{Kind: referral.Email, Value: "cpz.sekr@gmail.com", Purpose: referral.PurposeComplaints, Sources: []string{"https://cpzalmaty.kz/"}, Checked: day(2026, 3, 9), Unconfirmed: true},
				},
			},
			{
				ID:          "unhcr-central-asia.emergency",
				Name:        text("Emergency"),
				Description: text("Emergency"),
				Emergency:   true,
				Eligibility: referral.Eligibility{MinAge: 18, Citizenship: referral.CitizenKZ},
				Area:        referral.Area{Nationwide: true, Abroad: true},
				Hours:       referral.Hours{Always: true},
				Contacts: []referral.Contact{
					{Kind: referral.Phone, Value: "112", Sources: []string{"http://egov.kz/cms/en/articles/emergency_situations/emergency_number_112?mobile=no"}, Checked: day(2026, 4, 8)},
				},
			},
		},
	}
}
