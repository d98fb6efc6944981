package referral

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Problem is one thing wrong with the table, with enough of a place for a
// coordinator to find it: the organisation, the service and the field.
type Problem struct {
	Org     string // organisation ID
	Service string // service ID; "" for the organisation itself
	Field   string // field path, as in the text format ("contact[2].source")
	Message string // plain explanation of what is wrong and what is expected
	// ToDo marks a gap in an entry that nobody is shown yet: a service with
	// no confirmed contact (a draft, such as one imported from another
	// referral system) may lack translations, needs or an area, and a lead
	// may lack its source, until a coordinator completes and confirms it.
	// Such gaps are the coordinators' to-do list, not errors: a table with
	// them may be stored. Everything shown to a person must be complete.
	ToDo bool
}

func (p Problem) String() string {
	if p.ToDo {
		return "to do: " + p.withoutToDo().String()
	}
	where := p.Org
	if p.Service != "" {
		where = p.Service
	}
	if p.Field != "" {
		where += ": " + p.Field
	}
	return where + ": " + p.Message
}

func (p Problem) withoutToDo() Problem { p.ToDo = false; return p }

// Split separates the errors, which make a table unfit to store, from the
// to-dos (see Problem.ToDo).
func Split(ps []Problem) (errs, todos []Problem) {
	for _, p := range ps {
		if p.ToDo {
			todos = append(todos, p)
		} else {
			errs = append(errs, p)
		}
	}
	return errs, todos
}

var idPattern = regexp.MustCompile(`^[a-z0-9]+(?:[-_.][a-z0-9]+)*$`)

// PhoneRules checks a written phone number and returns its canonical form
// (E.164, or a short national number as people know it). The real rules
// are internal/phone's, built on libphonenumber, which this pure package
// cannot import: callers that read outside input pass them in.
type PhoneRules func(raw string) (canonical string, err error)

// ExamplePrefix starts the IDs of the made-up rows in the spreadsheet
// template (referrals/template.csv). Validate refuses them, so that an
// example can never reach a person even if the template is imported as is.
const ExamplePrefix = "example-"

// Validate checks every organisation, service and contact in the table and
// returns every problem found, in table order; nil means the table is good.
// Phone numbers are only checked for their shape: ValidateWith checks them
// against the numbering plans.
func Validate(t *Table) []Problem { return ValidateWith(t, nil) }

// ValidateWith is Validate with phone and WhatsApp numbers checked by
// rules, which must also accept their canonical form unchanged (see
// CanonicalPhones); nil rules check the shape only.
func ValidateWith(t *Table, rules PhoneRules) []Problem {
	var ps []Problem
	for i := range t.orgs {
		ps = append(ps, validateOrg(&t.orgs[i], rules)...)
	}
	return ps
}

// CanonicalPhones rewrites, in place, every phone and WhatsApp number that
// rules accept into its canonical form; the others are left for
// ValidateWith to report.
func CanonicalPhones(orgs []Organization, rules PhoneRules) {
	for i := range orgs {
		for j := range orgs[i].Services {
			cs := orgs[i].Services[j].Contacts
			for k := range cs {
				if cs[k].Kind != Phone && !(cs[k].Kind == WhatsApp && !strings.HasPrefix(cs[k].Value, "https://")) {
					continue
				}
				if v, err := rules(cs[k].Value); err == nil {
					cs[k].Value = v
				}
			}
		}
	}
}

func validateOrg(o *Organization, rules PhoneRules) []Problem {
	var ps []Problem
	draft := !slices.ContainsFunc(o.Services, func(s Service) bool { return s.Confirmed() })
	problem := func(todo bool) addFunc {
		return func(field, format string, args ...any) {
			ps = append(ps, Problem{Org: o.ID, Field: field, Message: fmt.Sprintf(format, args...), ToDo: todo})
		}
	}
	add, gap := problem(false), problem(draft)
	if !idPattern.MatchString(o.ID) {
		add("id", "ID %q must be lower-case letters and digits joined by - _ or .", o.ID)
	}
	if strings.HasPrefix(o.ID, ExamplePrefix) {
		gap("id", "%q is a made-up example (its ID starts with %q): replace every value with a real organisation's, or delete it", o.ID, ExamplePrefix)
	}
	checkText(o.Name, "name", gap)
	switch {
	case o.Kind == "":
		gap("kind", "say what kind of organisation it is: state, ngo or international")
	case !o.Kind.Valid():
		add("kind", "unknown kind %q (use state, ngo or international)", o.Kind)
	}
	if len(o.Services) == 0 {
		add("service", "an organisation needs at least one service")
	}
	for i := range o.Services {
		ps = append(ps, validateService(o, &o.Services[i], rules)...)
	}
	return ps
}

func validateService(o *Organization, s *Service, rules PhoneRules) []Problem {
	var ps []Problem
	problem := func(todo bool) addFunc {
		return func(field, format string, args ...any) {
			ps = append(ps, Problem{Org: o.ID, Service: s.ID, Field: field, Message: fmt.Sprintf(format, args...), ToDo: todo})
		}
	}
	add, gap := problem(false), problem(!s.Confirmed())
	if !idPattern.MatchString(s.ID) || !strings.HasPrefix(s.ID, o.ID+".") {
		add("id", "service ID %q must start with the organisation ID and a dot (%q)", s.ID, o.ID+".")
	}
	checkText(s.Name, "name", gap)
	checkText(s.Description, "description", gap)
	if len(s.Needs) == 0 && !s.Emergency {
		gap("needs", "list at least one need")
	}
	for _, n := range s.Needs {
		if !n.Valid() {
			add("needs", "unknown need %q", n)
		}
	}
	for _, n := range s.Partial {
		if !s.Serves(n) {
			add("partial", "%q is not among the service's needs", n)
		}
	}
	for _, n := range sortedNeeds(s.NeedDescriptions) {
		if !s.Serves(n) && !s.General {
			add("description_for."+string(n), "%q is not among the service's needs (only a general line may describe itself for other needs)", n)
		}
		checkText(s.NeedDescriptions[n], "description_for."+string(n), add)
	}
	validateArea(s.Area, add, gap)
	validateEligibility(s.Eligibility, add)
	for _, l := range s.Languages {
		if len(l) != 2 || strings.ToLower(l) != l {
			add("languages", "%q is not a two-letter language code such as kk, ru or uz", l)
		}
		if l == "kz" {
			add("languages", `the code for Kazakh is "kk", not "kz"`)
		}
	}
	if !s.Cost.Valid() {
		add("cost", "unknown cost %q (use free, paid or mixed)", s.Cost)
	}
	for i := range s.Contacts {
		c := &s.Contacts[i]
		leadGap := add
		if c.Unconfirmed {
			leadGap = problem(true)
		}
		validateContact(c, fmt.Sprintf("contact[%d]", i+1), rules, add, leadGap)
	}
	return ps
}

type addFunc func(field, format string, args ...any)

func checkText(t Text, field string, add addFunc) {
	for _, l := range t.Missing() {
		add(field+"."+string(l), "missing text in %s", l)
	}
}

func validateArea(a Area, add, gap addFunc) {
	if !a.Nationwide && len(a.Regions) == 0 && !a.Abroad {
		gap("area", "say where the service works: nationwide, a list of regions, or abroad")
	}
	if a.Nationwide && len(a.Regions) > 0 {
		add("area", "a nationwide service lists no regions")
	}
	for _, r := range a.Regions {
		if !r.Valid() || r == Abroad {
			add("area", "unknown region %q", r)
		}
	}
}

func validateEligibility(e Eligibility, add addFunc) {
	if e.MinAge < 0 || e.MaxAge < 0 || e.MinAge > 120 || e.MaxAge > 120 {
		add("ages", "ages must be between 0 and 120")
	}
	if e.MaxAge > 0 && e.MaxAge < e.MinAge {
		add("ages", "the upper age %d is below the lower age %d", e.MaxAge, e.MinAge)
	}
	if !e.Citizenship.Valid() || e.Citizenship == Stateless {
		add("citizenship", "unknown value %q (use kz or foreign)", e.Citizenship)
	}
}

// validateContact checks one contact; gap reports what a lead may still
// lack (its source and check date) until someone confirms it.
func validateContact(c *Contact, field string, rules PhoneRules, add, gap addFunc) {
	if !c.Kind.Valid() {
		add(field+".kind", "unknown kind %q", c.Kind)
	} else if err := CheckContactValueWith(c.Kind, c.Value, rules); err != nil {
		add(field+".value", "%v", err)
	}
	if !c.Purpose.Valid() {
		add(field+".for", "unknown purpose %q", c.Purpose)
	}
	if !c.Cost.Valid() {
		add(field+".cost", "unknown cost %q", c.Cost)
	}
	if len(c.Sources) == 0 {
		gap(field+".source", "every contact needs the URL it was found on")
	}
	for _, src := range c.Sources {
		if !isWebURL(src) {
			add(field+".source", "%q is not an http(s) URL", src)
		}
	}
	if c.Checked.IsZero() {
		gap(field+".checked", "every contact needs the date it was last checked (YYYY-MM-DD)")
	}
	if !c.Note.IsZero() {
		checkText(c.Note, field+".note", add)
	}
	for i, k := range c.Checks {
		f := fmt.Sprintf("%s.check[%d]", field, i+1)
		if !k.Outcome.Valid() {
			add(f+".outcome", "unknown outcome %q (use reached, wrong_number or no_answer)", k.Outcome)
		}
		if strings.TrimSpace(k.By) == "" {
			add(f+".by", "say who checked")
		}
		if k.On.IsZero() {
			add(f+".on", "say when it was checked (YYYY-MM-DD)")
		}
		if !slices.Contains(CheckHows, k.How) {
			add(f+".how", "unknown way %q (use %s)", k.How, strings.Join(CheckHows, ", "))
		}
	}
}

// sortedNeeds returns the needs of m in taxonomy order.
func sortedNeeds(m map[Need]Text) []Need {
	var out []Need
	for n := range m {
		out = append(out, n)
	}
	slices.SortFunc(out, func(a, b Need) int { return strings.Compare(string(a), string(b)) })
	return out
}

var (
	intlPhone  = regexp.MustCompile(`^\+[1-9][0-9 ()-]+[0-9]$`)
	shortPhone = regexp.MustCompile(`^[0-9]+(?:[ -][0-9]+)*$`)
	handle     = regexp.MustCompile(`^@[A-Za-z][A-Za-z0-9_.]{3,31}$`)
)

// CheckContactValue reports whether v is well formed for a contact of kind k:
// phones in international form (+7 …, 8 to 15 digits) or as a short national
// number (3 to 6 digits); URLs with http or https; handles with @; e-mail
// addresses; non-empty addresses.
func CheckContactValue(k ContactKind, v string) error { return CheckContactValueWith(k, v, nil) }

// CheckContactValueWith is CheckContactValue with phone and WhatsApp numbers
// checked by rules (nil: by their shape only). A value must already be in
// its canonical form: rules must return it unchanged.
func CheckContactValueWith(k ContactKind, v string, rules PhoneRules) error {
	check := checkPhone
	if rules != nil {
		check = func(v string) error { return checkCanonical(v, rules) }
	}
	switch k {
	case Phone:
		return check(v)
	case WhatsApp:
		if strings.HasPrefix(v, "https://wa.me/") {
			return nil
		}
		if err := check(v); err != nil || !strings.HasPrefix(v, "+") {
			return fmt.Errorf("%q is not a WhatsApp number in international form (+7 …) or a https://wa.me/ link", v)
		}
	case Telegram, Instagram:
		if !handle.MatchString(v) && !isWebURL(v) {
			return fmt.Errorf("%q is neither an @handle nor an https link", v)
		}
	case Website:
		if !isWebURL(v) {
			return fmt.Errorf("%q is not an http(s) URL", v)
		}
	case Email:
		a, err := mail.ParseAddress(v)
		if err != nil || a.Address != v {
			return fmt.Errorf("%q is not a plain e-mail address", v)
		}
	case Address:
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("the address is empty")
		}
	}
	return nil
}

// checkCanonical reports rules' error for v, or that v is not written in
// its canonical form.
func checkCanonical(v string, rules PhoneRules) error {
	c, err := rules(v)
	if err != nil {
		return err
	}
	if c != v {
		return fmt.Errorf("%q is stored as %q: write it so", v, c)
	}
	return nil
}

func checkPhone(v string) error {
	digits := 0
	for _, r := range v {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	switch {
	case intlPhone.MatchString(v) && digits >= 8 && digits <= 15:
		return nil
	case shortPhone.MatchString(v) && digits >= 3 && digits <= 6:
		return nil
	}
	return fmt.Errorf("%q is not a phone number in international form (+7 727 258 45 98) or a short national number (111, 116 16)", v)
}

func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && strings.Contains(u.Host, ".") &&
		!strings.ContainsAny(s, " \t\n")
}
