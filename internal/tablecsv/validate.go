package tablecsv

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/komek-kz/komek/internal/phone"
	"github.com/komek-kz/komek/internal/referral"
)

// validate runs the domain validation on what was read and places each
// problem on its row and column.
func (r *reader) validate() {
	referral.CanonicalPhones(r.orgs, phone.Canonical)
	t, err := referral.NewTable(r.orgs)
	if err != nil { // impossible: duplicates were skipped while reading
		r.add(0, "", "%v", err)
		return
	}
	for _, p := range referral.ValidateWith(t, phone.Canonical) {
		row, col := r.place(p)
		if r.bad[fmt.Sprint(row, "/", col)] {
			continue // already reported as unreadable
		}
		r.add(row, col, "%s", explain(p.Field, col, p.Message))
		r.ps[len(r.ps)-1].ToDo = p.ToDo
	}
}

var contactPath = regexp.MustCompile(`^contact\[([0-9]+)\]\.(.+)$`)

// place returns the row and column of a domain problem.
func (r *reader) place(p referral.Problem) (int, string) {
	if p.Service == "" {
		col := map[string]string{"id": "org_id", "kind": "org_kind", "service": "service_id"}[p.Field]
		if strings.HasPrefix(p.Field, "name.") {
			col = "org_" + strings.ReplaceAll(p.Field, ".", "_")
		}
		return r.orgRow[r.orgAt[p.Org]], col
	}
	row := r.serviceRow[p.Service]
	if m := contactPath.FindStringSubmatch(p.Field); m != nil {
		i, _ := strconv.Atoi(m[1])
		g := i
		if groups := r.contactGroup[p.Service]; i >= 1 && i <= len(groups) {
			g = groups[i-1]
		}
		field := map[string]string{"source": "sources"}[m[2]]
		if field == "" {
			field = strings.ReplaceAll(m[2], ".", "_")
		}
		return row, contactCol(g, field)
	}
	switch p.Field {
	case "id":
		return row, "service_id"
	case "ages":
		return row, "min_age"
	}
	return row, strings.ReplaceAll(p.Field, ".", "_")
}

var langName = map[string]string{"kk": "Kazakh (kk)", "ru": "Russian (ru)", "en": "English (en)"}

// explain adds to a domain problem's message what to write in the cell.
func explain(field, col, msg string) string {
	last := field[strings.LastIndex(field, ".")+1:]
	switch {
	case langName[last] != "":
		return fmt.Sprintf("the %s text is missing: fill in the %s cell", langName[last], col)
	case last == "needs" && strings.HasPrefix(msg, "unknown need"):
		return msg + "; use these codes, separated by ;: " + joinCodes(referral.Needs)
	case last == "needs":
		return msg + ", separated by ;. The codes are: " + joinCodes(referral.Needs)
	case last == "area":
		return msg + "; write nationwide, or region codes separated by ; (" + joinCodes(referral.Regions[:len(referral.Regions)-1]) + "), and add abroad when people outside Kazakhstan can use it"
	case strings.HasSuffix(col, "_kind") && strings.HasPrefix(col, "contact"):
		return msg + "; use phone, whatsapp, telegram, instagram, website, email or address"
	case last == "for":
		return msg + "; use hotline, crisis, chat, office, admissions or complaints, or leave the cell empty for the main contact"
	case last == "source":
		return msg + ": write it in the " + col + " cell (several separated by ;)"
	case last == "checked":
		return msg + ": write it in the " + col + " cell as 2025-11-06"
	case last == "cost":
		return msg + "; write free, paid or mixed, or leave the cell empty when unknown"
	}
	return msg
}

func joinCodes[T ~string](codes []T) string {
	return strings.Join(strs(codes), ", ")
}

// sortProblems orders problems by row, keeping the order of problems on
// the same row; problems with the whole file come first.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
}
