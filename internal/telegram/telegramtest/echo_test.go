package telegramtest

import (
	"context"
	"testing"
	"time"
)

func TestEchoAnswersEachTextWithItselfAndStops(t *testing.T) {
	s, _ := newFake(t)
	var changes []Change
	s.OnChange(func(c Change) { changes = append(changes, c) })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Echo(ctx, s.Token(), s.Endpoint(), s.Client(), 4) }()
	wait, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	for i, text := range []string{"hello", "сәлем"} {
		s.SendText(alice, text)
		msgs, err := s.WaitMessages(wait, alice.ID, i+1)
		if err != nil {
			t.Fatal(err)
		}
		if got := msgs[i].Plain; got != text {
			t.Errorf("echo %d = %q, want %q", i, got, text)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Echo returned %v after its context ended", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(changes) != 2 || changes[0].Method != "sendMessage" || changes[1].Message.Plain != "сәлем" || changes[0].ChatID != alice.ID {
		t.Errorf("OnChange saw %+v", changes)
	}
}
