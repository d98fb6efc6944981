package loadtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/komek-kz/komek/internal/telegram/telegramtest"
)

// crowd is the people of one run and the fake they talk to.
type crowd struct {
	fake   *telegramtest.Server
	people []*person
}

// newCrowd makes n people with IDs from firstID, cycling through the
// templates (or talking to the echo bot), and routes the fake's changes to
// their inboxes.
func newCrowd(fake *telegramtest.Server, n int, firstID int64, echo bool) *crowd {
	c := &crowd{fake: fake}
	byID := make(map[int64]*person, n)
	for i := range n {
		tpl := &templates[i%len(templates)]
		p := &person{id: firstID + int64(i), tpl: tpl, echo: echo, inbox: make(chan telegramtest.Change, 256)}
		p.user = telegramtest.User{ID: p.id, FirstName: "P", LanguageCode: tpl.lang}
		c.people = append(c.people, p)
		byID[p.id] = p
	}
	fake.OnChange(func(ch telegramtest.Change) {
		if p := byID[ch.ChatID]; p != nil {
			select {
			case p.inbox <- ch:
			default:
				p.overflow.Store(true)
			}
		}
	})
	return c
}

// load says how a crowd runs.
type load struct {
	// duration is the measured window, after every person's first action
	// (/start) has been answered. After it people finish the round they
	// are in, unmeasured.
	duration time.Duration
	// rate, when set, offers updates at this many a second in all (a
	// Poisson process): an idle person acts when the next update is due.
	// Zero: every person acts as soon as the last reply arrives.
	rate float64
	// replyTimeout bounds each wait for a reply (default one minute).
	replyTimeout time.Duration
	// during runs beside the people for the measured window (kills).
	during func(ctx context.Context)
}

// outcome is what a run measured.
type outcome struct {
	window   time.Duration
	updates  int             // replies received within the window
	offered  int             // rate: updates due within the window
	lat      []time.Duration // per update acted on and answered within the window: to the last reply
	latFirst []time.Duration // the same updates: to the first change in the chat
	failures []error
}

func (o outcome) perSecond() float64 { return float64(o.updates) / o.window.Seconds() }

// run drives every person under l and returns what was measured; each
// person's failure (no reply in time) is in failures.
func (c *crowd) run(l load) outcome {
	if l.replyTimeout == 0 {
		l.replyTimeout = time.Minute
	}
	var (
		mu  sync.Mutex
		out outcome
		wg  sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		out.failures = append(out.failures, err)
		mu.Unlock()
	}
	// Warm-up: everyone's first action, unmeasured.
	for _, p := range c.people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.step(p, l.replyTimeout, nil); err != nil {
				fail(err)
			}
		}()
	}
	wg.Wait()
	if len(out.failures) > 0 {
		return out
	}
	start := time.Now()
	end := start.Add(l.duration)
	ctx, cancel := context.WithDeadline(context.Background(), end)
	defer cancel()
	var tokens chan struct{}
	if l.rate > 0 {
		tokens = make(chan struct{}, 1<<20)
		out.offered = offer(ctx, tokens, l.rate)
	}
	var duringDone chan struct{}
	if l.during != nil {
		duringDone = make(chan struct{})
		go func() { defer close(duringDone); l.during(ctx) }()
	}
	for _, p := range c.people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat, first, err := c.drive(ctx, p, l, tokens, start, end)
			if err != nil {
				fail(err)
			}
			mu.Lock()
			out.lat = append(out.lat, lat...)
			out.latFirst = append(out.latFirst, first...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if duringDone != nil {
		<-duringDone
	}
	out.window = l.duration
	out.updates = len(out.lat)
	return out
}

// offer puts a token in tokens at each arrival of a Poisson process of
// rate a second until ctx ends, in the background, and returns at once
// the number of arrivals it will make (they are drawn in advance).
func offer(ctx context.Context, tokens chan<- struct{}, rate float64) int {
	rng := rand.New(rand.NewPCG(uint64(*seed), 0x6f66666572))
	deadline, _ := ctx.Deadline()
	var due []time.Time
	for t := time.Now(); ; {
		t = t.Add(time.Duration(rng.ExpFloat64() / rate * float64(time.Second)))
		if !t.Before(deadline) {
			break
		}
		due = append(due, t)
	}
	go func() {
		timer := time.NewTimer(0)
		defer timer.Stop()
		for _, at := range due {
			if d := time.Until(at); d > 0 {
				timer.Reset(d)
				select {
				case <-timer.C:
				case <-ctx.Done():
					return
				}
			}
			tokens <- struct{}{}
		}
	}()
	return len(due)
}

// drive makes p act until the window ends, then finish its round. It
// returns the latencies, to the last reply and to the first change, of the
// updates acted on and answered within the window.
func (c *crowd) drive(ctx context.Context, p *person, l load, tokens chan struct{}, start, end time.Time) (lat, first []time.Duration, err error) {
	atBoundary := true // after /start, and after each round
	for {
		if ctx.Err() != nil {
			if atBoundary || p.echo {
				return lat, first, nil
			}
			if err := c.step(p, l.replyTimeout, &atBoundary); err != nil {
				return lat, first, err
			}
			continue
		}
		if tokens != nil {
			select {
			case <-tokens:
			case <-ctx.Done():
				continue
			}
		}
		t0 := time.Now()
		var firstAt, answered time.Time
		if err := c.stepAt(p, l.replyTimeout, &atBoundary, &firstAt, &answered); err != nil {
			return lat, first, err
		}
		if !t0.Before(start) && answered.Before(end) {
			lat = append(lat, answered.Sub(t0))
			first = append(first, firstAt.Sub(t0))
		}
	}
}

// step makes p act once and waits for the reply; atBoundary, when given,
// is set to whether the action ended a round.
func (c *crowd) step(p *person, timeout time.Duration, atBoundary *bool) error {
	var first, answered time.Time
	return c.stepAt(p, timeout, atBoundary, &first, &answered)
}

func (c *crowd) stepAt(p *person, timeout time.Duration, atBoundary *bool, first, answered *time.Time) error {
	endsRound, err := p.act(c.fake)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	f, at, err := p.awaitReply(ctx)
	if err != nil {
		return err
	}
	*first, *answered = f, at
	if endsRound {
		p.rounds++
	}
	if atBoundary != nil {
		*atBoundary = endsRound
	}
	return nil
}

// percentile returns the p-th percentile (0–100) of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p / 100)
	return sorted[i]
}

// latencies summarises a run's latencies.
type latencies struct{ p50, p95, p99, max time.Duration }

func summarize(lat []time.Duration) latencies {
	s := slices.Clone(lat)
	slices.Sort(s)
	if len(s) == 0 {
		return latencies{}
	}
	return latencies{percentile(s, 50), percentile(s, 95), percentile(s, 99), s[len(s)-1]}
}

func (l latencies) String() string {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
	return fmt.Sprintf("p50 %s, p95 %s, p99 %s, max %s", ms(l.p50), ms(l.p95), ms(l.p99), ms(l.max))
}
