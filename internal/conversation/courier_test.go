package conversation_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/conversation"
	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/store"
)

// slowSender records what it sends and takes its time over each item, as
// a chat's rate limit would; gate, when set, holds every send until it is
// closed.
type slowSender struct {
	mu   sync.Mutex
	sent []string
	gate chan struct{}
	took chan string // each item as its send starts
}

func (s *slowSender) Send(ctx context.Context, _ store.SessionKey, item []byte, _ bool, _ int64) (conversation.Sent, error) {
	if s.took != nil {
		s.took <- string(item)
	}
	if s.gate != nil {
		select {
		case <-s.gate:
		case <-ctx.Done():
			return conversation.Sent{}, ctx.Err()
		}
	}
	s.mu.Lock()
	s.sent = append(s.sent, string(item))
	s.mu.Unlock()
	return conversation.Sent{}, nil
}

func (s *slowSender) Gone(error) bool { return false }

func (s *slowSender) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sent)
}

// planOf queues the given items, whatever the dialog said.
func planOf(items ...conversation.Item) conversation.Plan {
	return func(*store.Tx, engine.Reply, []store.Message) ([]conversation.Item, error) { return items, nil }
}

func item(class conversation.Class, s string) conversation.Item {
	return conversation.Item{Class: class, Data: []byte(s)}
}

func handle(t *testing.T, c *conversation.Core, k store.SessionKey, seq int64, p conversation.Plan) {
	t.Helper()
	in := conversation.Inbound{Key: k, Seq: seq, At: time.Now(), Input: dialog.Cmd(dialog.CmdHelp)}
	if _, err := c.Handle(in, p); err != nil {
		t.Fatal(err)
	}
}

func TestANewerQuestionReplacesOneNotYetSentButResultsStay(t *testing.T) {
	c := newCore(t)
	k := store.SessionKey{Channel: "test", Chat: "q"}
	handle(t, c, k, 1, planOf(item(conversation.Reply, "results"), item(conversation.Question, "question 1")))
	handle(t, c, k, 2, planOf(item(conversation.Question, "question 2")))

	s := &slowSender{}
	c.Flush(context.Background(), k, s, false)
	if got, want := s.all(), []string{"results", "question 2"}; !slices.Equal(got, want) {
		t.Errorf("sent %q, want %q: question 1 was made obsolete before it went out", got, want)
	}
}

func TestAReplyWithNoQuestionKeepsTheQueuedQuestion(t *testing.T) {
	c := newCore(t)
	k := store.SessionKey{Channel: "test", Chat: "r"}
	handle(t, c, k, 1, planOf(item(conversation.Question, "question 1")))
	handle(t, c, k, 2, planOf(item(conversation.Reply, "a note")))

	s := &slowSender{}
	c.Flush(context.Background(), k, s, false)
	if got, want := s.all(), []string{"question 1", "a note"}; !slices.Equal(got, want) {
		t.Errorf("sent %q, want %q", got, want)
	}
}

func TestACrisisReplyGoesBeforeEverythingQueued(t *testing.T) {
	c := newCore(t)
	k := store.SessionKey{Channel: "test", Chat: "c"}
	handle(t, c, k, 1, planOf(item(conversation.Reply, "results 1"), item(conversation.Reply, "results 2"),
		item(conversation.Question, "results question")))
	handle(t, c, k, 2, planOf(item(conversation.Urgent, "emergency numbers"), item(conversation.Urgent, "safety question")))

	s := &slowSender{}
	c.Flush(context.Background(), k, s, false)
	want := []string{"emergency numbers", "safety question", "results 1", "results 2"}
	if got := s.all(); !slices.Equal(got, want) {
		t.Errorf("sent %q, want %q", got, want)
	}
}

// While the courier is delivering a chat's replies one by one (paced), a
// crisis reply decided meanwhile goes out next, before the rest of the
// queue, and a question it made obsolete is not sent.
func TestTheCourierStartsOverWhenANewerReplyIsDecided(t *testing.T) {
	c := newCore(t)
	k := store.SessionKey{Channel: "test", Chat: "k"}
	s := &slowSender{gate: make(chan struct{}), took: make(chan string, 10)}
	courier := c.NewCourier(s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	handle(t, c, k, 1, planOf(item(conversation.Reply, "results 1"), item(conversation.Reply, "results 2"),
		item(conversation.Question, "results question")))
	courier.Kick(ctx, k, false)
	if first := <-s.took; first != "results 1" {
		t.Fatalf("first send %q", first)
	}
	// results 1 is on its way (held at the gate) when the crisis comes.
	handle(t, c, k, 2, planOf(item(conversation.Urgent, "emergency numbers"), item(conversation.Question, "safety question")))
	courier.Kick(ctx, k, false)
	close(s.gate)
	courier.Wait()

	want := []string{"results 1", "emergency numbers", "results 2", "safety question"}
	if got := s.all(); !slices.Equal(got, want) {
		t.Errorf("sent %q, want %q", got, want)
	}
	if n := outbox(t, c, k); n != 0 {
		t.Errorf("%d items left in the outbox", n)
	}
	if courier.Busy(k) {
		t.Error("the courier still holds the chat")
	}
}

// A courier stops with its context; what it had not sent stays in the
// outbox for the next start.
func TestTheCourierStopsWithItsContextAndKeepsTheRest(t *testing.T) {
	c := newCore(t)
	k := store.SessionKey{Channel: "test", Chat: "s"}
	s := &slowSender{gate: make(chan struct{}), took: make(chan string, 10)}
	courier := c.NewCourier(s)
	ctx, cancel := context.WithCancel(context.Background())
	handle(t, c, k, 1, planOf(item(conversation.Reply, "one"), item(conversation.Reply, "two")))
	courier.Kick(ctx, k, false)
	<-s.took
	cancel()
	courier.Wait()
	if n := outbox(t, c, k); n != 2 {
		t.Errorf("%d items left, want 2", n)
	}
	if err := ctx.Err(); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}

// pacedSender waits before each non-urgent item as a chat's rate limit
// would, and gives the wait up when a newer event arrives.
type pacedSender struct {
	slowSender
	waiting chan struct{}
}

func (s *pacedSender) Send(ctx context.Context, k store.SessionKey, item []byte, maybe bool, last int64) (conversation.Sent, error) {
	if string(item) != "emergency numbers" {
		s.waiting <- struct{}{}
		select {
		case <-conversation.Interrupted(ctx):
			return conversation.Sent{}, conversation.ErrInterrupted
		case <-ctx.Done():
			return conversation.Sent{}, ctx.Err()
		}
	}
	return s.slowSender.Send(ctx, k, item, maybe, last)
}

// A reply waiting for the chat's rate limit does not hold back a crisis
// reply decided meanwhile: the wait is given up, the emergency numbers go
// out, and the waiting reply is still delivered after them.
func TestACrisisReplyDoesNotWaitBehindAPacedReply(t *testing.T) {
	c := newCore(t)
	k := store.SessionKey{Channel: "test", Chat: "p"}
	s := &pacedSender{waiting: make(chan struct{}, 10)}
	courier := c.NewCourier(s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	handle(t, c, k, 1, planOf(item(conversation.Reply, "results")))
	courier.Kick(ctx, k, false)
	<-s.waiting // the results wait for the limit
	handle(t, c, k, 2, planOf(item(conversation.Urgent, "emergency numbers")))
	courier.Kick(ctx, k, false)
	<-s.waiting // the results wait again, after the emergency numbers
	if got := s.all(); !slices.Equal(got, []string{"emergency numbers"}) {
		t.Errorf("sent %q before the results' wait was over, want the emergency numbers only", got)
	}
	cancel()
	courier.Wait()
	if n := outbox(t, c, k); n != 1 {
		t.Errorf("%d items left, want the results", n)
	}
}

// A question that must be seen (it carries the echo of typed words)
// replaces an older question, and is not itself replaced by a newer one.
func TestAKeptQuestionReplacesOthersButStays(t *testing.T) {
	c := newCore(t)
	k := store.SessionKey{Channel: "test", Chat: "kept"}
	handle(t, c, k, 1, planOf(item(conversation.Question, "question 1")))
	handle(t, c, k, 2, planOf(item(conversation.KeptQuestion, "✓ typed, question 2")))
	handle(t, c, k, 3, planOf(item(conversation.Question, "question 3")))

	s := &slowSender{}
	c.Flush(context.Background(), k, s, false)
	if got, want := s.all(), []string{"✓ typed, question 2", "question 3"}; !slices.Equal(got, want) {
		t.Errorf("sent %q, want %q", got, want)
	}
}

// maybeSender records, for each item, whether it was to be looked for
// before sending (maybeSent).
type maybeSender struct {
	slowSender
	maybe map[string]bool
}

func (s *maybeSender) Send(ctx context.Context, k store.SessionKey, item []byte, maybe bool, last int64) (conversation.Sent, error) {
	s.mu.Lock()
	s.maybe[string(item)] = maybe
	s.mu.Unlock()
	return s.slowSender.Send(ctx, k, item, maybe, last)
}

// Replies pending at a restart are looked for before being sent again
// (they may have gone out before the crash) — all of them, even when a
// newer event interrupts their delivery half way.
func TestRepliesFromBeforeARestartAreAllLookedForEvenWhenInterrupted(t *testing.T) {
	c := newCore(t)
	k := store.SessionKey{Channel: "test", Chat: "resumed"}
	s := &maybeSender{slowSender: slowSender{gate: make(chan struct{}), took: make(chan string, 10)}, maybe: map[string]bool{}}
	courier := c.NewCourier(s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	handle(t, c, k, 1, planOf(item(conversation.Reply, "before 1"), item(conversation.Reply, "before 2")))
	courier.Kick(ctx, k, true) // after a restart
	<-s.took                   // "before 1" on its way
	handle(t, c, k, 2, planOf(item(conversation.Reply, "after")))
	courier.Kick(ctx, k, false)
	close(s.gate)
	courier.Wait()
	if !s.maybe["before 1"] || !s.maybe["before 2"] {
		t.Errorf("looked for first: %v; every reply from before the restart must be", s.maybe)
	}
}
