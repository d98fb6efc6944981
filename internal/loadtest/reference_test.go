package loadtest

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/telegram/telegramtest"
)

// reference is what each template's chat looks like in a run without
// faults: after /start, after one round and after two. Every round after
// the first adds the same messages, so these give the chat after any
// number of rounds (see expected).
type reference struct {
	after [3][][]string // after[rounds][template]
}

var (
	refOnce sync.Once
	ref     *reference
	refErr  error
)

// theReference runs the reference once per test binary: one person per
// template against a komek of its own, without faults.
func theReference(t *testing.T) *reference {
	t.Helper()
	refOnce.Do(func() { ref, refErr = makeReference(t) })
	if refErr != nil {
		t.Fatal(refErr)
	}
	return ref
}

func makeReference(t *testing.T) (*reference, error) {
	fake := telegramtest.NewServer(t)
	k := startKomek(t, fake, serveConfig{db: filepath.Join(t.TempDir(), "reference.db")})
	defer k.stop()
	c := newCrowd(fake, len(templates), 1, false)
	r := &reference{}
	for i := range r.after {
		r.after[i] = make([][]string, len(templates))
	}
	errs := make([]error, len(c.people))
	var wg sync.WaitGroup
	for i, p := range c.people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = c.step(p, time.Minute, nil)
			r.after[0][i] = transcript(fake.BotMessages(p.id))
			for round := 1; round <= 2 && errs[i] == nil; round++ {
				for p.rounds < round && errs[i] == nil {
					errs[i] = c.step(p, time.Minute, nil)
				}
				r.after[round][i] = transcript(fake.BotMessages(p.id))
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("reference run, %s: %w", templates[i].name, err)
		}
		one, two := r.after[1][i], r.after[2][i]
		if len(one) < 2 || len(two) <= len(one) || !slices.Equal(one[:len(one)-1], two[:len(one)-1]) || one[len(one)-1] != two[len(two)-1] {
			return nil, fmt.Errorf("reference run, %s: the second round does not repeat the first:\n%s\n---\n%s",
				templates[i].name, strings.Join(one, "\n"), strings.Join(two, "\n"))
		}
	}
	return r, nil
}

// expected returns the chat of a person of template tpl after rounds rounds.
// With T1 and T2 the chats after one and two rounds, n1 and n2 their
// lengths: the chat is T1 but its last message (the question that starts
// a round, as yet unanswered), then rounds-1 times the messages a round
// adds (T2[n1-1 : n2-1], its first question answered), then that question.
func (r *reference) expected(tpl, rounds int) []string {
	if rounds == 0 {
		return r.after[0][tpl]
	}
	one, two := r.after[1][tpl], r.after[2][tpl]
	out := slices.Clone(one[:len(one)-1])
	for range rounds - 1 {
		out = append(out, two[len(one)-1:len(two)-1]...)
	}
	return append(out, two[len(two)-1])
}

// verify checks that every person's chat is exactly what a run without
// faults gives for the same number of rounds, and returns a description of
// each difference (at most a few in detail).
func (r *reference) verify(c *crowd) []string {
	var problems []string
	for _, p := range c.people {
		if p.echo {
			continue
		}
		if p.overflow.Load() {
			problems = append(problems, fmt.Sprintf("person %d: the test's inbox overflowed", p.id))
		}
		got := transcript(c.fake.BotMessages(p.id))
		want := r.expected(templateIndex(p.tpl), p.rounds)
		if slices.Equal(got, want) {
			continue
		}
		problems = append(problems, describe(p, got, want))
	}
	return problems
}

func templateIndex(tpl *template) int {
	for i := range templates {
		if &templates[i] == tpl {
			return i
		}
	}
	return -1
}

// describe says how a chat differs from the expected one: what is missing,
// what is extra, and where they first differ.
func describe(p *person, got, want []string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	kind := "a reply differs"
	switch {
	case len(got) > len(want):
		kind = fmt.Sprintf("%d replies too many (a duplicate?)", len(got)-len(want))
	case len(got) < len(want):
		kind = fmt.Sprintf("%d replies missing (lost)", len(want)-len(got))
	}
	at := func(s []string) string {
		if i < len(s) {
			return s[i]
		}
		return "(nothing)"
	}
	return fmt.Sprintf("person %d (%s, %d rounds): %s; first difference at bot message %d of %d:\n  got  %q\n  want %q",
		p.id, p.tpl.name, p.rounds, kind, i+1, len(want), at(got), at(want))
}
