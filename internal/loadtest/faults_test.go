package loadtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/telegram/telegramtest"
)

// The faults of the fault runs: one Bot API call in ten fails, with one of
// these. Slow outlasts the call timeout komek is given (faultCallTimeout),
// so it is a timeout; Drop closes the connection without an answer.
const (
	faultRate        = 0.10
	faultCallTimeout = "1s"
)

func faults() []telegramtest.Fault {
	return []telegramtest.Fault{telegramtest.TooManyRequests(1), telegramtest.ServerError(),
		telegramtest.Slow(3 * time.Second), telegramtest.Drop()}
}

// TestFaultsAndKills runs people through conversations while one Bot API
// call in ten fails and komek serve is killed with SIGKILL three times and
// restarted on the same database, by long polling and by webhook. Every
// person's chat must end exactly as without faults (nothing lost, nothing
// twice, nothing out of order) and the database must pass bbolt's
// consistency check, and every button press must be answered. -load.soak
// runs more people for longer.
func TestFaultsAndKills(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs komek")
	}
	people, window := 12, 3*time.Second
	if *soakRun {
		people, window = 200, 3*time.Minute
	}
	for _, webhook := range []bool{false, true} {
		name := map[bool]string{false: "polling", true: "webhook"}[webhook]
		t.Run(name, func(t *testing.T) { t.Log(faultRun(t, webhook, people, window)) })
	}
}

// faultRun runs people under faults and kills, checks every chat and the
// database, and returns a summary of the run.
func faultRun(t *testing.T, webhook bool, people int, window time.Duration) string {
	ref := theReference(t)
	// While komek is down Telegram keeps retrying a webhook for hours; the
	// fake's default gives up after three tries.
	opts := []telegramtest.Option{telegramtest.WithWebhookRetries(100_000, 20*time.Millisecond)}
	if webhook {
		opts = append(opts, telegramtest.WithWebhookConnections(webhookConnections))
	}
	fake := telegramtest.NewServer(t, opts...)
	fake.FailRate(faultRate, *seed, faults()...)
	db := filepath.Join(t.TempDir(), "komek.db")
	cfg := serveConfig{db: db, webhook: webhook, callTimeout: faultCallTimeout}
	if webhook {
		cfg.listen = freeAddr(t)
	}
	k := startKomek(t, fake, cfg)
	c := newCrowd(fake, people, 300_000, false)
	kills := killMoments(window, 3)
	out := c.run(load{duration: window, replyTimeout: 2 * time.Minute, during: func(ctx context.Context) {
		start := time.Now()
		for _, at := range kills {
			select {
			case <-time.After(time.Until(start.Add(at))):
				k.restart()
			case <-ctx.Done():
				t.Errorf("the run ended before the kill at %v", at)
				return
			}
		}
	}})
	for _, err := range out.failures {
		t.Error(err)
	}
	k.stop()
	for _, p := range ref.verify(c) {
		t.Error(p)
	}
	checkDB(t, db)
	// A button press redelivered after a kill is answered again, so no
	// person is left with a spinning button.
	if left := fake.Unanswered(); len(left) > 0 {
		t.Errorf("%d callback queries were never answered: %v", len(left), left)
	}
	injected := 0
	for _, call := range fake.Calls() {
		if call.Fault != "" {
			injected++
		}
	}
	rounds := 0
	for _, p := range c.people {
		rounds += p.rounds
	}
	mode := map[bool]string{false: "polling", true: "webhook"}[webhook]
	verdict := "every chat exactly as without faults, database consistent"
	if t.Failed() {
		verdict = "FAILED (see the test log)"
	}
	return fmt.Sprintf("%s: %d people, %v, %d rounds, %d updates in the window, %d of %d API calls failed by injection, komek killed at %v and restarted: %s; %d callback queries left unanswered",
		mode, people, window, rounds, out.updates, injected, len(fake.Calls()), kills, verdict, len(fake.Unanswered()))
}

// killMoments returns n moments within the middle of window, seeded.
func killMoments(window time.Duration, n int) []time.Duration {
	rng := rand.New(rand.NewPCG(uint64(*seed), 0x6b696c6c))
	var at []time.Duration
	for range n {
		at = append(at, time.Duration((0.1+0.8*rng.Float64())*float64(window)).Round(time.Millisecond))
	}
	slices.Sort(at)
	return at
}
