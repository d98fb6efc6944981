package hsds

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referralfile"
	"github.com/komek-kz/komek/referrals"
)

func realTable(t testing.TB) []referral.Organization {
	t.Helper()
	orgs, ps, err := referralfile.LoadFS(referrals.FS)
	if err != nil || len(ps) > 0 {
		t.Fatalf("LoadFS: %v %v", err, ps)
	}
	return orgs
}

func lines(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("  " + p.String() + "\n")
	}
	return b.String()
}

func writeJSON(t testing.TB, orgs []referral.Organization, opts Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteJSON(&b, orgs, opts); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRoundTripJSON(t *testing.T) {
	for _, lang := range referral.Langs {
		orgs := referral.WithoutTextOnlyFields(realTable(t))
		data := writeJSON(t, orgs, Options{Lang: lang})
		got, ps, notices := ReadJSON("table.json", data, Options{})
		if len(ps) > 0 || len(notices) > 0 {
			t.Fatalf("%s: problems:\n%snotices:\n%s", lang, lines(ps), lines(notices))
		}
		if !reflect.DeepEqual(got, orgs) {
			t.Errorf("%s: ReadJSON(WriteJSON(table)) differs\n got: %+v\nwant: %+v", lang, got, orgs)
		}
	}
}

func TestRoundTripTabular(t *testing.T) {
	orgs := referral.WithoutTextOnlyFields(realTable(t))
	dir := t.TempDir()
	if err := WriteTabular(dir, orgs, Options{Lang: referral.Russian}); err != nil {
		t.Fatal(err)
	}
	got, ps, notices := ReadTabular(os.DirFS(dir), Options{})
	if len(ps) > 0 || len(notices) > 0 {
		t.Fatalf("problems:\n%snotices:\n%s", lines(ps), lines(notices))
	}
	if !reflect.DeepEqual(got, orgs) {
		t.Errorf("ReadTabular(WriteTabular(table)) differs\n got: %+v\nwant: %+v", got, orgs)
	}
}

// richOrg sets every field of the model that the real table may not.
func richOrg() referral.Organization {
	day := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	text := func(s string) referral.Text {
		return referral.Text{KK: s + " kk", RU: s + " ru", EN: s + " \"en\"\nline"}
	}
	return referral.Organization{
		ID: "sample-ngo", Kind: referral.KindNGO, Name: text("Example"), AltNames: []string{"Ex; one", "Ex two"},
		Notes: "notes",
		Services: []referral.Service{{
			ID: "sample-ngo.legal", Name: text("Legal"), Description: text("Lawyers"),
			Needs:       []referral.Need{referral.NeedMigrant, referral.NeedLegal},
			General:     true,
			Eligibility: referral.Eligibility{MinAge: 3, MaxAge: 15, Women: true, Citizenship: referral.Foreigner},
			Area:        referral.Area{Regions: []referral.Region{referral.Almaty, referral.AlmatyRegion}, Abroad: true},
			Languages:   []string{"kk", "ru", "uz"},
			Hours:       referral.Hours{Weekly: []referral.Span{{First: 0, Last: 1, From: 9 * 60, To: 18 * 60}, {First: 2, Last: 4, From: 9 * 60, To: 18 * 60}}},
			Cost:        referral.CostMixed, Notes: "service notes",
			Contacts: []referral.Contact{
				{Kind: referral.Phone, Value: "+77000000000", Purpose: referral.PurposeOffice, Hours: referral.Hours{Always: true},
					Cost: referral.CostFree, Note: text("Note"), Sources: []string{"https://example.org/a", "https://example.org/b"}, Checked: day},
				{Kind: referral.Address, Value: "1 Example Street, Almaty", Sources: []string{"https://example.org/"}, Checked: day, Unconfirmed: true},
				{Kind: referral.WhatsApp, Value: "+77000000001", Purpose: referral.PurposeChat, Sources: []string{"https://example.org/"}, Checked: day},
				{Kind: referral.WhatsApp, Value: "https://wa.me/77000000001", Sources: []string{"https://example.org/"}, Checked: day},
				{Kind: referral.Telegram, Value: "@example_bot", Sources: []string{"https://example.org/"}, Checked: day},
				{Kind: referral.Website, Value: "https://example.org/", Sources: []string{"https://example.org/"}, Checked: day},
				{Kind: referral.Email, Value: "help@example.org", Purpose: referral.PurposeComplaints, Sources: []string{"https://example.org/"}, Checked: day},
			},
		}, {
			ID: "sample-ngo.emergency", Name: text("Emergency"), Description: text("Emergency"), Emergency: true,
			Eligibility: referral.Eligibility{MinAge: 18, Citizenship: referral.CitizenKZ},
			Area:        referral.Area{Nationwide: true, Abroad: true}, Hours: referral.Hours{Always: true},
			Contacts: []referral.Contact{{Kind: referral.Phone, Value: "112", Sources: []string{"https://example.org/112"}, Checked: day}},
		}},
	}
}

func TestRoundTripEveryField(t *testing.T) {
	orgs := []referral.Organization{richOrg()}
	got, ps, notices := ReadJSON("rich.json", writeJSON(t, orgs, Options{}), Options{})
	if len(ps) > 0 || len(notices) > 0 || !reflect.DeepEqual(got, orgs) {
		t.Errorf("JSON: problems:\n%snotices:\n%s got %+v", lines(ps), lines(notices), got)
	}
	dir := t.TempDir()
	if err := WriteTabular(dir, orgs, Options{}); err != nil {
		t.Fatal(err)
	}
	got, ps, notices = ReadTabular(os.DirFS(dir), Options{})
	if len(ps) > 0 || len(notices) > 0 || !reflect.DeepEqual(got, orgs) {
		t.Errorf("tabular: problems:\n%snotices:\n%s got %+v", lines(ps), lines(notices), got)
	}
}
