package referralfile

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/komek-kz/komek/internal/referral"
)

// Problem is one thing wrong with a referral file, placed so that a
// coordinator can find and fix it with a text editor.
type Problem struct {
	// File is the file name as given to Parse or found by LoadFS.
	File string
	// Line is the 1-based line of the offending key when it can be found,
	// else of the enclosing [[service]] or [[service.contact]] header, else 0.
	Line int
	// Field is the path of the offending value, with services and contacts
	// counted from 1 in file order: "name.kk", "service[2].needs",
	// "service[1].contact[3].source". It is "" for syntax errors.
	Field string
	// Message says in plain English what is wrong and what to write instead.
	Message string
	// ToDo marks a gap in an entry nobody is shown yet (see
	// referral.Problem.ToDo): the coordinators' to-do, not an error.
	ToDo bool
}

// SplitProblems separates errors, which refuse a file, from to-dos.
func SplitProblems(ps []Problem) (errs, todos []Problem) {
	for _, p := range ps {
		if p.ToDo {
			todos = append(todos, p)
		} else {
			errs = append(errs, p)
		}
	}
	return errs, todos
}

// String formats the problem as "file:line: field: message", leaving out
// the parts that are empty or zero.
func (p Problem) String() string {
	var parts []string
	loc := p.File
	if p.Line > 0 {
		if loc == "" {
			loc = "line " + strconv.Itoa(p.Line)
		} else {
			loc += ":" + strconv.Itoa(p.Line)
		}
	}
	for _, s := range []string{loc, p.Field, p.Message} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if p.ToDo {
		return "to do: " + strings.Join(parts, ": ")
	}
	return strings.Join(parts, ": ")
}

// sortProblems orders problems by line, keeping the order of problems on the
// same line; problems without a line come first.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
}

// explain turns a domain problem's message into one that also says what to
// write instead. field is the domain's field path ("contact[2].kind");
// inService tells whether it is a service's field or the organisation's.
func explain(field string, inService bool, msg string) string {
	last := field[strings.LastIndex(field, ".")+1:]
	inContact := strings.HasPrefix(field, "contact[")
	missing := strings.Contains(msg, `""`)
	switch {
	case missing && last == "id" && inService:
		return `the service has no id: write id = "<organisation id>.<short name>", as in id = "contact-centre-111.hotline"`
	case missing && last == "id":
		return `the organisation has no id: write id = "…" in lower-case letters and digits joined by - _ or ., the same as the file name without .toml`
	case missing && last == "kind" && inContact:
		return `the contact has no kind: write kind = "phone" (or whatsapp, telegram, instagram, website, email, address)`
	case missing && last == "kind":
		return `the organisation has no kind: write kind = "state", "ngo" or "international"`
	case missing && last == "value":
		return `the contact has no value: write value = "…" with the number, address or handle`
	case last == "kk" || last == "ru" || last == "en":
		section := strings.TrimSuffix(field, "."+last)
		return fmt.Sprintf("the %s text is missing: add %s = \"…\" under %s",
			langName[last], last, sectionName(section, inService))
	case last == "needs" && strings.HasPrefix(msg, "unknown need"):
		return msg + "; use one of: " + joinCodes(referral.Needs)
	case last == "needs":
		return msg + `, as in needs = ["legal"]; the codes are: ` + joinCodes(referral.Needs)
	case last == "area" && strings.HasPrefix(msg, "unknown region"):
		return msg + "; use nationwide, abroad or a region code: " + joinCodes(referral.Regions[:len(referral.Regions)-1])
	case last == "area":
		return msg + `, as in area = ["nationwide"] or area = ["almaty", "almaty_region"]`
	case inContact && last == "kind":
		return msg + "; use phone, whatsapp, telegram, instagram, website, email or address"
	case last == "for":
		return msg + "; use hotline, crisis, chat, office, admissions or complaints, or leave it out for the main contact"
	case inContact && last == "cost":
		return msg + "; use free, paid or mixed, or leave it out to use the service's cost"
	case last == "source":
		return msg + `; write source = ["https://…"] with the address of the page the contact was read on`
	case last == "checked":
		return msg + ", written without quotes, as in checked = 2025-11-06"
	case !inService && field == "service":
		return msg + ": add a [[service]] section"
	}
	return msg
}

var langName = map[string]string{"kk": "Kazakh (kk)", "ru": "Russian (ru)", "en": "English (en)"}

// sectionName names the TOML table a text field lives in: "name" of the
// organisation is [name], "description" of a service is
// [service.description], and "contact[2].note" is the [service.contact.note]
// of the second contact.
func sectionName(section string, inService bool) string {
	if !inService {
		return "[" + section + "]"
	}
	if c, rest, ok := strings.Cut(section, "]."); ok && strings.HasPrefix(c, "contact[") {
		return "[service.contact." + rest + "] of " + c + "]"
	}
	return "[service." + section + "]"
}

func joinCodes[T ~string](codes []T) string {
	s := make([]string, len(codes))
	for i, c := range codes {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}
