package store

import "testing"

// An erasure's farewell note and tombstone: a request delivered again is
// recognised, as is an older update of the erased chat, until the channel
// says those updates cannot come again.
func TestFarewellsAndTombstones(t *testing.T) {
	db := openTemp(t, Options{})
	k := SessionKey{Channel: "telegram", Chat: "bye-1"}
	other := SessionKey{Channel: "telegram", Chat: "still-here"}
	putSession(t, db, k, state(now))
	err := db.Update(func(tx *Tx) error {
		if err := tx.Erase(k); err != nil {
			return err
		}
		return tx.NoteFarewell(k, 50, "kk")
	})
	if err != nil {
		t.Fatal(err)
	}
	check := func(wantNote, wantConfirmed bool, wantOld bool) {
		t.Helper()
		_ = db.View(func(tx *Tx) error {
			lang, confirmed, found, err := tx.Farewell("telegram", 50)
			if err != nil || found != wantNote || confirmed != wantConfirmed || (found && lang != "kk") {
				t.Errorf("farewell: %q confirmed=%v found=%v %v", lang, confirmed, found, err)
			}
			if old, _ := tx.ErasedSince(k, 49); old != wantOld {
				t.Errorf("update 49 of the erased chat: erased since = %v", old)
			}
			if newer, _ := tx.ErasedSince(k, 51); newer {
				t.Error("a newer update of the erased chat counts as handled")
			}
			if o, _ := tx.ErasedSince(other, 1); o {
				t.Error("another chat counts as erased")
			}
			return nil
		})
	}
	check(true, false, true)
	if err := db.Update(func(tx *Tx) error { return tx.ConfirmFarewell("telegram", 50) }); err != nil {
		t.Fatal(err)
	}
	check(true, true, true)
	if err := db.Update(func(tx *Tx) error { return tx.ForgetFarewells("telegram", 51) }); err != nil {
		t.Fatal(err)
	}
	check(false, false, false)
}
