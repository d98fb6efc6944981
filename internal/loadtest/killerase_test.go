package loadtest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/internal/telegram/telegramtest"
)

// TestKillsDuringErasureAndSweep kills komek serve (SIGKILL) while its
// janitor sweeps a database full of conversations past their TTL, and then
// three times more while people are served and others, one after another,
// start and ask to be forgotten, with one Bot API call in ten failing.
// Every served person's chat must end exactly as without faults, every
// /forget must be confirmed, the erased and expired chats must leave no
// trace in the files, the conversations not yet expired must be kept, and
// the database must pass its checks after each kill. -load.soak runs it
// with more of everything.
func TestKillsDuringErasureAndSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs komek")
	}
	expired, fresh, people, window := 6000, 500, 12, 3*time.Second
	if *soakRun {
		expired, fresh, people, window = 100_000, 5000, 100, time.Minute
	}
	ref := theReference(t)
	path := filepath.Join(t.TempDir(), "komek.db")
	addConversations(t, path, expired, expiredChats, time.Now().Add(-25*time.Hour))
	addConversations(t, path, fresh, freshChats, time.Now())

	fake := telegramtest.NewServer(t, telegramtest.WithWebhookRetries(100_000, 20*time.Millisecond))
	fake.FailRate(faultRate, *seed, faults()...)
	w := newWatcher(fake, forgetChats)
	k := startKomek(t, fake, serveConfig{db: path, callTimeout: faultCallTimeout})
	t.Log(killDuringSweep(t, k, path, expired+fresh, fresh))

	c := newCrowd(fake, people, 300_000, false)
	kills := killMoments(window, 3)
	mark := logSize(t, k)
	var (
		mu         sync.Mutex
		forgetters []int64
	)
	out := c.run(load{duration: window, replyTimeout: 2 * time.Minute, during: func(ctx context.Context) {
		var wg sync.WaitGroup
		for g := range int64(4) { // four at a time, so kills fall during erasures
			wg.Go(func() {
				for id := forgetChats + g*10_000; ctx.Err() == nil; id++ {
					if _, err := w.startAndForget(id); err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					forgetters = append(forgetters, id)
					mu.Unlock()
				}
			})
		}
		start := time.Now()
		for _, at := range kills {
			select {
			case <-time.After(time.Until(start.Add(at))):
				k.restart()
				mark = logSize(t, k)
			case <-ctx.Done():
				t.Errorf("the run ended before the kill at %v", at)
			}
		}
		wg.Wait()
	}})
	for _, err := range out.failures {
		t.Error(err)
	}
	awaitSweep(t, k, mark) // the sweep the last restart began
	k.stop()
	for _, p := range ref.verify(c) {
		t.Error(p)
	}
	checkDB(t, path)
	twice := 0
	for _, id := range forgetters {
		assertErased(t, path, id)
		n := 0
		for _, m := range fake.BotMessages(id) {
			if strings.Contains(m.Plain, "стёрто") {
				n++
			}
		}
		if n > 1 {
			twice++
		}
	}
	if twice > 0 {
		t.Errorf("%d of %d people were told twice that they were forgotten", twice, len(forgetters))
	}
	var gone []int64
	for i := 0; i < expired; i += max(1, expired/100) {
		assertErased(t, path, expiredChats+int64(i))
		gone = append(gone, expiredChats+int64(i))
	}
	assertNoConversation(t, path, append(gone, forgetters...)...)
	info, err := store.Verify(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if info.Sessions < fresh || info.Sessions > fresh+people {
		t.Errorf("%d sessions after the run; want the %d not expired and at most the %d people's", info.Sessions, fresh, people)
	}
	t.Logf("%d people, %d forgotten one after another, killed at %v: %d updates in the window", people, len(forgetters), kills, out.updates)
}

// killDuringSweep kills k while the janitor's first sweep, which starts
// with komek, is erasing the expired conversations of a database of total
// conversations (keep of them not expired), checks the database, and
// starts k again. It aims the kill by trial: too early, it kills later.
func killDuringSweep(t *testing.T, k *proc, path string, total, keep int) string {
	t.Helper()
	for wait := 200 * time.Millisecond; ; wait *= 2 {
		time.Sleep(wait)
		k.kill()
		info, err := store.Verify(path, time.Second)
		if err != nil {
			t.Fatalf("after a kill during the sweep: %v", err)
		}
		checkDB(t, path)
		k.start()
		switch {
		case info.Sessions == total && wait < 10*time.Second:
			continue // the sweep had not begun
		case info.Sessions > keep:
			return fmt.Sprintf("killed %v after start, in the middle of the sweep (%d of %d expired conversations left); database consistent",
				wait, info.Sessions-keep, total-keep)
		default:
			return fmt.Sprintf("killed %v after start, after the sweep had finished (%d sessions left)", wait, info.Sessions)
		}
	}
}

// logSize returns the size of p's log now.
func logSize(t *testing.T, p *proc) int64 {
	t.Helper()
	info, err := os.Stat(p.logPath)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

// awaitSweep waits until p's log, after offset from, tells that a janitor
// sweep finished.
func awaitSweep(t *testing.T, p *proc, from int64) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		b, _ := os.ReadFile(p.logPath)
		if int64(len(b)) > from && bytes.Contains(b[from:], []byte("janitor: swept")) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the janitor's sweep did not finish within three minutes")
}

// assertNoConversation checks, through the store, that the chats have no
// conversation left: no session, no chat record, no message.
func assertNoConversation(t *testing.T, path string, chats ...int64) {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(func(tx *store.Tx) error {
		for _, id := range chats {
			k := telegramKey(id)
			_, has, _ := tx.Session(k)
			last, _ := tx.LastUpdate(k)
			msgs, _ := tx.Messages(k)
			if has || last != 0 || len(msgs) > 0 {
				t.Errorf("chat %d still has a conversation (session %v, last update %d, %d messages)", id, has, last, len(msgs))
			}
		}
		return nil
	})
}
