package tablecsv

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/referral"
)

func TestRoundTrip(t *testing.T) {
	tables := map[string][]referral.Organization{
		"the real table": referral.WithoutTextOnlyFields(realTable(t)), // the text-only fields are kept by tableops.Options.KeepTextOnly
		"every field":    {everyField()},
	}
	for name, orgs := range tables {
		for _, opts := range []WriteOptions{{}, {Semicolon: true}, {BOM: true}, {Semicolon: true, BOM: true, MinContacts: 7}} {
			data := write(t, orgs, opts)
			got, ps := Read("table.csv", data)
			if len(ps) > 0 {
				t.Fatalf("%s, %+v: Read(Write(table)) has problems:\n%s", name, opts, lines(ps))
			}
			if !reflect.DeepEqual(got, orgs) {
				t.Errorf("%s, %+v: Read(Write(table)) differs\n got: %+v\nwant: %+v", name, opts, got, orgs)
			}
		}
	}
}

// TestSpreadsheetEdits: what spreadsheets do to a file on the way is read
// as the same table: CRLF line ends, dates as 06.11.2025, YES in capitals,
// empty rows at the end, and rows of one organisation apart with its
// columns filled on only one of them.
func TestSpreadsheetEdits(t *testing.T) {
	orgs := []referral.Organization{everyField()}
	data := string(write(t, orgs, WriteOptions{Semicolon: true}))
	data = strings.ReplaceAll(data, "\n", "\r\n")
	data = strings.Replace(data, "2026-04-08", "08.04.2026", 1)
	data = strings.Replace(data, ";yes;", ";YES;", 1)
	data += strings.Repeat(";", len(header(5))-1) + "\r\n"
	got, ps := Read("edited.csv", []byte(data))
	if len(ps) > 0 {
		t.Fatalf("problems:\n%s", lines(ps))
	}
	if !reflect.DeepEqual(got, orgs) {
		t.Errorf("differs\n got: %+v\nwant: %+v", got, orgs)
	}
}

// The template shows every column filled in, but its made-up rows can never
// reach a person: every row is refused for its example ID (and its made-up
// phone numbers), with the row and column, and nothing else is wrong with it.
func TestTemplateReadsButItsExamplesAreRefused(t *testing.T) {
	data, err := os.ReadFile("../../referrals/template.csv")
	if err != nil {
		t.Fatal(err)
	}
	orgs, ps := Read("template.csv", data)
	var example, phones int
	for _, p := range ps {
		switch {
		case p.Field == "org_id" && strings.Contains(p.Message, "made-up example"):
			example++
		case p.Field == "contact1_value" && strings.Contains(p.Message, "not a valid phone number"):
			phones++
		default:
			t.Errorf("the template has a problem besides its examples: %s", p)
		}
	}
	if example != 1 || phones != 2 {
		t.Errorf("want the example organisation and both made-up phones refused, got %d and %d:\n%s", example, phones, lines(ps))
	}
	for _, o := range orgs {
		if !strings.HasPrefix(o.ID, referral.ExamplePrefix) {
			t.Errorf("template organisation %q does not carry the example marker", o.ID)
		}
	}
	// The template is what Write writes for its table: the documentation
	// and the code cannot drift apart.
	if again := write(t, orgs, WriteOptions{MinContacts: 3}); !bytes.Equal(again, data) {
		t.Errorf("template.csv is not in the form Write writes; rewrite it:\n%s", again)
	}
}

func TestWriteRefusesWhatItCannotHold(t *testing.T) {
	o := everyField()
	o.AltNames = []string{"A; B"}
	if err := Write(&bytes.Buffer{}, []referral.Organization{o}, WriteOptions{}); err == nil || !strings.Contains(err.Error(), "org_alt_names") {
		t.Errorf("Write of an other name with ';': err = %v", err)
	}
	o = everyField()
	o.Services = nil
	if err := Write(&bytes.Buffer{}, []referral.Organization{o}, WriteOptions{}); err == nil {
		t.Error("Write of an organisation without services succeeded")
	}
}
