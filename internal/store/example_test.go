package store_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/store"
)

// A channel adapter loads a conversation, advances it and saves it in one
// transaction; a janitor expires old conversations with a cut-off it
// computes from its own clock.
func Example() {
	dir, err := os.MkdirTemp("", "komek-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	db, err := store.Open(filepath.Join(dir, "komek.db"), store.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	now := time.Date(2025, time.June, 1, 12, 0, 0, 0, time.UTC)
	key := store.SessionKey{Channel: "terminal", Chat: "local"}
	err = db.Update(func(tx *store.Tx) error {
		s, found, err := tx.Session(key)
		if err != nil {
			s = dialog.State{} // a damaged record: start afresh
		}
		fmt.Println("found:", found)
		s.Step, s.Lang, s.LastSeen = dialog.StepDanger, referral.Russian, now
		return tx.PutSession(key, s)
	})
	if err != nil {
		log.Fatal(err)
	}

	n, err := db.ExpireSessions(now.Add(time.Hour))
	fmt.Println("expired:", n, err)
	// Output:
	// found: false
	// expired: 1 <nil>
}
