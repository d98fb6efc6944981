package loadtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/store"
)

// sweepRow is what the janitor run measured.
type sweepRow struct {
	sessions, erased int
	took             time.Duration
	fileMB           float64
	// base and during are the writers' latencies without a sweep and
	// while the sweep ran.
	base, during                 latencies
	rssBase, rssDuring, rssAfter int64
	// erase is the store's cost of one erasure, each in its own
	// transaction, in this database, with nobody else writing.
	erase latencies
}

// sweepRun measures a janitor sweep (engine.Sweep) over a database of n
// conversations, half of them past the 24-hour TTL, in this process, while
// people goroutines do what komek's Telegram channel does to the store for
// each update (two shared commits: the step with its replies queued, then
// the replies recorded as sent). The janitor cannot slow anyone but
// through the store, so the writers' latencies are what it costs others.
func sweepRun(t *testing.T, n, people int, window time.Duration) sweepRow {
	path := filepath.Join(t.TempDir(), "komek.db")
	now := time.Now()
	addConversations(t, path, n/2, freshChats, now)
	addConversations(t, path, n-n/2, expiredChats, now.Add(-25*time.Hour))
	row := sweepRow{sessions: n}
	size, _ := fileSize(t, path)
	row.fileMB = float64(size) / 1e6
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(engine.Config{DB: db, SessionTTL: 24 * time.Hour}, nil)
	var erase []time.Duration
	for i := range int64(200) {
		t0 := time.Now()
		if err := db.Update(func(tx *store.Tx) error { return tx.Erase(telegramKey(freshChats + 1 + i)) }); err != nil {
			t.Fatal(err)
		}
		erase = append(erase, time.Since(t0))
	}
	row.erase = summarize(erase)

	var rss int64
	debug.FreeOSMemory() // what the database's filling left behind
	lat := writers(t, db, people, window, func(ctx context.Context) { rss = sampleSelf(ctx) })
	row.base, row.rssBase = summarize(lat.all()), rss

	var start, end time.Time
	debug.FreeOSMemory()
	lat = writers(t, db, people, window, func(ctx context.Context) {
		time.Sleep(window / 5)
		sctx, stop := context.WithCancel(ctx)
		var wg sync.WaitGroup
		wg.Go(func() { rss = sampleSelf(sctx) })
		start = time.Now()
		row.erased, err = e.Sweep()
		end = time.Now()
		stop()
		wg.Wait()
		if err != nil {
			t.Error(err)
		}
	})
	row.took, row.rssDuring = end.Sub(start), rss
	row.during = summarize(lat.within(start, end))
	u, _ := readUsage(os.Getpid())
	row.rssAfter = u.rss
	if row.erased != n-n/2 {
		t.Errorf("the sweep erased %d conversations, want %d", row.erased, n-n/2)
	}
	if err := db.Check(); err != nil {
		t.Error(err)
	}
	_ = db.View(func(tx *store.Tx) error {
		for _, id := range []int64{freshChats, freshChats + int64(n/2) - 1} {
			if _, ok, err := tx.Session(telegramKey(id)); !ok || err != nil { // not among the 200 erased
				t.Errorf("chat %d, not idle, lost its session (%v)", id, err)
			}
		}
		return nil
	})
	db.Close()
	var gone []int64
	for i := 0; i < n-n/2; i += max(1, (n-n/2)/200) { // 200 of the erased, through the file
		assertErased(t, path, expiredChats+int64(i))
		gone = append(gone, expiredChats+int64(i))
	}
	assertNoConversation(t, path, gone...)
	t.Logf("sweep of %d conversations (%d erased): %v; writers %s → %s", n, row.erased, row.took, row.base, row.during)
	return row
}

// timed is one writer's update: when it began and how long it took.
type timed struct {
	at time.Time
	d  time.Duration
}

type timings []timed

func (ts timings) all() []time.Duration {
	out := make([]time.Duration, len(ts))
	for i, x := range ts {
		out[i] = x.d
	}
	return out
}

// within returns the durations of the updates that overlapped [from, to].
func (ts timings) within(from, to time.Time) []time.Duration {
	var out []time.Duration
	for _, x := range ts {
		if x.at.Before(to) && x.at.Add(x.d).After(from) {
			out = append(out, x.d)
		}
	}
	return out
}

// writers runs people goroutines doing the Telegram channel's store work
// for one update after another, for window, with during beside them.
func writers(t *testing.T, db *store.DB, people int, window time.Duration, during func(ctx context.Context)) timings {
	ctx, cancel := context.WithTimeout(context.Background(), window)
	defer cancel()
	var (
		mu  sync.Mutex
		all timings
		wg  sync.WaitGroup
	)
	wg.Go(func() { during(ctx) })
	for i := range people {
		wg.Go(func() {
			key := telegramKey(writerChats + int64(i))
			reply := []byte(`{"c":1,"o":"send","t":"` + strings.Repeat("x", 400) + `"}`)
			var mine timings
			for u := int64(1); ctx.Err() == nil; u++ {
				t0 := time.Now()
				if err := update(db, key, u, reply); err != nil {
					t.Error(err)
					return
				}
				mine = append(mine, timed{t0, time.Since(t0)})
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	return all
}

// update is the store's share of one update in komek's Telegram channel.
func update(db *store.DB, key store.SessionKey, u int64, reply []byte) error {
	now := time.Now()
	err := db.Batch(func(tx *store.Tx) error {
		if last, err := tx.LastUpdate(key); err != nil || last >= u {
			return err
		}
		s, _, _ := tx.Session(key)
		s.Step, s.Lang, s.Need, s.LastSeen = dialog.StepRegion, referral.Russian, referral.NeedLegal, now
		for _, err := range []error{tx.SetLastUpdate(key, u), tx.LogMessages(key, now, u), tx.PutSession(key, s),
			tx.AppendOutbox(key, reply, reply)} {
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	return db.Batch(func(tx *store.Tx) error {
		items, err := tx.Outbox(key)
		if err != nil {
			return err
		}
		for _, it := range items {
			if err := tx.DeleteOutbox(key, it.Seq); err != nil {
				return err
			}
		}
		return tx.SetLastSent(key, u)
	})
}

// sampleSelf samples this process's resident set every 20 ms until ctx
// ends and returns the highest.
func sampleSelf(ctx context.Context) int64 {
	var peak int64
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if u, err := readUsage(os.Getpid()); err == nil {
			peak = max(peak, u.rss)
		}
		select {
		case <-ctx.Done():
			return peak
		case <-tick.C:
		}
	}
}

// formatErasure renders the erasure figures as the Markdown of
// BENCHMARKS.md.
func formatErasure(rows []erasureRow, sw sweepRow, people int) string {
	var b strings.Builder
	mb := func(v int64) string { return fmt.Sprintf("%.1f", float64(v)/1e6) }
	fmt.Fprintf(&b, "| stored conversations (file) | /forget p50 / p99 / max (n) | others' p99: baseline (rounds' range) → during /forget (×) | one chat repeating /forget: others' p99 (×) | komek RSS MB: baseline → during (×) → after |\n")
	fmt.Fprintf(&b, "|---|---|---|---|---|\n")
	for _, r := range rows {
		f := summarize(r.forgets)
		lo, hi := slices.Min(r.roundBase), slices.Max(r.roundBase)
		fmt.Fprintf(&b, "| %d (%.1f MB) | %s / %s / %s (%d) | %s (%s–%s) → %s (%.2f) | %s (%.2f; %d repeats) | %s → %s (%.2f) → %s |\n",
			r.sessions, r.fileMB, ms1(f.p50), ms1(f.p99), ms1(f.max), len(r.forgets),
			ms1(r.base.p99), ms1(lo), ms1(hi), ms1(r.forget.p99), ratio(r.forget.p99, r.base.p99),
			ms1(r.spam.p99), ratio(r.spam.p99, r.base.p99), r.spams,
			mb(r.rssBase), mb(r.rssDuring), float64(r.rssDuring)/float64(max(1, r.rssBase)), mb(r.rssAfter))
	}
	fmt.Fprintf(&b, "\nThe store's share of one erasure (Tx.Erase in its own transaction: the commit, its fsync, the key overwritten and the keyring fsync'd), 200 in a row in the database of %d conversations below, nobody else writing: p50 %s, p99 %s, max %s.\n",
		sw.sessions, ms1(sw.erase.p50), ms1(sw.erase.p99), ms1(sw.erase.max))
	fmt.Fprintf(&b, "\nJanitor sweep over %d conversations (%.1f MB file), %d of them past the TTL, while %d writers do the channel's store work per update:"+
		" sweep %s (%d erased); writers' p50 / p99 / max %s / %s / %s without a sweep, %s / %s / %s during it (p99 ×%.2f);"+
		" test process RSS %s MB → %s MB during (×%.2f) → %s MB after.\n",
		sw.sessions, sw.fileMB, sw.sessions-sw.sessions/2, people, sw.took.Round(time.Millisecond), sw.erased,
		ms1(sw.base.p50), ms1(sw.base.p99), ms1(sw.base.max), ms1(sw.during.p50), ms1(sw.during.p99), ms1(sw.during.max),
		ratio(sw.during.p99, sw.base.p99), mb(sw.rssBase), mb(sw.rssDuring), float64(sw.rssDuring)/float64(max(1, sw.rssBase)), mb(sw.rssAfter))
	return b.String()
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(max(1, b)) }
