package store

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// A file written by the previous komek (schema 3: conversations in the
// clear, keyed by channel and chat) opens, is migrated to schema 4, and its
// conversations carry on — session, chat record, message log and pending
// replies — sealed; the clear bytes are gone from the file.
func TestOpenConvertsTheConversationsOfASchema3File(t *testing.T) {
	path := filepath.Join(t.TempDir(), "komek.db")
	k := SessionKey{Channel: "telegram", Chat: "legacy-5a5a5a"}
	key, _ := k.key()
	sess, _ := state(now).MarshalBinary()
	writeRaw(t, path, func(tx *bolt.Tx) error {
		for _, m := range migrations[:3] {
			if err := m(tx); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint64(nil, 3)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketSessions).Put(key, sess); err != nil {
			return err
		}
		chat := binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(nil, 41), 77)
		if err := tx.Bucket(bucketChats).Put(key, chat); err != nil {
			return err
		}
		out, err := tx.Bucket(bucketOutbox).CreateBucket(key)
		if err != nil {
			return err
		}
		for _, seq := range []uint64{4, 5} {
			if err := out.Put(seqKey(seq), []byte(`{"c":55501234,"t":"legacy-reply"}`)); err != nil {
				return err
			}
		}
		if err := out.SetSequence(5); err != nil {
			return err
		}
		msgs, err := tx.Bucket(bucketMsgs).CreateBucket(key)
		if err != nil {
			return err
		}
		return msgs.Put(binary.BigEndian.AppendUint64(nil, 77), binary.BigEndian.AppendUint64(nil, uint64(now.Unix())))
	})

	db := openChecked(t, path, Options{})
	err := db.Update(func(tx *Tx) error {
		if v, _ := tx.schema(); v != schemaVersion || schemaVersion != 4 {
			t.Errorf("schema %d after Open, this komek writes %d", v, schemaVersion)
		}
		s, ok, err := tx.Session(k)
		if !ok || err != nil || s != state(now) {
			t.Errorf("session after the conversion: %+v, %v, %v", s, ok, err)
		}
		last, _ := tx.LastUpdate(k)
		sent, _ := tx.LastSent(k)
		msgs, _ := tx.Messages(k)
		out, _ := tx.Outbox(k)
		if last != 41 || sent != 77 || len(msgs) != 1 || msgs[0].ID != 77 || !msgs[0].Date.Equal(now) {
			t.Errorf("chat record %d/%d, messages %+v", last, sent, msgs)
		}
		if len(out) != 2 || out[0].Seq != 4 || out[1].Seq != 5 || string(out[1].Data) != `{"c":55501234,"t":"legacy-reply"}` {
			t.Errorf("outbox %+v", out)
		}
		if pending, _ := tx.PendingOutboxes("telegram"); len(pending) != 1 || pending[0] != k {
			t.Errorf("pending outboxes %v", pending)
		}
		if err := tx.AppendOutbox(k, []byte("next")); err != nil {
			return err
		}
		out, _ = tx.Outbox(k)
		if len(out) != 3 || out[2].Seq != 6 {
			t.Errorf("the next reply after the conversion: %+v", out)
		}
		for _, name := range [][]byte{bucketSessions, bucketChats, bucketOutbox, bucketMsgs} {
			if first, _ := tx.tx.Bucket(name).Cursor().First(); first != nil {
				t.Errorf("bucket %q still holds %q", name, first)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	for _, trace := range []string{"legacy-5a5a5a", "legacy-reply", "55501234"} {
		if bytes.Contains(raw, []byte(trace)) {
			t.Errorf("%q is still in the file after the conversion", trace)
		}
	}
}
