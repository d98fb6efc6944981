package tableops

import (
	"errors"
	"fmt"

	"github.com/komek-kz/komek/internal/phone"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/store"
)

// ErrTableChanged is returned by Apply when Options.IfBase is set and the
// stored table is no longer the one the plan was made against: someone
// imported in between. Nothing is changed; make the plan again.
var ErrTableChanged = errors.New("the referral table changed since the summary was made; run the import again")

// Options configure Apply.
type Options struct {
	Mode Mode
	// DryRun computes the plan and checks the result but changes nothing.
	DryRun bool
	// IfBase, when set, is the Plan.Base of an earlier dry run: Apply then
	// fails with ErrTableChanged unless the stored table is still that one.
	IfBase string
	// KeepTextOnly says the incoming organisations come from a format that
	// cannot hold per-need descriptions, partial needs and coordinators'
	// checks (a spreadsheet, HSDS): the stored ones are kept for the
	// services and contacts the incoming ones match, instead of being lost.
	KeepTextOnly bool
}

// Result is what Apply did or would do.
type Result struct {
	Plan Plan
	// Problems are what is wrong with the table the import would give; when
	// there are any, nothing was stored.
	Problems []referral.Problem
	// ToDo are gaps in entries nobody is shown yet (referral.Problem.ToDo):
	// reported, but they do not stop the import.
	ToDo []referral.Problem
	// Table is the new table, indexed, when it was stored (not on a dry run
	// or with problems): hand it to the running engine.
	Table *referral.Table
	// Applied reports that the new table was stored.
	Applied bool
}

// errRollback makes store.Update roll back a dry run or a refused import.
var errRollback = errors.New("roll back")

// Apply imports incoming into the table stored in db, all or nothing: in
// one read-write transaction it reads the current table, combines incoming
// with it in opts.Mode, checks the result (referral.NewTable and
// referral.Validate) and, unless it is a dry run or there are problems,
// replaces the stored table with it. An empty plan stores nothing and
// reports Applied. The error is for store failures and ErrTableChanged;
// problems with the table are in Result.Problems.
func Apply(db *store.DB, incoming []referral.Organization, opts Options) (Result, error) {
	if opts.Mode != Replace && opts.Mode != Merge {
		return Result{}, fmt.Errorf("tableops: apply: unknown mode %q", opts.Mode)
	}
	var r Result
	err := db.Update(func(tx *store.Tx) error {
		current, err := tx.Table()
		if err != nil {
			return err
		}
		base := Fingerprint(current)
		if opts.IfBase != "" && opts.IfBase != base {
			return ErrTableChanged
		}
		if opts.KeepTextOnly {
			incoming = keepTextOnly(current, incoming)
		}
		next := Combine(current, incoming, opts.Mode)
		r = Check(next)
		r.Plan = Plan{Mode: opts.Mode, Changes: Diff(current, next), Base: base, Organizations: len(next)}
		for _, o := range next {
			r.Plan.Services += len(o.Services)
		}
		if opts.DryRun || len(r.Problems) > 0 {
			r.Table = nil
			return errRollback
		}
		if r.Plan.Empty() {
			r.Applied = true
			return errRollback
		}
		if err := tx.ReplaceTable(next); err != nil {
			return err
		}
		r.Applied = true
		return nil
	})
	if err != nil && !errors.Is(err, errRollback) {
		return Result{}, fmt.Errorf("tableops: apply: %w", err)
	}
	return r, nil
}

// Check indexes orgs as a table and validates it; the Result has the table
// when there are no problems (to-dos are allowed), and no plan.
func Check(orgs []referral.Organization) Result {
	t, err := referral.NewTable(orgs)
	if err != nil {
		return Result{Problems: []referral.Problem{{Message: err.Error()}}}
	}
	errs, todos := referral.Split(referral.ValidateWith(t, phone.Canonical))
	if len(errs) > 0 {
		return Result{Problems: errs, ToDo: todos}
	}
	return Result{Table: t, ToDo: todos}
}

// keepTextOnly returns a copy of incoming in which every service and
// contact that exists in current (same service ID; same contact kind and
// value) and lacks the fields only the text format holds gets current's.
func keepTextOnly(current, incoming []referral.Organization) []referral.Organization {
	services := map[string]*referral.Service{}
	for i := range current {
		for j := range current[i].Services {
			services[current[i].Services[j].ID] = &current[i].Services[j]
		}
	}
	out := make([]referral.Organization, len(incoming))
	for i, o := range incoming {
		o.Services = append([]referral.Service(nil), o.Services...)
		for j := range o.Services {
			s := &o.Services[j]
			old, ok := services[s.ID]
			if !ok {
				continue
			}
			if s.NeedDescriptions == nil {
				s.NeedDescriptions = old.NeedDescriptions
			}
			if s.Partial == nil {
				s.Partial = old.Partial
			}
			s.Contacts = append([]referral.Contact(nil), s.Contacts...)
			for k := range s.Contacts {
				c := &s.Contacts[k]
				for _, oc := range old.Contacts {
					if c.Checks == nil && oc.Kind == c.Kind && oc.Value == c.Value {
						c.Checks = oc.Checks
					}
				}
			}
		}
		out[i] = o
	}
	return out
}
