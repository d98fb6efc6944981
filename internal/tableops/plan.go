// Package tableops changes the stored referral table all or nothing: it
// works out what an import would add, change and remove, checks the table
// that would result, and stores it in one store transaction. The command
// line and the admin endpoint of a running bot both import through it.
package tableops

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"

	"github.com/komek-kz/komek/internal/referral"
)

// Mode says how incoming organisations combine with the stored table.
type Mode string

// Modes.
const (
	// Replace makes the incoming organisations the whole table: what they
	// do not list is removed.
	Replace Mode = "replace"
	// Merge adds incoming organisations and services and updates those
	// with the same ID; it never removes anything. An incoming organisation
	// that exists already takes the incoming organisation fields (names,
	// kind, other names, notes); its services not in the incoming file stay
	// as they are, in their place, and new ones are added after them.
	Merge Mode = "merge"
)

// ParseMode reads "replace" or "merge".
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case Replace, Merge:
		return m, nil
	}
	return "", fmt.Errorf("tableops: unknown mode %q: use replace or merge", s)
}

// Op is what happens to one organisation or service.
type Op string

// Ops.
const (
	Added   Op = "added"
	Changed Op = "changed"
	Removed Op = "removed"
)

// Change is one organisation or service that an import adds, changes or
// removes.
type Change struct {
	Op Op `json:"op"`
	// Service is true for a service, false for an organisation.
	Service bool   `json:"service"`
	ID      string `json:"id"`
}

// Plan is what an import does to the table. An organisation counts as
// changed when its own fields or the order of its services change; a
// service when any of its fields does.
type Plan struct {
	Mode    Mode     `json:"mode"`
	Changes []Change `json:"changes"`
	// Base fingerprints the table the plan was made against (Fingerprint);
	// Apply with Options.IfBase refuses to apply a plan to another table.
	Base string `json:"base"`
	// Organizations and Services count the table after the import.
	Organizations int `json:"organizations"`
	Services      int `json:"services"`
}

// Empty reports whether the import changes nothing.
func (p Plan) Empty() bool { return len(p.Changes) == 0 }

// Count returns the number of changes with op.
func (p Plan) Count(op Op) int {
	n := 0
	for _, c := range p.Changes {
		if c.Op == op {
			n++
		}
	}
	return n
}

// Combine returns the table that importing incoming into current in mode
// gives. Neither argument is modified; the result shares no slices with
// current that Combine's caller could later modify through incoming.
func Combine(current, incoming []referral.Organization, mode Mode) []referral.Organization {
	if mode == Replace {
		return slices.Clone(incoming)
	}
	next := slices.Clone(current)
	at := make(map[string]int, len(next))
	for i, o := range next {
		at[o.ID] = i
	}
	for _, in := range incoming {
		i, ok := at[in.ID]
		if !ok {
			at[in.ID] = len(next)
			next = append(next, in)
			continue
		}
		next[i] = mergeOrg(next[i], in)
	}
	return next
}

// mergeOrg updates old with the fields and services of in.
func mergeOrg(old, in referral.Organization) referral.Organization {
	services := slices.Clone(old.Services)
	at := make(map[string]int, len(services))
	for i, s := range services {
		at[s.ID] = i
	}
	for _, s := range in.Services {
		if i, ok := at[s.ID]; ok {
			services[i] = s
			continue
		}
		at[s.ID] = len(services)
		services = append(services, s)
	}
	in.Services = services
	return in
}

// Diff lists what changes from old to next: organisations and services
// added, changed and removed, in table order (removed ones in old's order).
func Diff(old, next []referral.Organization) []Change {
	var cs []Change
	oldOrgs, oldSvcs := index(old)
	newOrgs, newSvcs := index(next)
	for _, o := range next {
		prev, ok := oldOrgs[o.ID]
		switch {
		case !ok:
			cs = append(cs, Change{Added, false, o.ID})
		case !sameOrgFields(prev, o):
			cs = append(cs, Change{Changed, false, o.ID})
		}
		for _, s := range o.Services {
			prev, ok := oldSvcs[s.ID]
			switch {
			case !ok:
				cs = append(cs, Change{Added, true, s.ID})
			case !reflect.DeepEqual(prev, s):
				cs = append(cs, Change{Changed, true, s.ID})
			}
		}
	}
	for _, o := range old {
		for _, s := range o.Services {
			if _, ok := newSvcs[s.ID]; !ok {
				cs = append(cs, Change{Removed, true, s.ID})
			}
		}
		if _, ok := newOrgs[o.ID]; !ok {
			cs = append(cs, Change{Removed, false, o.ID})
		}
	}
	return cs
}

func index(orgs []referral.Organization) (map[string]referral.Organization, map[string]referral.Service) {
	os := make(map[string]referral.Organization, len(orgs))
	ss := make(map[string]referral.Service)
	for _, o := range orgs {
		os[o.ID] = o
		for _, s := range o.Services {
			ss[s.ID] = s
		}
	}
	return os, ss
}

// sameOrgFields compares organisations without their services, but with
// the order of their service IDs.
func sameOrgFields(a, b referral.Organization) bool {
	ids := func(o referral.Organization) []string {
		var out []string
		for _, s := range o.Services {
			out = append(out, s.ID)
		}
		return out
	}
	if !slices.Equal(ids(a), ids(b)) {
		return false
	}
	a.Services, b.Services = nil, nil
	return reflect.DeepEqual(a, b)
}

// Fingerprint is a short hash of a table's canonical JSON: equal tables
// have equal fingerprints.
func Fingerprint(orgs []referral.Organization) string {
	data, err := json.Marshal(orgs)
	if err != nil { // impossible: the model holds only JSON-safe values
		panic("tableops: fingerprint: " + err.Error())
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:8])
}
