package store

import (
	"errors"
	"reflect"
	"testing"

	"github.com/komek-kz/komek/internal/referral"
)

func TestTableRoundTripKeepsOrderAndEveryField(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	want := sampleTable()
	if err := db.ReplaceTable(want); err != nil {
		t.Fatal(err)
	}
	got, err := db.Table()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("table changed on the way through the store:\n got %+v\nwant %+v", got, want)
	}
}

func TestTableOfANewDatabaseIsEmpty(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	if got, err := db.Table(); got != nil || err != nil {
		t.Errorf("Table() = %v, %v; want nil, nil", got, err)
	}
}

func TestReplaceTableDropsOrganisationsNoLongerListed(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	orgs := sampleTable()
	if err := db.ReplaceTable(orgs); err != nil {
		t.Fatal(err)
	}
	smaller := []referral.Organization{orgs[2], orgs[0]}
	if err := db.ReplaceTable(smaller); err != nil {
		t.Fatal(err)
	}

	got, err := db.Table()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, smaller) {
		t.Errorf("Table() = %+v, want %+v", got, smaller)
	}
	err = db.View(func(tx *Tx) error {
		if n := tx.tx.Bucket(bucketOrgs).Stats().KeyN; n != len(smaller) {
			t.Errorf("orgs bucket holds %d records, want %d", n, len(smaller))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestReplaceTableRefusesMissingOrRepeatedIDsAndKeepsTheOldTable(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	orgs := sampleTable()
	if err := db.ReplaceTable(orgs); err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string][]referral.Organization{
		"missing ID":  {orgs[0], {Kind: referral.KindNGO}},
		"repeated ID": {orgs[0], orgs[1], orgs[0]},
	} {
		if err := db.ReplaceTable(bad); err == nil {
			t.Errorf("%s: ReplaceTable succeeded", name)
		}
	}
	if got, err := db.Table(); err != nil || !reflect.DeepEqual(got, orgs) {
		t.Errorf("table after refused replacements: %v, %v", got, err)
	}
}

func TestTxHelpersComposeInOneTransaction(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	errAbort := errors.New("abort")
	err := db.Update(func(tx *Tx) error {
		if err := tx.ReplaceTable(sampleTable()); err != nil {
			return err
		}
		if got, err := tx.Table(); err != nil || len(got) != 3 {
			t.Errorf("inside the transaction: %d organisations, %v", len(got), err)
		}
		return errAbort
	})
	if err != errAbort {
		t.Fatalf("Update: %v", err)
	}
	if got, err := db.Table(); got != nil || err != nil {
		t.Errorf("after rollback: %v, %v; want no table", got, err)
	}
}

func TestTableReportsADamagedRecord(t *testing.T) {
	t.Parallel()
	db := openTemp(t, Options{})
	orgs := sampleTable()
	if err := db.ReplaceTable(orgs); err != nil {
		t.Fatal(err)
	}
	err := db.Update(func(tx *Tx) error {
		return tx.tx.Bucket(bucketOrgs).Put([]byte(orgs[1].ID), []byte("{not json"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Table(); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Table() error = %v, want ErrCorrupt", err)
	}
}
