package referralfile

import (
	"strings"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/referral"
)

// A coordinator's outcome survives the text format and shows in TODO.md.
func TestChecksSurviveTheFormatAndShowInTheToDoList(t *testing.T) {
	tbl := loadStarter(t)
	orgs := tbl.Organizations()
	var o referral.Organization
	for _, x := range orgs {
		if x.ID == "astana-mental-health-centre" {
			o = x
		}
	}
	o.Services = append([]referral.Service(nil), o.Services...)
	s := &o.Services[0]
	s.Contacts = append([]referral.Contact(nil), s.Contacts...)
	s.Contacts[0].Checks = []referral.Check{{Outcome: referral.OutcomeNoAnswer, By: "AB", On: time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), How: "phone"}}
	text := Format(o)
	if !strings.Contains(string(text), "[[service.contact.check]]\noutcome = \"no_answer\"\nby = \"AB\"\non = 2026-12-05\nhow = \"phone\"") {
		t.Fatalf("the check is not written:\n%s", text)
	}
	back, ps := Parse("astana-mental-health-centre.toml", text)
	if len(ps) > 0 || len(back.Services[0].Contacts[0].Checks) != 1 {
		t.Fatalf("read back: %v %+v", ps, back.Services[0].Contacts[0].Checks)
	}
	one, err := referral.NewTable([]referral.Organization{back})
	if err != nil {
		t.Fatal(err)
	}
	todo := string(todoList(one))
	for _, w := range []string{"last check 2026-12-05: no_answer by AB (phone)", "2026-12-05, no_answer by AB (phone)"} {
		if !strings.Contains(todo, w) {
			t.Errorf("TODO.md does not say %q", w)
		}
	}
	bad := strings.Replace(string(text), `outcome = "no_answer"`, `outcome = "maybe"`, 1)
	if _, ps := Parse("x.toml", []byte(bad)); len(ps) == 0 || !strings.Contains(ps[0].Message, "unknown outcome") {
		t.Errorf("an unknown outcome is accepted: %v", ps)
	}
}
