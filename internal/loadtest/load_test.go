package loadtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/internal/telegram/telegramtest"
)

// webhookConnections is how many updates the fake POSTs to a webhook at
// once in the load runs: Telegram's default max_connections.
const webhookConnections = 40

// scenario is one measured run of komek or the echo bot.
type scenario struct {
	name    string
	echo    bool
	webhook bool
	people  int
	load    load
	shipped bool // komek's shipped outgoing limits, not the raised ones
}

// measured is what a scenario gave.
type measured struct {
	scenario
	outcome
	cpu       time.Duration // of the bot's process, over the window
	peakRSS   int64
	dbBytes   int64 // komek: the database file after the run
	sessions  int
	problems  []string // people whose chat is wrong
	unanswerd int      // callback queries never answered
}

// runScenario starts a fake and the bot, runs the crowd, stops the bot
// and checks every chat and the database.
func runScenario(t *testing.T, sc scenario) measured {
	t.Helper()
	var opts []telegramtest.Option
	if sc.webhook {
		opts = append(opts, telegramtest.WithWebhookConnections(webhookConnections))
	}
	var ref *reference
	if !sc.echo {
		ref = theReference(t)
	}
	fake := telegramtest.NewServer(t, opts...)
	db := filepath.Join(t.TempDir(), "komek.db")
	var bot *proc
	if sc.echo {
		bot = startEcho(t, fake, 16)
	} else {
		cfg := serveConfig{db: db, webhook: sc.webhook, workers: *workers, shipped: sc.shipped}
		if sc.webhook {
			cfg.listen = freeAddr(t)
		}
		bot = startKomek(t, fake, cfg)
	}
	c := newCrowd(fake, sc.people, 100_000, sc.echo)
	m := measured{scenario: sc}
	l := sc.load
	l.during = func(ctx context.Context) {
		before := bot.usage()
		<-ctx.Done()
		m.cpu = bot.usage().cpu - before.cpu
	}
	m.outcome = c.run(l)
	m.peakRSS = bot.usage().hwm
	bot.stop()
	for _, err := range m.failures {
		t.Error(err)
	}
	if sc.echo {
		return m
	}
	m.problems = ref.verify(c)
	for _, p := range m.problems {
		t.Error(p)
	}
	m.unanswerd = len(fake.Unanswered())
	m.sessions = sc.people
	m.dbBytes = checkDB(t, db)
	rounds := 0
	for _, p := range c.people {
		rounds += p.rounds
	}
	t.Logf("%s: %d people, %d rounds, %d updates in the window", sc.name, sc.people, rounds, m.updates)
	return m
}

// checkDB runs bbolt's consistency check on the database at path and
// returns its size.
func checkDB(t *testing.T, path string) int64 {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatalf("open the database after the run: %v", err)
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		t.Errorf("the database fails the consistency check: %v", err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

// TestLoad drives people through whole conversations with komek serve, by
// long polling and by webhook, and checks that everyone got every reply
// exactly once and in order and that the database is sound. With
// -load.full it also measures, with the echo baseline, and prints the
// figures of BENCHMARKS.md; without, it is short and times nothing.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs komek")
	}
	if *fullRun {
		fullLoad(t)
		return
	}
	for _, webhook := range []bool{false, true} {
		name := map[bool]string{false: "polling", true: "webhook"}[webhook]
		t.Run(name, func(t *testing.T) {
			runScenario(t, scenario{name: name, webhook: webhook, people: 24, load: load{duration: 2 * time.Second}})
		})
	}
}

// fullLoad is TestLoad with -load.full.
func fullLoad(t *testing.T) {
	micro, raw := microBenchmarks(t)
	const people, window = 64, 20 * time.Second
	closed := load{duration: window}
	offered := load{duration: window, rate: 500}
	var ms []measured
	for _, sc := range []scenario{
		{name: "echo baseline (polling)", echo: true, people: people, load: closed},
		{name: "komek, polling", people: people, load: closed},
		{name: "komek, webhook", webhook: true, people: people, load: closed},
		{name: "komek, polling, 500 updates/s offered", people: 1000, load: offered},
		{name: "komek, webhook, 500 updates/s offered", webhook: true, people: 1000, load: offered},
	} {
		var m measured
		t.Run(sc.name, func(t *testing.T) { m = runScenario(t, sc) })
		ms = append(ms, m)
		t.Logf("%s: %.0f updates/s, %s", sc.name, m.perSecond(), summarize(m.lat))
	}
	st := storageRun(t)
	var faultLines []string
	for _, webhook := range []bool{false, true} {
		t.Run(fmt.Sprint("faults and kills, webhook=", webhook), func(t *testing.T) {
			faultLines = append(faultLines, faultRun(t, webhook, 200, time.Minute))
		})
	}
	md := "## Micro-benchmarks\n\n" + micro + "\n## Load\n\n" + formatReport(ms, st) +
		"\n## Faults and kills\n\n- " + strings.Join(faultLines, "\n- ") + "\n"
	t.Log("\n" + md)
	if *report != "" {
		if err := os.WriteFile(*report, []byte(md+"\n## Raw benchmark output\n\n```\n"+raw+"```\n"), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// formatReport renders the figures as the Markdown of BENCHMARKS.md.
func formatReport(ms []measured, st storage) string {
	var b strings.Builder
	base := ms[0]
	fmt.Fprintf(&b, "| run | people | updates/s | × echo | latency p50 / p95 / p99 / max | CPU s per 1,000 updates | peak RSS |\n")
	fmt.Fprintf(&b, "|---|---:|---:|---:|---|---:|---:|\n")
	for _, m := range ms {
		l := summarize(m.lat)
		rate := fmt.Sprintf("%.0f", m.perSecond())
		if m.offered > 0 {
			rate += fmt.Sprintf(" (of %.0f offered)", float64(m.offered)/m.window.Seconds())
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %.2f | %s / %s / %s / %s | %.3f | %.1f MB |\n",
			m.name, m.people, rate, m.perSecond()/base.perSecond(),
			ms1(l.p50), ms1(l.p95), ms1(l.p99), ms1(l.max),
			m.cpu.Seconds()/float64(max(1, m.updates))*1000, float64(m.peakRSS)/1e6)
	}
	b.WriteString("\n")
	for _, m := range ms[1:] {
		l := summarize(m.latFirst)
		fmt.Fprintf(&b, "- %s: to the first reply (the edit of a pressed question, or the first message) p50 %s, p95 %s, p99 %s, max %s\n",
			m.name, ms1(l.p50), ms1(l.p95), ms1(l.p99), ms1(l.max))
	}
	for _, m := range ms[1:] {
		if m.sessions > 0 {
			fmt.Fprintf(&b, "- %s: database file %.1f MB after the run (%d conversations, the referral table, message logs, free pages); %d callback queries unanswered\n",
				m.name, float64(m.dbBytes)/1e6, m.sessions, m.unanswerd)
		}
	}
	fmt.Fprintf(&b, "- %d idle sessions beside %d services: %.0f bytes of file per session (%.0f bytes of disk blocks); komek serving from it: peak RSS %.1f MB (%.1f MB after start)\n",
		st.sessions, st.services, st.bytesPerSession, st.blocksPerSession, float64(st.peakRSS)/1e6, float64(st.startRSS)/1e6)
	return b.String()
}

func ms1(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
