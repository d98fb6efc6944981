package store

import (
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral"
)

// openTemp opens a new database in a fresh temporary directory. See
// openChecked.
func openTemp(t *testing.T, opts Options) *DB {
	t.Helper()
	return openChecked(t, filepath.Join(t.TempDir(), "komek.db"), opts)
}

// openChecked opens the database at path and, when the test ends, closes it,
// opens it again and checks its integrity.
func openChecked(t *testing.T, path string, opts Options) *DB {
	t.Helper()
	db, err := Open(path, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { closeAndCheck(t, db) })
	return db
}

func closeAndCheck(t *testing.T, db *DB) {
	t.Helper()
	if err := db.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	again, err := Open(db.Path(), Options{})
	if err != nil {
		t.Errorf("reopen for the integrity check: %v", err)
		return
	}
	defer again.Close()
	if err := again.Check(); err != nil {
		t.Errorf("integrity check: %v", err)
	}
}

// writeRaw writes a bbolt file the way an older komek (or another program)
// might have, bypassing Open's migrations.
func writeRaw(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatalf("bolt.Open: %v", err)
	}
	defer b.Close()
	if err := b.Update(fn); err != nil {
		t.Fatalf("bolt.Update: %v", err)
	}
}

// readRaw reads a bbolt file without Open, for files Open refuses.
func readRaw(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatalf("bolt.Open: %v", err)
	}
	defer b.Close()
	if err := b.View(fn); err != nil {
		t.Fatal(err)
	}
}

// state returns a valid conversation state last seen at the given time.
func state(lastSeen time.Time) dialog.State {
	return dialog.State{
		Step:     dialog.StepRegion,
		Lang:     referral.Kazakh,
		Danger:   dialog.DangerNo,
		Need:     referral.NeedLegal,
		Who:      dialog.WhoSelf,
		Age:      "18+",
		Seq:      7,
		LastSeen: lastSeen.UTC().Truncate(time.Second),
	}
}

// sampleTable is a small referral table using every kind of field, in an
// order that is not sorted by ID.
func sampleTable() []referral.Organization {
	checked := time.Date(2025, time.March, 14, 0, 0, 0, 0, time.UTC)
	return []referral.Organization{
		{
			ID:       "sana-sezim",
			Name:     referral.Text{KK: "Сана Сезім", RU: "Сана Сезим", EN: "Sana Sezim"},
			AltNames: []string{"ОО «Сана Сезим»", "SS"},
			Kind:     referral.KindNGO,
			Notes:    "two phone numbers disagree; call both",
			Services: []referral.Service{{
				ID:          "sana-sezim.legal",
				Name:        referral.Text{KK: "Заң көмегі", RU: "Юридическая помощь", EN: "Legal help"},
				Description: referral.Text{EN: "Free lawyers for survivors of violence."},
				Needs:       []referral.Need{referral.NeedDomesticViolence, referral.NeedLegal},
				Eligibility: referral.Eligibility{MinAge: 18, Women: true, Citizenship: referral.CitizenKZ},
				Area:        referral.Area{Regions: []referral.Region{referral.Almaty, referral.AlmatyRegion}},
				Languages:   []string{"kk", "ru"},
				Hours:       referral.Hours{Weekly: []referral.Span{{First: 0, Last: 4, From: 9 * 60, To: 18 * 60}}},
				Cost:        referral.CostFree,
				Contacts: []referral.Contact{
					{
						Kind: referral.Phone, Value: "+77272584598", Purpose: referral.PurposeOffice,
						Note: referral.Text{EN: "hours may be limited"}, Sources: []string{"https://example.org/a"},
						Checked: checked,
					},
					{Kind: referral.Telegram, Value: "@sanasezim", Unconfirmed: true},
				},
			}},
		},
		{
			ID:       "hotline-111",
			Name:     referral.Text{KK: "111", RU: "111", EN: "111"},
			AltNames: []string{},
			Kind:     referral.KindState,
			Services: []referral.Service{{
				ID:      "hotline-111.line",
				Needs:   []referral.Need{referral.NeedChildAbuse},
				General: true,
				Area:    referral.Area{Nationwide: true},
				Hours:   referral.Hours{Always: true},
				Contacts: []referral.Contact{{
					Kind: referral.Phone, Value: "111", Hours: referral.Hours{Always: true},
					Sources: []string{"https://example.org/111"}, Checked: checked.AddDate(0, 1, 0),
				}},
			}},
		},
		{ID: "almaty-crisis-centre", Kind: referral.KindInternational},
	}
}
