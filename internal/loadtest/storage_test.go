package loadtest

import (
	"context"
	"encoding/hex"
	"math/rand/v2"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referral/referraltest"
	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/internal/telegram/telegramtest"
)

// storage is what the storage run measured.
type storage struct {
	sessions, services int
	// bytesPerSession is the growth of the file per idle session;
	// blocksPerSession the growth of the disk blocks it occupies.
	bytesPerSession, blocksPerSession float64
	startRSS, peakRSS                 int64
}

// storageRun writes idle sessions through the store into a database that
// holds a synthetic table of services, measures the file's growth, then
// serves people from it with komek and reads its peak RSS.
func storageRun(t *testing.T) storage {
	st := storage{sessions: 100_000, services: 10_000}
	path := filepath.Join(t.TempDir(), "komek.db")
	db, err := store.Open(path, store.Options{Seed: func() ([]referral.Organization, error) {
		return referraltest.Synthetic(st.services, 1), nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	size0, blocks0 := fileSize(t, path)
	addIdleSessions(t, path, st.sessions)
	size1, blocks1 := fileSize(t, path)
	st.bytesPerSession = float64(size1-size0) / float64(st.sessions)
	st.blocksPerSession = float64(blocks1-blocks0) / float64(st.sessions)

	fake := telegramtest.NewServer(t)
	k := startKomek(t, fake, serveConfig{db: path})
	c := newCrowd(fake, 64, 200_000, false)
	out := c.run(load{duration: 10 * time.Second, during: func(ctx context.Context) {
		st.startRSS = k.usage().hwm
		<-ctx.Done()
	}})
	for _, err := range out.failures {
		t.Error(err)
	}
	st.peakRSS = k.usage().hwm
	k.stop()
	checkDB(t, path)
	return st
}

// addIdleSessions stores n conversations waiting at the results, each with
// its chat record, under random keys shaped like the Telegram channel's
// (a hex hash), as n people who went quiet leave them.
func addIdleSessions(t *testing.T, path string, n int) {
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rng := rand.New(rand.NewPCG(uint64(*seed), 0x73657373))
	s := dialog.State{Step: dialog.StepResults, Lang: referral.Russian, Danger: dialog.DangerNo, Need: referral.NeedPoverty,
		Who: dialog.WhoSelf, Age: "18+", Region: referral.Almaty, Seq: 9, LastSeen: time.Now().UTC()}
	for done := 0; done < n; {
		err := db.Update(func(tx *store.Tx) error {
			for i := 0; i < 1000 && done < n; i, done = i+1, done+1 {
				var h [16]byte
				for j := range h {
					h[j] = byte(rng.Uint32())
				}
				key := store.SessionKey{Channel: "telegram", Chat: hex.EncodeToString(h[:])}
				if err := tx.PutSession(key, s); err != nil {
					return err
				}
				if err := tx.SetLastUpdate(key, int64(done+1)); err != nil {
					return err
				}
				if err := tx.SetLastSent(key, int64(done+7)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// fileSize returns the size of the file at path and the bytes of the disk
// blocks it occupies.
func fileSize(t *testing.T, path string) (size, blocks int64) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		blocks = st.Blocks * 512
	}
	return info.Size(), blocks
}
