package referralfile

import (
	"strings"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/referral"
)

func TestParseValid(t *testing.T) {
	o, ps := Parse("contact-centre-111.toml", []byte(validFile))
	if len(ps) > 0 {
		t.Fatalf("problems in a valid file: %v", ps)
	}
	s := o.Services[0]
	c := s.Contacts[0]
	switch {
	case o.ID != "contact-centre-111" || o.Kind != referral.KindState || o.Name.RU != "Единый контакт-центр 111":
		t.Errorf("organisation read wrong: %+v", o)
	case !s.General || !s.Area.Nationwide || !s.Hours.Always || s.Cost != referral.CostFree:
		t.Errorf("service read wrong: %+v", s)
	case len(s.Needs) != 2 || s.Needs[1] != referral.NeedChildAbuse:
		t.Errorf("needs = %v", s.Needs)
	case c.Kind != referral.Phone || c.Value != "111" || c.Purpose != referral.PurposeHotline || len(c.Sources) != 1:
		t.Errorf("contact read wrong: %+v", c)
	case !c.Checked.Equal(time.Date(2025, 11, 6, 0, 0, 0, 0, time.UTC)) || c.Checked.Location() != time.UTC:
		t.Errorf("checked = %v, want 2025-11-06 UTC midnight", c.Checked)
	}
}

// want is one expected problem: its line, field, and a piece of its message.
type want struct {
	line    int
	field   string
	message string
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []want
	}{
		{"syntax error: text without quotes",
			edit(t, validFile, `kind = "state"`, `kind = state`),
			[]want{{2, "", "TOML syntax error"}}},
		{"syntax error: a key written twice",
			edit(t, validFile, `cost = "free"`, `general = false`),
			[]want{{15, "", "written only once"}}},
		{"unknown key",
			edit(t, validFile, `cost = "free"`, `price = "free"`),
			[]want{{15, "service[1].price", `unknown key "price"`}}},
		{"unknown key in a contact",
			edit(t, validFile, `for = "hotline"`, `purpose = "hotline"`),
			[]want{{30, "service[1].contact[1].purpose", "keys allowed here are: kind, value, for"}}},
		{"key in the wrong case",
			edit(t, validFile, `en = "Unified contact centre 111"`, `EN = "Unified contact centre 111"`),
			[]want{{4, "name.en", "English (en) text is missing"}, {7, "name.EN", `write "en" instead of "EN"`}}},
		{"bad need code",
			edit(t, validFile, `"child_abuse"]`, `"bullying"]`),
			[]want{{11, "service[1].needs", `unknown need "bullying"; use one of: domestic_violence`}}},
		{"needs written as text, not a list",
			edit(t, validFile, `needs = ["domestic_violence", "child_abuse"]`, `needs = "domestic_violence"`),
			[]want{{11, "service[1].needs", `as in needs = ["…", "…"]; found the text "domestic_violence"`}}},
		{"unknown region",
			edit(t, validFile, `area = ["nationwide"]`, `area = ["almaty", "alma-ata"]`),
			[]want{{13, "service[1].area", `unknown region "alma-ata"; use nationwide, abroad or a region code`}}},
		{"nationwide and regions together",
			edit(t, validFile, `area = ["nationwide"]`, `area = ["nationwide", "almaty"]`),
			[]want{{13, "service[1].area", "nationwide service lists no regions"}}},
		{"bad phone: a made-up number of the right shape",
			edit(t, validFile, `value = "111"`, `value = "+7 000 000 00 00"`),
			[]want{{29, "service[1].contact[1].value", "not a valid phone number in any numbering plan"}}},
		{"bad phone: a digit too few",
			edit(t, validFile, `value = "111"`, `value = "8 727 258 45"`),
			[]want{{29, "service[1].contact[1].value", "not a valid phone number"}}},
		{"phone written as a number",
			edit(t, validFile, `value = "111"`, `value = 111`),
			[]want{{29, "service[1].contact[1].value", `value must be text in double quotes, as in value = "…"; found the number 111`}}},
		{"missing source: placed on the contact header",
			edit(t, validFile, "source = [\n  \"https://www.inform.kz/ru/bolee-110-tisyach-detey-obratilis-za-pomoshyu-v-kontakt-tsentr-111-b7c9bd\",\n]\n", ""),
			[]want{{27, "service[1].contact[1].source", `every contact needs the URL it was found on; write source = ["https://…"]`}}},
		{"source that is not a URL",
			edit(t, validFile, `"https://www.inform.kz/ru/`, `"www.inform.kz/ru/`),
			[]want{{31, "service[1].contact[1].source", "is not an http(s) URL"}}},
		{"missing checked",
			edit(t, validFile, "checked = 2025-11-06\n", ""),
			[]want{{27, "service[1].contact[1].checked", "date it was last checked"}}},
		{"checked in quotes",
			edit(t, validFile, "checked = 2025-11-06", `checked = "2025-11-06"`),
			[]want{{34, "service[1].contact[1].checked", `checked = 2025-11-06; found the text "2025-11-06"`}}},
		{"checked with a time",
			edit(t, validFile, "checked = 2025-11-06", `checked = 2025-11-06T10:00:00+05:00`),
			[]want{{34, "service[1].contact[1].checked", "without a time"}}},
		{"missing kk text of the organisation",
			edit(t, validFile, `kk = "111 бірыңғай байланыс орталығы"`, ``),
			[]want{{4, "name.kk", `the Kazakh (kk) text is missing: add kk = "…" under [name]`}}},
		{"missing kk text of a service",
			edit(t, validFile, `kk = "111 байланыс орталығы"`, `# kk to be written`),
			[]want{{17, "service[1].name.kk", "under [service.name]"}}},
		{"service ID not prefixed with the organisation ID",
			edit(t, validFile, `id = "contact-centre-111.hotline"`, `id = "hotline"`),
			[]want{{10, "service[1].id", `must start with the organisation ID and a dot ("contact-centre-111.")`}}},
		{"boolean in quotes",
			edit(t, validFile, `general = true`, `general = "yes"`),
			[]want{{12, "service[1].general", "true or false"}}},
		{"unreadable hours",
			edit(t, validFile, `hours = "24/7"`, `hours = "Mon-Fri 9-18"`),
			[]want{{14, "service[1].hours", `write "24/7", "unknown", or days and times`}}},
		{"unreadable ages",
			edit(t, validFile, `cost = "free"`, `ages = "under 18"`),
			[]want{{15, "service[1].ages", `"0-17"`}}},
		{"ages the wrong way round",
			edit(t, validFile, `cost = "free"`, `ages = "17-3"`),
			[]want{{15, "service[1].ages", "below the lower age"}}},
		{"unknown cost",
			edit(t, validFile, `cost = "free"`, `cost = "unknown"`),
			[]want{{15, "service[1].cost", "use free, paid or mixed"}}},
		{"no needs",
			edit(t, validFile, `needs = ["domestic_violence", "child_abuse"]`, ``),
			[]want{{9, "service[1].needs", `list at least one need, as in needs = ["legal"]`}}},
		{"Kazakh written kz",
			edit(t, validFile, `cost = "free"`, `languages = ["kz", "ru"]`),
			[]want{{15, "service[1].languages", `"kk", not "kz"`}}},
		{"unknown contact kind",
			edit(t, validFile, `kind = "phone"`, `kind = "fax"`),
			[]want{{28, "service[1].contact[1].kind", `unknown kind "fax"; use phone, whatsapp`}}},
		{"single brackets for a service",
			edit(t, validFile, "[[service]]", "[service]"),
			[]want{{9, "service", "double brackets"}}},
		{"name written as text",
			"id = \"x\"\nkind = \"ngo\"\nname = \"X\"\n",
			[]want{{0, "service", "at least one service"}, {3, "name", "must be a table with kk, ru and en"}}},
		{"problem in the second service is placed there",
			validFile + edit(t, secondService, `value = "111"`, `value = "11"`),
			[]want{{55, "service[2].contact[1].value", `"11": not a valid phone number`}}},
		{"service ID used twice in one file",
			validFile + edit(t, secondService, `"contact-centre-111.children"`, `"contact-centre-111.hotline"`),
			[]want{{37, "service[2].id", "already used by the service on line 10"}}},
		{"unconfirmed note without translations",
			validFile + "unconfirmed = true\n\n[service.contact.note]\nen = \"Hours may be limited.\"\n",
			[]want{
				{37, "service[1].contact[1].note.kk", "under [service.contact.note] of contact[1]"},
				{37, "service[1].contact[1].note.ru", "Russian (ru)"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := Parse("f.toml", []byte(tt.src))
			if len(ps) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(ps), len(tt.want), lines(ps))
			}
			for i, w := range tt.want {
				p := ps[i]
				if p.File != "f.toml" || p.Line != w.line || p.Field != w.field || !strings.Contains(p.Message, w.message) {
					t.Errorf("problem %d:\n got  %s\n want f.toml:%d: %s: …%s…", i, p, w.line, w.field, w.message)
				}
			}
		})
	}
}

// TestParseEmergencyWithoutNeeds: an emergency number may serve no need.
func TestParseEmergencyWithoutNeeds(t *testing.T) {
	src := edit(t, validFile, `needs = ["domestic_violence", "child_abuse"]`, ``, "general = true", "emergency = true")
	o, ps := Parse("f.toml", []byte(src))
	if len(ps) > 0 || !o.Services[0].Emergency || o.Services[0].Needs != nil {
		t.Fatalf("emergency service without needs: %v, %+v", ps, o.Services[0])
	}
}

func TestParseForms(t *testing.T) {
	tests := []struct {
		name string
		old  string
		new  string
		ok   func(referral.Service) bool
	}{
		{"ages open above", `cost = "free"`, `ages = "18-"`,
			func(s referral.Service) bool { return s.Eligibility.MinAge == 18 && s.Eligibility.MaxAge == 0 }},
		{"ages range", `cost = "free"`, `ages = "3-15"`,
			func(s referral.Service) bool { return s.Eligibility.MinAge == 3 && s.Eligibility.MaxAge == 15 }},
		{"area with abroad", `area = ["nationwide"]`, `area = ["almaty", "almaty_region", "abroad"]`,
			func(s referral.Service) bool {
				return !s.Area.Nationwide && s.Area.Abroad && len(s.Area.Regions) == 2 && s.Area.Regions[1] == referral.AlmatyRegion
			}},
		{"weekly hours", `hours = "24/7"`, `hours = "Mo-Fr 09:00-18:00; Sa 10:00-14:00"`,
			func(s referral.Service) bool { return len(s.Hours.Weekly) == 2 && s.Hours.Weekly[1].To == 14*60 }},
		{"hours unknown", `hours = "24/7"`, `hours = "unknown"`,
			func(s referral.Service) bool { return !s.Hours.Known() }},
		{"empty list is nil", `cost = "free"`, `languages = []`,
			func(s referral.Service) bool { return s.Languages == nil }},
		{"dotted keys and comments", "[service.name]\n", "# a comment\n[service.name] # and another\n",
			func(s referral.Service) bool { return s.Name.EN == "Contact centre 111" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, ps := Parse("f.toml", []byte(edit(t, validFile, tt.old, tt.new)))
			if len(ps) > 0 {
				t.Fatalf("problems: %v", ps)
			}
			if !tt.ok(o.Services[0]) {
				t.Errorf("read wrong: %+v", o.Services[0])
			}
		})
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{File: "a.toml", Line: 3, Field: "service[1].needs", Message: "unknown need"}, "a.toml:3: service[1].needs: unknown need"},
		{Problem{File: "a.toml", Field: "name.kk", Message: "missing"}, "a.toml: name.kk: missing"},
		{Problem{File: "a.toml", Line: 2, Message: "TOML syntax error"}, "a.toml:2: TOML syntax error"},
		{Problem{Line: 2, Field: "id", Message: "bad"}, "line 2: id: bad"},
		{Problem{Message: "bad"}, "bad"},
		{Problem{File: "a.toml", Line: 4, Field: "name.kk", Message: "missing", ToDo: true}, "to do: a.toml:4: name.kk: missing"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func lines(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("  " + p.String() + "\n")
	}
	return b.String()
}
