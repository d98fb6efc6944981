package tablecsv

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referralfile"
	"github.com/komek-kz/komek/referrals"
)

// realTable loads the referral table shipped in referrals/.
func realTable(t testing.TB) []referral.Organization {
	t.Helper()
	orgs, ps, err := referralfile.LoadFS(referrals.FS)
	if err != nil || len(ps) > 0 {
		t.Fatalf("LoadFS: %v %v", err, ps)
	}
	return orgs
}

// write writes orgs with opts, failing the test on error.
func write(t testing.TB, orgs []referral.Organization, opts WriteOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, orgs, opts); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return b.Bytes()
}

func lines(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("  " + p.String() + "\n")
	}
	return b.String()
}

// everyField is an organisation that sets every field of the model, with
// text that needs quoting in CSV.
func everyField() referral.Organization {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	text := func(s string) referral.Text {
		return referral.Text{KK: s + " (kk)", RU: s + `, "ru"`, EN: s + "; en\nsecond line"}
	}
	return referral.Organization{
		ID:       "sample-ngo",
		Name:     text("Example NGO"),
		AltNames: []string{"ОО «Пример»", "EX"},
		Kind:     referral.KindNGO,
		Notes:    "Quotes \"inside\", a comma, a semicolon; and\na second line.",
		Services: []referral.Service{{
			ID:          "sample-ngo.legal",
			Name:        text("Legal help"),
			Description: text("Lawyers"),
			Needs:       []referral.Need{referral.NeedMigrant, referral.NeedLegal},
			General:     true,
			Eligibility: referral.Eligibility{MinAge: 3, MaxAge: 15, Women: true, Citizenship: referral.Foreigner},
			Area:        referral.Area{Regions: []referral.Region{referral.Almaty, referral.AlmatyRegion}, Abroad: true},
			Languages:   []string{"kk", "ru", "en"},
			Hours:       referral.Hours{Weekly: []referral.Span{{First: 0, Last: 4, From: 9 * 60, To: 18 * 60}, {First: 5, Last: 5, From: 10 * 60, To: 14 * 60}}},
			Cost:        referral.CostMixed,
			Notes:       "service notes",
			Contacts: []referral.Contact{
				{Kind: referral.Phone, Value: "+77000000000", Purpose: referral.PurposeOffice,
					Hours: referral.Hours{Always: true}, Cost: referral.CostFree, Note: text("Office hours"),
					Sources: []string{"https://example.org/a", "https://example.org/b?x=1"}, Checked: day(2022, 1, 1)},
				{Kind: referral.Address, Value: "1 Example Street, Almaty", Sources: []string{"https://example.org/"}, Checked: day(2022, 1, 1), Unconfirmed: true},
				{Kind: referral.WhatsApp, Value: "https://wa.me/70000000000", Purpose: referral.PurposeChat, Sources: []string{"https://example.org/"}, Checked: day(2026, 4, 8)},
				{Kind: referral.Telegram, Value: "@example_bot", Sources: []string{"https://example.org/"}, Checked: day(2024, 10, 30)},
				{Kind: referral.Email, Value: "help@example.org", Purpose: referral.PurposeComplaints, Sources: []string{"https://example.org/"}, Checked: day(2026, 3, 9)},
			},
		}, {
			ID:          "sample-ngo.emergency",
			Name:        text("Emergency"),
			Description: text("Emergency"),
			Emergency:   true,
			Eligibility: referral.Eligibility{MinAge: 18, Citizenship: referral.CitizenKZ},
			Area:        referral.Area{Nationwide: true, Abroad: true},
			Hours:       referral.Hours{Always: true},
			Contacts: []referral.Contact{
				{Kind: referral.Phone, Value: "112", Sources: []string{"https://example.org/112"}, Checked: day(2026, 4, 8)},
			},
		}},
	}
}

func mustRecords(t *testing.T, data []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func recordsCSV(t *testing.T, recs [][]string) string {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
