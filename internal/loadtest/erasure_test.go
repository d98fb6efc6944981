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

// The chat IDs of the erasure runs. Telegram's user IDs are in the
// billions (ten digits), and the runs use such IDs for the chats they
// look for in the files: a small ID's 8-byte forms are mostly zeros and
// turn up by chance among bbolt's own little-endian numbers (a freelist
// listing page 3516 holds the bytes of chat 900,096 = 3516 × 256 shifted
// by one byte), which says nothing about erasure.
const (
	idleChats    = 6_010_000_000 // idle conversations filling the database
	freshChats   = 6_020_000_000 // not past the TTL
	expiredChats = 6_030_000_000 // past the TTL
	writerChats  = 6_040_000_000 // the janitor run's writers
	forgetChats  = 6_050_000_000 // people who start and /forget
	spamChat     = 6_060_000_000 // the chat that repeats /forget
)

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
	// roundBase are the baseline's p99 round by round: how much the
	// same load varies on this machine (the noise).
	roundBase          []time.Duration
	rssBase, rssDuring int64 // komek's highest RSS sampled in the baseline and erasure windows
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
	sizes, people, window, rounds, sweepAt := []int{1000}, 16, 2*time.Second, 1, 4000
	if *erasureRun {
		sizes, people, window, rounds, sweepAt = []int{1000, 10_000, 100_000}, 64, 5*time.Second, 4, 100_000
	}
	var rows []erasureRow
	for _, n := range sizes {
		t.Run(fmt.Sprint(n, " conversations"), func(t *testing.T) { rows = append(rows, erasureAt(t, n, people, window, rounds)) })
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

// erasureAt runs komek on a database of n idle conversations, serving the
// crowd throughout, in rounds of three windows: a baseline, one in which
// people in turn start and ask to be forgotten, and one in which one chat
// repeats /forget. Interleaving the windows spreads the machine's noise
// over the three alike.
func erasureAt(t *testing.T, n, people int, window time.Duration, rounds int) erasureRow {
	path := filepath.Join(t.TempDir(), "komek.db")
	addConversations(t, path, n, idleChats, time.Now())
	row := erasureRow{sessions: n}
	size, _ := fileSize(t, path)
	row.fileMB = float64(size) / 1e6

	fake := telegramtest.NewServer(t)
	w := newWatcher(fake, forgetChats)
	k := startKomek(t, fake, serveConfig{db: path})
	c := newCrowd(fake, people, 300_000, false)
	run := func(during func(ctx context.Context)) []time.Duration {
		out := c.run(load{duration: window, during: during})
		for _, err := range out.failures {
			t.Error(err)
		}
		return out.lat
	}
	var base, forgets, spams []time.Duration
	var forgetters []int64
	next, spammer := int64(forgetChats), int64(spamChat)
	for range rounds {
		b := run(func(ctx context.Context) { row.rssBase = max(row.rssBase, sampleRSS(ctx, k)) })
		base = append(base, b...)
		row.roundBase = append(row.roundBase, summarize(b).p99)
		forgets = append(forgets, run(func(ctx context.Context) {
			var wg sync.WaitGroup
			wg.Go(func() { row.rssDuring = max(row.rssDuring, sampleRSS(ctx, k)) })
			for ; ctx.Err() == nil; next++ {
				d, err := w.startAndForget(next)
				if err != nil {
					t.Error(err)
					break
				}
				forgetters = append(forgetters, next)
				row.forgets = append(row.forgets, d)
			}
			wg.Wait()
		})...)
		spams = append(spams, run(func(ctx context.Context) {
			m, err := w.repeatForget(ctx, spammer)
			row.spams += m
			if err != nil {
				t.Error(err)
			}
		})...)
	}
	row.base, row.forget, row.spam = summarize(base), summarize(forgets), summarize(spams)
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

// watcher hands the bot's messages in the chats from first on to the
// goroutines waiting for them (OnChange), so that they need not poll the
// fake while the crowd is served.
type watcher struct {
	fake  *telegramtest.Server
	first int64
	mu    sync.Mutex
	chats map[int64]chan telegramtest.Change
}

func newWatcher(fake *telegramtest.Server, first int64) *watcher {
	w := &watcher{fake: fake, first: first, chats: make(map[int64]chan telegramtest.Change)}
	fake.OnChange(func(ch telegramtest.Change) {
		if ch.ChatID >= first {
			select {
			case w.chat(ch.ChatID) <- ch:
			default: // nobody reads this chat any more
			}
		}
	})
	return w
}

func (w *watcher) chat(id int64) chan telegramtest.Change {
	w.mu.Lock()
	defer w.mu.Unlock()
	c := w.chats[id]
	if c == nil {
		c = make(chan telegramtest.Change, 64)
		w.chats[id] = c
	}
	return c
}

// await waits for a message in chat id for which ok is true and returns
// when the fake applied it.
func (w *watcher) await(id int64, ok func(telegramtest.Message) bool) (time.Time, error) {
	timeout := time.After(time.Minute)
	for {
		select {
		case ch := <-w.chat(id):
			if ch.Method == "sendMessage" && ok(ch.Message) {
				return ch.At, nil
			}
		case <-timeout:
			return time.Time{}, fmt.Errorf("chat %d: no awaited message within a minute", id)
		}
	}
}

// startAndForget has person id start a conversation, then ask to be
// forgotten, and returns how long the erasure took to be confirmed.
func (w *watcher) startAndForget(id int64) (time.Duration, error) {
	u := telegramtest.User{ID: id, FirstName: "F", LanguageCode: "ru"}
	w.fake.SendCommand(u, "/start")
	if _, err := w.await(id, func(m telegramtest.Message) bool { return len(m.Keyboard) > 0 }); err != nil {
		return 0, fmt.Errorf("forgetter %d: no question after /start: %w", id, err)
	}
	return w.forget(u)
}

// forget sends /forget from u and waits for the confirmation.
func (w *watcher) forget(u telegramtest.User) (time.Duration, error) {
	t0 := time.Now()
	w.fake.SendCommand(u, "/forget")
	at, err := w.await(u.ID, func(m telegramtest.Message) bool { return strings.Contains(m.Plain, "стёрто") })
	if err != nil {
		return 0, fmt.Errorf("/forget from %d: %w", u.ID, err)
	}
	return at.Sub(t0), nil
}

// repeatForget has one chat start once and then send /forget again and
// again, each after the last was answered, until ctx ends.
func (w *watcher) repeatForget(ctx context.Context, id int64) (int, error) {
	if _, err := w.startAndForget(id); err != nil {
		return 0, err
	}
	u := telegramtest.User{ID: id, FirstName: "S", LanguageCode: "ru"}
	n := 0
	for ctx.Err() == nil {
		if _, err := w.forget(u); err != nil {
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
			if i := bytes.Index(raw, trace); i >= 0 {
				t.Errorf("chat %d: %q is in %s at %d (%s)", chatID, trace, filepath.Base(file), i, where(raw, i))
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

// where describes the bbolt page that holds offset i of a database file:
// its number, its header's ID and flags (0x01 branch, 0x02 leaf, 0x04
// meta, 0x10 freelist; an ID that is not the page's number means the
// continuation of an overflow, or bytes of a page no longer in use), and
// the offset within it.
func where(raw []byte, i int) string {
	const pageSize = 4096
	p := i / pageSize * pageSize
	if p+16 > len(raw) {
		return "past the pages"
	}
	id := binary.LittleEndian.Uint64(raw[p:])
	flags := binary.LittleEndian.Uint16(raw[p+8:])
	return fmt.Sprintf("page %d, header id %d flags %#x, offset %d in it", p/pageSize, id, flags, i-p)
}
