package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/komek-kz/komek/internal/referral"
)

// Bucket names and meta keys. See the package documentation for the layout.
var (
	bucketMeta     = []byte("meta")
	bucketOrgs     = []byte("orgs")
	bucketSessions = []byte("sessions")

	bucketOutbox  = []byte("outbox")
	bucketCursors = []byte("cursors")
	bucketChats   = []byte("chats")
	bucketStats   = []byte("stats")
	bucketMsgs    = []byte("messages")

	bucketConvs      = []byte("convs")
	bucketConvOutbox = []byte("conv-outbox")
	bucketFarewells  = []byte("farewells")
	bucketTombstones = []byte("tombstones")

	keySchema = []byte("schema")
	keySeeded = []byte("seeded")
	keyOrder  = []byte("order")
	// keyKeyring is the ID of the keyring file that belongs to the file.
	keyKeyring = []byte("keyring")
)

// migrations[i] brings a file from schema version i to i+1. Append new
// migrations; never edit, remove or reorder a released one.
var migrations = []func(tx *bolt.Tx) error{
	createBuckets,         // 0 → 1
	createDeliveryBuckets, // 1 → 2
	createMessageLog,      // 2 → 3
	createConversations,   // 3 → 4
}

// schemaVersion is the schema version this binary writes: the number of
// migrations it knows.
var schemaVersion = uint64(len(migrations))

// createBuckets is migration 1: the meta, orgs and sessions buckets.
func createBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketMeta, bucketOrgs, bucketSessions} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %q: %w", name, err)
		}
	}
	return nil
}

// createDeliveryBuckets is migration 2: the outbox (replies decided but
// not yet sent), cursors (the Telegram update offset), per-chat records
// (last update handled) and anonymous counters.
func createDeliveryBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketOutbox, bucketCursors, bucketChats, bucketStats} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %q: %w", name, err)
		}
	}
	return nil
}

// createMessageLog is migration 3: per conversation, the IDs and dates of
// the chat's recent messages, so that a quick exit can delete them.
func createMessageLog(tx *bolt.Tx) error {
	if _, err := tx.CreateBucketIfNotExists(bucketMsgs); err != nil {
		return fmt.Errorf("create bucket %q: %w", bucketMsgs, err)
	}
	return nil
}

// createConversations is migration 4: conversation records sealed with a
// key per conversation, their outboxes, and the farewells after erasures
// (farewell.go). An older file's conversations
// (in the sessions, chats, outbox and messages buckets, in the clear) are
// converted after the migration, once the keyring is open (legacy.go);
// those buckets stay, empty.
func createConversations(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketConvs, bucketConvOutbox, bucketFarewells, bucketTombstones} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %q: %w", name, err)
		}
	}
	return nil
}

// prepare brings the file to schemaVersion and seeds the referral table on
// first start. It runs inside Open's read-write transaction.
func prepare(tx *Tx, seed func() ([]referral.Organization, error)) error {
	if err := tx.migrate(); err != nil {
		return err
	}
	meta, err := tx.bucket(bucketMeta)
	if err != nil || seed == nil || meta.Get(keySeeded) != nil {
		return err
	}
	orgs, err := seed()
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	return tx.ReplaceTable(orgs)
}

// migrate runs the migrations the file has not seen.
func (tx *Tx) migrate() error {
	v, err := tx.schema()
	if err != nil {
		return err
	}
	if v > schemaVersion {
		return fmt.Errorf("%w (schema %d; this komek knows up to %d); "+
			"upgrade komek or restore a backup", ErrNewerSchema, v, schemaVersion)
	}
	for ; v < schemaVersion; v++ {
		if err := migrations[v](tx.tx); err != nil {
			return fmt.Errorf("migrate schema %d to %d: %w", v, v+1, err)
		}
		if err := tx.setSchema(v + 1); err != nil {
			return err
		}
	}
	return nil
}

// schema returns the file's schema version; 0 for a file without one.
func (tx *Tx) schema() (uint64, error) {
	meta := tx.tx.Bucket(bucketMeta)
	if meta == nil {
		return 0, nil
	}
	v := meta.Get(keySchema)
	if v == nil {
		return 0, nil
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("schema version: %w: %d bytes, want 8", ErrCorrupt, len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

func (tx *Tx) setSchema(v uint64) error {
	meta, err := tx.bucket(bucketMeta)
	if err != nil {
		return err
	}
	if err := meta.Put(keySchema, binary.BigEndian.AppendUint64(nil, v)); err != nil {
		return fmt.Errorf("set schema version: %w", err)
	}
	return nil
}
