package store

import (
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/komek-kz/komek/internal/referral"
)

// Table returns the stored referral table in the order it was stored; nil
// when it is empty or was never stored. See Tx.Table.
func (db *DB) Table() ([]referral.Organization, error) {
	var orgs []referral.Organization
	err := db.View(func(tx *Tx) (err error) {
		orgs, err = tx.Table()
		return err
	})
	return orgs, err
}

// ReplaceTable replaces the whole referral table with orgs in one
// transaction. See Tx.ReplaceTable.
func (db *DB) ReplaceTable(orgs []referral.Organization) error {
	return db.Update(func(tx *Tx) error { return tx.ReplaceTable(orgs) })
}

// Table returns the stored referral table in the order it was stored; nil
// when it is empty or was never stored. The organisations are decoded afresh
// on every call: the caller owns them. Times come back as the same instants;
// their Location is UTC only if it was UTC when stored. A record that cannot be decoded gives an error wrapping ErrCorrupt.
func (tx *Tx) Table() ([]referral.Organization, error) {
	ids, err := tx.order()
	if err != nil {
		return nil, fmt.Errorf("store: table: %w", err)
	}
	b, err := tx.bucket(bucketOrgs)
	if err != nil {
		return nil, fmt.Errorf("store: table: %w", err)
	}
	var orgs []referral.Organization
	for _, id := range ids {
		o, err := decodeOrg(b, id)
		if err != nil {
			return nil, fmt.Errorf("store: table: organisation %q: %w", id, err)
		}
		orgs = append(orgs, o)
	}
	return orgs, nil
}

// order returns the organisation IDs in table order.
func (tx *Tx) order() ([]string, error) {
	meta, err := tx.bucket(bucketMeta)
	if err != nil {
		return nil, err
	}
	v := meta.Get(keyOrder)
	if v == nil {
		return nil, nil
	}
	var ids []string
	if err := json.Unmarshal(v, &ids); err != nil {
		return nil, fmt.Errorf("order: %w: %w", ErrCorrupt, err)
	}
	return ids, nil
}

func decodeOrg(b *bolt.Bucket, id string) (referral.Organization, error) {
	var o referral.Organization
	v := b.Get([]byte(id))
	if v == nil {
		return o, fmt.Errorf("%w: listed in the order but not stored", ErrCorrupt)
	}
	if err := json.Unmarshal(v, &o); err != nil {
		return o, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return o, nil
}

// ReplaceTable replaces the whole referral table with orgs, keeping their
// order, and marks the database as seeded so Options.Seed never overwrites
// it. Every organisation needs a non-empty ID, unique in orgs; ReplaceTable
// checks nothing else (validate with the referral package first). Nil or
// empty orgs empties the table. ReplaceTable does not keep orgs.
func (tx *Tx) ReplaceTable(orgs []referral.Organization) error {
	if err := tx.replaceTable(orgs); err != nil {
		return fmt.Errorf("store: replace table: %w", err)
	}
	return nil
}

func (tx *Tx) replaceTable(orgs []referral.Organization) error {
	ids, err := tableIDs(orgs)
	if err != nil {
		return err
	}
	b, err := tx.emptyBucket(bucketOrgs)
	if err != nil {
		return err
	}
	for i := range orgs {
		v, err := json.Marshal(&orgs[i])
		if err != nil {
			return fmt.Errorf("organisation %q: %w", orgs[i].ID, err)
		}
		if err := b.Put([]byte(orgs[i].ID), v); err != nil {
			return fmt.Errorf("organisation %q: %w", orgs[i].ID, err)
		}
	}
	return tx.putOrder(ids)
}

// tableIDs returns the IDs of orgs in order, checking they are usable keys.
func tableIDs(orgs []referral.Organization) ([]string, error) {
	ids := make([]string, len(orgs))
	seen := make(map[string]bool, len(orgs))
	for i, o := range orgs {
		switch {
		case o.ID == "":
			return nil, fmt.Errorf("organisation %d has no ID", i+1)
		case seen[o.ID]:
			return nil, fmt.Errorf("organisation ID %q appears twice", o.ID)
		}
		seen[o.ID] = true
		ids[i] = o.ID
	}
	return ids, nil
}

// emptyBucket deletes the named bucket, if any, and creates it afresh.
func (tx *Tx) emptyBucket(name []byte) (*bolt.Bucket, error) {
	err := tx.tx.DeleteBucket(name)
	if err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
		return nil, err
	}
	return tx.tx.CreateBucket(name)
}

// putOrder stores the table order and marks the database as seeded.
func (tx *Tx) putOrder(ids []string) error {
	meta, err := tx.bucket(bucketMeta)
	if err != nil {
		return err
	}
	v, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	if err := meta.Put(keyOrder, v); err != nil {
		return err
	}
	return meta.Put(keySeeded, []byte{1})
}
