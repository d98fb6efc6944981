package loadtest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/internal/telegram/telegramtest"
)

var erasureRun = flag.Bool("load.erasure", false, "TestErasure: /forget at 1k, 10k and 100k stored conversations and a janitor sweep at 100k, printing the figures of BENCHMARKS.md")

// loadHashKey is the KOMEK_HASH_KEY of the komek children (startKomek).
const loadHashKey = "loadtest-hash-key-0123456789"

// telegramKey is the session key komek's Telegram channel uses for chatID.
func telegramKey(chatID int64) store.SessionKey {
	m := hmac.New(sha256.New, []byte(loadHashKey))
	m.Write([]byte(strconv.FormatInt(chatID, 10)))
	return store.SessionKey{Channel: "telegram", Chat: hex.EncodeToString(m.Sum(nil)[:16])}
}

// erasureRow is what one database size gave.
type erasureRow struct {
	sessions int
	fileMB   float64
	// Others' latencies (update → last reply): without erasures, while
	// people in turn start and /forget, while one chat repeats /forget.
	base, forget, spam latencies
	forgets            []time.Duration // /forget → the "erased" reply
	spams              int             // /forget repeats answered
	rssBase, rssDuring int64           // komek's highest RSS sampled in the baseline and erasure windows
	rssAfter           int64
}

// TestErasure measures /forget while people are being served, at several
// sizes of database, and a janitor sweep, and checks that what was erased
// left no trace in the files. Without -load.erasure it is short (1k
// conversations, 16 people, 2-second windows) and times nothing.
func TestErasure(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs komek")
	}
	sizes, people, window, sweepAt := []int{1000}, 16, 2*time.Second, 4000
	if *erasureRun {
		sizes, people, window, sweepAt = []int{1000, 10_000, 100_000}, 64, 10*time.Second, 100_000
	}
	var rows []erasureRow
	for _, n := range sizes {
		t.Run(fmt.Sprint(n, " conversations"), func(t *testing.T) { rows = append(rows, erasureAt(t, n, people, window)) })
	}
	var sw sweepRow
	t.Run(fmt.Sprint("janitor at ", sweepAt), func(t *testing.T) { sw = sweepRun(t, sweepAt, people, window) })
	md := formatErasure(rows, sw, people)
	t.Log("\n" + md)
	if *report != "" {
		if err := os.WriteFile(*report, []byte(md), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// erasureAt runs komek on a database of n idle conversations: a baseline
// window, a window in which people in turn start and ask to be forgotten,
// and a window in which one chat repeats /forget; the crowd is served
// throughout.
func erasureAt(t *testing.T, n, people int, window time.Duration) erasureRow {
	path := filepath.Join(t.TempDir(), "komek.db")
	addConversations(t, path, n, 10_000_000, time.Now())
	row := erasureRow{sessions: n}
	size, _ := fileSize(t, path)
	row.fileMB = float64(size) / 1e6

	fake := telegramtest.NewServer(t)
	k := startKomek(t, fake, serveConfig{db: path})
	c := newCrowd(fake, people, 300_000, false)
	var forgetters []int64
	run := func(during func(ctx context.Context)) outcome {
		out := c.run(load{duration: window, during: during})
		for _, err := range out.failures {
			t.Error(err)
		}
		return out
	}
	var peak int64
	row.base = summarize(run(func(ctx context.Context) { peak = sampleRSS(ctx, k) }).lat)
	row.rssBase = peak
	var forgetOut outcome
	forgetOut = run(func(ctx context.Context) {
		var wg sync.WaitGroup
		wg.Go(func() { peak = sampleRSS(ctx, k) })
		for id := int64(900_000); ctx.Err() == nil; id++ {
			d, err := startAndForget(fake, id)
			if err != nil {
				t.Error(err)
				break
			}
			forgetters = append(forgetters, id)
			row.forgets = append(row.forgets, d)
		}
		wg.Wait()
	})
	row.forget, row.rssDuring = summarize(forgetOut.lat), peak
	spammer := int64(950_000)
	row.spam = summarize(run(func(ctx context.Context) {
		var err error
		row.spams, err = repeatForget(ctx, fake, spammer)
		if err != nil {
			t.Error(err)
		}
	}).lat)
	row.rssAfter = k.usage().rss
	k.stop()
	checkDB(t, path)
	for _, id := range append(forgetters, spammer) {
		assertErased(t, path, id)
	}
	t.Logf("%d conversations: %d erasures, /forget %s; others %s → %s (one chat repeating /forget %d times: %s)",
		n, len(row.forgets), summarize(row.forgets), row.base, row.forget, row.spams, row.spam)
	return row
}

// startAndForget has person id start a conversation, then ask to be
// forgotten, and returns how long the erasure took to be confirmed.
func startAndForget(fake *telegramtest.Server, id int64) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	u := telegramtest.User{ID: id, FirstName: "F", LanguageCode: "ru"}
	fake.SendCommand(u, "/start")
	err := fake.WaitFor(ctx, func(s *telegramtest.Server) bool {
		msgs := s.BotMessages(id)
		return len(msgs) > 0 && len(msgs[len(msgs)-1].Keyboard) > 0
	})
	if err != nil {
		return 0, fmt.Errorf("forgetter %d: no question after /start: %w", id, err)
	}
	return forget(ctx, fake, u)
}

// forget sends /forget from u and waits for the confirmation.
func forget(ctx context.Context, fake *telegramtest.Server, u telegramtest.User) (time.Duration, error) {
	n := len(fake.BotMessages(u.ID))
	t0 := time.Now()
	fake.SendCommand(u, "/forget")
	msgs, err := fake.WaitMessages(ctx, u.ID, n+1)
	if err != nil {
		return 0, fmt.Errorf("/forget from %d: %w", u.ID, err)
	}
	d := time.Since(t0)
	if last := msgs[len(msgs)-1].Plain; !strings.Contains(last, "стёрто") {
		return d, fmt.Errorf("/forget from %d answered %q", u.ID, last)
	}
	return d, nil
}

// repeatForget has one chat start once and then send /forget again and
// again, each after the last was answered, until ctx ends.
func repeatForget(ctx context.Context, fake *telegramtest.Server, id int64) (int, error) {
	if _, err := startAndForget(fake, id); err != nil {
		return 0, err
	}
	u := telegramtest.User{ID: id, FirstName: "S", LanguageCode: "ru"}
	n := 0
	for ctx.Err() == nil {
		wait, cancel := context.WithTimeout(context.Background(), time.Minute)
		_, err := forget(wait, fake, u)
		cancel()
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// assertErased checks that neither the database nor its keyring holds
// chatID in decimal or as 8 bytes, nor its hashed key.
func assertErased(t *testing.T, path string, chatID int64) {
	t.Helper()
	for _, file := range []string{path, store.KeyringPath(path)} {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, trace := range [][]byte{[]byte(strconv.FormatInt(chatID, 10)), []byte(telegramKey(chatID).Chat),
			binary.BigEndian.AppendUint64(nil, uint64(chatID)), binary.LittleEndian.AppendUint64(nil, uint64(chatID))} {
			if bytes.Contains(raw, trace) {
				t.Errorf("chat %d: %q is in %s", chatID, trace, filepath.Base(file))
			}
		}
	}
}

// sampleRSS samples p's resident set every 20 ms until ctx ends and
// returns the highest.
func sampleRSS(ctx context.Context, p *proc) int64 {
	var peak int64
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if u, err := readUsage(p.pid()); err == nil {
			peak = max(peak, u.rss)
		}
		select {
		case <-ctx.Done():
			return peak
		case <-tick.C:
		}
	}
}

// addConversations stores n conversations waiting at the results, last
// seen at seen, for the chats firstID, firstID+1, …, keyed as komek's
// Telegram channel keys them, each with its chat record and a short
// message log.
func addConversations(t *testing.T, path string, n int, firstID int64, seen time.Time) {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := dialog.State{Step: dialog.StepResults, Lang: referral.Russian, Danger: dialog.DangerNo, Need: referral.NeedPoverty,
		Who: dialog.WhoSelf, Age: "18+", Region: referral.Almaty, Seq: 9, LastSeen: seen.UTC()}
	for done := 0; done < n; {
		err := db.Update(func(tx *store.Tx) error {
			for i := 0; i < 1000 && done < n; i, done = i+1, done+1 {
				key := telegramKey(firstID + int64(done))
				for _, err := range []error{tx.PutSession(key, s), tx.SetLastUpdate(key, int64(done+1)),
					tx.SetLastSent(key, int64(done+7)), tx.LogMessages(key, seen, 1, 2, 3)} {
					if err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
