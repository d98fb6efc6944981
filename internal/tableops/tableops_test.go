package tableops

import (
	"reflect"
	"testing"

	"github.com/komek-kz/komek/internal/referral"
)

func org(id string, services ...string) referral.Organization {
	o := referral.Organization{ID: id}
	for _, s := range services {
		o.Services = append(o.Services, referral.Service{ID: id + "." + s})
	}
	return o
}

func TestCombineAndDiff(t *testing.T) {
	current := []referral.Organization{org("a", "x", "y"), org("b", "z")}
	changed := org("a", "y", "w")
	changed.Services[0].Notes = "new"
	incoming := []referral.Organization{changed, org("c", "v")}

	merged := Combine(current, incoming, Merge)
	want := []referral.Organization{org("a", "x", "y", "w"), org("b", "z"), org("c", "v")}
	want[0].Services[1].Notes = "new"
	if !reflect.DeepEqual(merged, want) {
		t.Errorf("merge:\n got %+v\nwant %+v", merged, want)
	}
	if got := Diff(current, merged); !reflect.DeepEqual(got, []Change{
		{Changed, false, "a"}, {Changed, true, "a.y"}, {Added, true, "a.w"}, {Added, false, "c"}, {Added, true, "c.v"},
	}) {
		t.Errorf("merge diff: %+v", got)
	}
	replaced := Combine(current, incoming, Replace)
	if got := Diff(current, replaced); !reflect.DeepEqual(got, []Change{
		{Changed, false, "a"}, {Changed, true, "a.y"}, {Added, true, "a.w"}, {Added, false, "c"}, {Added, true, "c.v"},
		{Removed, true, "a.x"}, {Removed, true, "b.z"}, {Removed, false, "b"},
	}) {
		t.Errorf("replace diff: %+v", got)
	}
	if Fingerprint(current) == Fingerprint(merged) || Fingerprint(current) != Fingerprint(Combine(current, nil, Merge)) {
		t.Error("fingerprints")
	}
}
