package loadtest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/telegram/telegramtest"
)

var paceRun = flag.Bool("load.pace", false, "TestHumanPace: measure quick tappers at the shipped limits, the capacity at the shipped limits and the throughput ratio to the echo loop (issue 14)")

// Human pace (issue 14): the figures of BENCHMARKS.md's "Human pace"
// section.
const (
	paceLatency = 100 * time.Millisecond // on every Bot API call
	paceThink   = 300 * time.Millisecond // a quick tapper: from a question appearing to the press
	pacePeople  = 10                     // quick tappers at once, each through one conversation
	paceStagger = 137 * time.Millisecond // between the tappers' /start
	capWindow   = 15 * time.Second       // per offered rate
	capPeople   = 100
	capLimit    = time.Second // p95 above it: the rate did not hold
	ratioWindow = 10 * time.Second
	ratioPeople = 64
)

var capRates = []float64{10, 15, 20, 25, 30, 40, 50}

// TestHumanPace measures what issue 14 asks, against the real binary:
//
//   - quick tappers at komek's shipped outgoing limits, every Bot API call
//     taking 100 ms: each presses the answer 300 ms after a question
//     appears, through one whole conversation (/start to the results);
//     per step, tap → spinner stops (the answerCallbackQuery of that press
//     applied) and tap → next question complete; Bot API calls and
//     messages per conversation, by method;
//   - capacity at the shipped limits: the crowd of TestLoad offered
//     updates at rising rates until the p95 of update → next question
//     passes 1 s, or fewer than 90 % of the offered updates are answered
//     in the window;
//   - the closed-loop throughput ratio to the echo loop as in TestLoad
//     -load.full (raised limits, 64 people), with a shorter window.
//
// Only with -load.pace: it times things.
func TestHumanPace(t *testing.T) {
	if !*paceRun {
		t.Skip("with -load.pace only: it measures")
	}
	var md strings.Builder
	fmt.Fprintf(&md, "Run of %s UTC.\n\n", time.Now().UTC().Format("2006-01-02 15:04"))
	t.Run("quick tappers", func(t *testing.T) { md.WriteString(quickTappers(t)) })
	t.Run("capacity", func(t *testing.T) { md.WriteString(capacity(t)) })
	t.Run("throughput ratio", func(t *testing.T) { md.WriteString(throughputRatio(t)) })
	t.Log("\n" + md.String())
	if *report != "" {
		if err := os.WriteFile(*report, []byte(md.String()), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// tapSample is one press of a quick tapper.
type tapSample struct {
	step, then dialog.StepID // the question answered, the question that came next
	next       time.Duration // tap → next question complete
}

func quickTappers(t *testing.T) string {
	fake := telegramtest.NewServer(t)
	fake.SetLatency(paceLatency)
	db := filepath.Join(t.TempDir(), "komek.db")
	bot := startKomek(t, fake, serveConfig{db: db, shipped: true})
	c := newCrowd(fake, pacePeople, 200_000, false)
	time.Sleep(time.Second) // komek's start-up calls
	from := time.Now()
	var (
		mu      sync.Mutex
		samples []tapSample
		starts  []time.Duration
		wg      sync.WaitGroup
	)
	for i, p := range c.people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * paceStagger)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			t0 := time.Now()
			fake.SendCommand(p.user, "/start")
			_, seen, err := p.awaitReply(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			starts = append(starts, seen.Sub(t0))
			mu.Unlock()
			for {
				step, ok := questionStep(p.asked)
				if !ok {
					t.Errorf("person %d: the question %q has no buttons", p.id, p.asked.Plain)
					return
				}
				if step == dialog.StepResults {
					return
				}
				a, ok := p.tpl.answers[step]
				if !ok {
					t.Errorf("person %d (%s): no answer at step %v", p.id, p.tpl.name, step)
					return
				}
				time.Sleep(time.Until(seen.Add(paceThink)))
				t0 := time.Now()
				p.typedAt = 0
				if !p.press(fake, a.value) {
					t.Errorf("person %d: no button %q on %q", p.id, a.value, p.asked.Plain)
					return
				}
				_, seen, err = p.awaitReply(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				then, _ := questionStep(p.asked)
				samples = append(samples, tapSample{step, then, seen.Sub(t0)})
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := fake.WaitIdle(ctx); err != nil {
		t.Errorf("the fake is not idle after the conversations: %v", err)
	}
	time.Sleep(2 * time.Second) // anything still paced
	bot.stop()

	// Spinner: per press, from Press to its answerCallbackQuery.
	spin := map[dialog.StepID][]time.Duration{}
	unanswered := 0
	for _, cb := range fake.Callbacks() {
		parts := strings.SplitN(cb.Data, "|", 4)
		n, _ := strconv.Atoi(parts[1])
		if cb.AnsweredAt.IsZero() {
			unanswered++
			continue
		}
		spin[dialog.StepID(n)] = append(spin[dialog.StepID(n)], cb.AnsweredAt.Sub(cb.PressedAt))
	}
	type pair struct{ step, then dialog.StepID }
	next := map[pair][]time.Duration{}
	var order []pair
	var allSpin, allNext, toResults []time.Duration
	for _, s := range samples {
		k := pair{s.step, s.then}
		if _, ok := next[k]; !ok {
			order = append(order, k)
		}
		next[k] = append(next[k], s.next)
		if s.then == dialog.StepResults {
			toResults = append(toResults, s.next)
		} else {
			allNext = append(allNext, s.next)
		}
	}
	for _, d := range spin {
		allSpin = append(allSpin, d...)
	}
	slices.SortFunc(order, func(a, b pair) int {
		if a.step != b.step {
			return int(a.step) - int(b.step)
		}
		return int(a.then) - int(b.then)
	})

	// Calls and messages per conversation, by method, after komek's
	// start-up, getUpdates aside.
	byMethod := map[string]int{}
	for _, call := range fake.Calls() {
		if call.At.Before(from) || call.Method == "getUpdates" {
			continue
		}
		byMethod[call.Method]++
	}
	var methods []string
	total := 0
	for m, n := range byMethod {
		methods = append(methods, m)
		total += n
	}
	slices.Sort(methods)

	var b strings.Builder
	fmt.Fprintf(&b, "### Quick tappers: %d people, shipped limits, %v on every Bot API call, press %v after each question appears\n\n",
		pacePeople, paceLatency, paceThink)
	fmt.Fprintf(&b, "| question answered → next (presses) | tap → next question complete p50 / p95 / max |\n|---|---|\n")
	pmm := func(d []time.Duration) string {
		l := summarize(d)
		return fmt.Sprintf("%s / %s / %s", msr(l.p50), msr(l.p95), msr(l.max))
	}
	for _, k := range order {
		fmt.Fprintf(&b, "| %s → %s (%d) | %s |\n", stepName(k.step), stepName(k.then), len(next[k]), pmm(next[k]))
	}
	fmt.Fprintf(&b, "| **every question → question** (%d) | **%s** |\n", len(allNext), pmm(allNext))
	fmt.Fprintf(&b, "| **last answer → results question** (%d) | **%s** |\n", len(toResults), pmm(toResults))
	fmt.Fprintf(&b, "\n| question pressed (presses) | tap → spinner stops p50 / p95 / max |\n|---|---|\n")
	var steps []dialog.StepID
	for s := range spin {
		steps = append(steps, s)
	}
	slices.Sort(steps)
	for _, s := range steps {
		fmt.Fprintf(&b, "| %s (%d) | %s |\n", stepName(s), len(spin[s]), pmm(spin[s]))
	}
	fmt.Fprintf(&b, "| **every press** (%d) | **%s** |\n", len(allSpin), pmm(allSpin))
	fmt.Fprintf(&b, "\n/start → first question: %s. Callback queries unanswered: %d.\n\n", pmm(starts), unanswered)
	fmt.Fprintf(&b, "Bot API calls per conversation (getUpdates aside), %d conversations: **%.1f**", pacePeople, float64(total)/pacePeople)
	for _, m := range methods {
		fmt.Fprintf(&b, "; %s %.1f", m, float64(byMethod[m])/pacePeople)
	}
	fmt.Fprintf(&b, ". Messages (sendMessage) per conversation: **%.1f**.\n\n", float64(byMethod["sendMessage"])/pacePeople)
	return b.String()
}

func stepName(s dialog.StepID) string {
	names := map[dialog.StepID]string{dialog.StepDanger: "danger", dialog.StepNeed: "need", dialog.StepWho: "who",
		dialog.StepAge: "age", dialog.StepRegion: "region", dialog.StepCitizenship: "citizenship", dialog.StepResults: "results"}
	if n, ok := names[s]; ok {
		return n
	}
	return fmt.Sprint(int(s))
}

func msr(d time.Duration) string {
	if d >= 10*time.Millisecond {
		return fmt.Sprintf("%.0f ms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}

// capacity offers TestLoad's crowd rising rates at the shipped limits.
func capacity(t *testing.T) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### Capacity at the shipped limits (polling, no added latency, %d people, %v per rate)\n\n", capPeople, capWindow)
	fmt.Fprintf(&b, "| offered updates/s | answered in the window | update → next question p50 / p95 / max | held (p95 ≤ 1 s, ≥ 90 %% answered) |\n|---:|---:|---|---|\n")
	held := 0.0
	for _, rate := range capRates {
		var m measured
		ok := t.Run(fmt.Sprintf("%.0f per s", rate), func(t *testing.T) {
			m = runScenario(t, scenario{name: fmt.Sprintf("%.0f/s", rate), people: capPeople, shipped: true,
				load: load{duration: capWindow, rate: rate, replyTimeout: 2 * time.Minute}})
		})
		l := summarize(m.lat)
		hold := ok && l.p95 <= capLimit && float64(m.updates) >= 0.9*float64(m.offered)
		fmt.Fprintf(&b, "| %.0f | %d of %d | %s / %s / %s | %v |\n", rate, m.updates, m.offered, msr(l.p50), msr(l.p95), msr(l.max), map[bool]string{true: "yes", false: "**no**"}[hold])
		t.Logf("%.0f/s offered: %d of %d answered, %s", rate, m.updates, m.offered, l)
		if !hold {
			break
		}
		held = rate
	}
	fmt.Fprintf(&b, "\nHighest offered rate that held: **%.0f updates/s**.\n\n", held)
	return b.String()
}

// throughputRatio is TestLoad -load.full's closed loop, echo then komek by
// polling, with the raised limits.
func throughputRatio(t *testing.T) string {
	var ms []measured
	for _, sc := range []scenario{
		{name: "echo baseline (polling)", echo: true, people: ratioPeople, load: load{duration: ratioWindow}},
		{name: "komek, polling", people: ratioPeople, load: load{duration: ratioWindow}},
	} {
		var m measured
		t.Run(sc.name, func(t *testing.T) { m = runScenario(t, sc) })
		ms = append(ms, m)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "### Throughput, closed loop (%d people, %v, raised limits as in TestLoad -load.full)\n\n", ratioPeople, ratioWindow)
	fmt.Fprintf(&b, "| run | updates/s | × echo | update → last reply p50 / p95 / max | CPU s per 1,000 updates |\n|---|---:|---:|---|---:|\n")
	for _, m := range ms {
		l := summarize(m.lat)
		fmt.Fprintf(&b, "| %s | %.0f | %.2f | %s / %s / %s | %.3f |\n", m.name, m.perSecond(), m.perSecond()/ms[0].perSecond(),
			msr(l.p50), msr(l.p95), msr(l.max), m.cpu.Seconds()/float64(max(1, m.updates))*1000)
	}
	b.WriteString("\n")
	return b.String()
}
