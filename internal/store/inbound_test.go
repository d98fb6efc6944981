package store

import (
	"testing"
	"time"
)

func TestInboundNotesSurviveErasureAndGoWithTheirDay(t *testing.T) {
	db := openTemp(t, Options{})
	day := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	k := SessionKey{Channel: "whatsapp", Chat: "abc"}
	err := db.Update(func(tx *Tx) error {
		if err := tx.PutSession(k, state(day)); err != nil {
			return err
		}
		if err := tx.NoteInbound("whatsapp", []byte("m1"), day, false, ""); err != nil {
			return err
		}
		if err := tx.NoteInbound("whatsapp", []byte("m2"), day, true, ""); err != nil {
			return err
		}
		return tx.Erase(k)
	})
	if err != nil {
		t.Fatal(err)
	}
	check := func(id string, wantFound, wantFarewell, wantConfirmed bool) {
		t.Helper()
		_ = db.View(func(tx *Tx) error {
			n, found, err := tx.Inbound("whatsapp", []byte(id), day)
			if err != nil || found != wantFound || n.Farewell != wantFarewell || n.Confirmed != wantConfirmed {
				t.Errorf("%s: %+v found=%v err=%v", id, n, found, err)
			}
			return nil
		})
	}
	check("m1", true, false, false)
	check("m2", true, true, false)
	check("m3", false, false, false)
	if err := db.Update(func(tx *Tx) error { return tx.ConfirmInbound("whatsapp", []byte("m2"), day) }); err != nil {
		t.Fatal(err)
	}
	check("m2", true, true, true)
	_ = db.View(func(tx *Tx) error { // another channel's message of the same ID is another message
		if _, found, _ := tx.Inbound("telegram", []byte("m1"), day); found {
			t.Error("a note is shared between channels")
		}
		return nil
	})
	if err := db.PruneInbound(day.Add(24 * time.Hour)); err != nil {
		t.Fatal(err)
	}
	check("m1", false, false, false)
	closeAndCheck(t, db)
}
