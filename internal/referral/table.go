package referral

import (
	"fmt"
	"slices"
)

// Table is the referral table: every organisation and service, indexed for
// matching. Build it with NewTable; after that it is read-only and safe for
// concurrent use. The organisations passed to NewTable must not be modified
// afterwards.
type Table struct {
	orgs    []Organization
	byID    map[string]*Service
	orgOf   map[string]*Organization
	orgByID map[string]*Organization
	byNeed  map[Need][]*Service
	// emergency and general keep table order.
	emergency []*Service
	general   []*Service
	// match is Match's index (match_index.go).
	match *matchIndex
}

// NewTable indexes orgs. It fails only on what would make lookups ambiguous
// (a duplicate organisation or service ID); Validate reports everything
// else. The table keeps orgs; callers must not modify them afterwards.
func NewTable(orgs []Organization) (*Table, error) {
	t := &Table{
		orgs:    orgs,
		byID:    make(map[string]*Service),
		orgOf:   make(map[string]*Organization),
		orgByID: make(map[string]*Organization, len(orgs)),
		byNeed:  make(map[Need][]*Service),
	}
	for i := range orgs {
		o := &orgs[i]
		if _, dup := t.orgByID[o.ID]; dup {
			return nil, fmt.Errorf("referral: duplicate organisation ID %q", o.ID)
		}
		t.orgByID[o.ID] = o
		for j := range o.Services {
			s := &o.Services[j]
			if _, dup := t.byID[s.ID]; dup {
				return nil, fmt.Errorf("referral: duplicate service ID %q", s.ID)
			}
			t.byID[s.ID] = s
			t.orgOf[s.ID] = o
			if s.Emergency { // shown only by EmergencyContacts, never as a result
				t.emergency = append(t.emergency, s)
			} else {
				for _, n := range s.Needs {
					t.byNeed[n] = append(t.byNeed[n], s)
				}
			}
			if s.General {
				t.general = append(t.general, s)
			}
		}
	}
	t.match = newMatchIndex(t)
	return t, nil
}

// Organizations returns the organisations in table order. The slice is the
// table's own: do not modify it.
func (t *Table) Organizations() []Organization { return t.orgs }

// Organization returns the organisation with the given ID.
func (t *Table) Organization(id string) (*Organization, bool) {
	o, ok := t.orgByID[id]
	return o, ok
}

// Service returns the service with the given ID and its organisation.
func (t *Table) Service(id string) (*Service, *Organization, bool) {
	s, ok := t.byID[id]
	if !ok {
		return nil, nil, false
	}
	return s, t.orgOf[id], true
}

// Len returns the number of services.
func (t *Table) Len() int { return len(t.byID) }

// ServiceIDs returns every service ID, sorted.
func (t *Table) ServiceIDs() []string {
	ids := make([]string, 0, len(t.byID))
	for id := range t.byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// AgeMatters reports whether, for need n, some confirmed service is limited
// by age, so that asking a person's age can change the answer.
func (t *Table) AgeMatters(n Need) bool {
	for _, s := range t.byNeed[n] {
		if s.Confirmed() && (s.Eligibility.MinAge > 0 || s.Eligibility.MaxAge > 0) {
			return true
		}
	}
	return false
}
