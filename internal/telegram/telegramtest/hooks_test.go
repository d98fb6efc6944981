package telegramtest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// With several connections, updates of different chats overlap, and those
// of one chat still arrive one at a time and in order.
var bob = User{ID: 1002, FirstName: "Bolat", LanguageCode: "ru"}

func TestWebhookConnectionsOverlapChatsAndKeepEachChatInOrder(t *testing.T) {
	s, _ := newFake(t, WithWebhookConnections(4))
	var (
		mu       sync.Mutex
		inFlight = map[int64]int{}
		order    = map[int64][]string{}
		overlap  bool
		release  = make(chan struct{})
		// first is the chat whose update arrived first: it is held until
		// the other chat's updates have all arrived (whichever chat the
		// fake's connections happen to start with).
		first int64
	)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var u struct {
			Message struct {
				Text string `json:"text"`
				Chat struct {
					ID int64 `json:"id"`
				} `json:"chat"`
			} `json:"message"`
		}
		_ = json.Unmarshal(b, &u)
		chat := u.Message.Chat.ID
		mu.Lock()
		inFlight[chat]++
		if inFlight[chat] > 1 {
			t.Errorf("two updates of chat %d at once", chat)
		}
		overlap = overlap || inFlight[alice.ID] > 0 && inFlight[bob.ID] > 0
		order[chat] = append(order[chat], u.Message.Text)
		hold := first == 0
		if hold {
			first = chat
		}
		mu.Unlock()
		if hold {
			<-release // hold the first update until the other chat's arrive
		}
		mu.Lock()
		inFlight[chat]--
		mu.Unlock()
	}))
	t.Cleanup(hs.Close)
	mustOK(t, call(t, s, "setWebhook", map[string]string{"url": hs.URL}), nil)
	for _, text := range []string{"a1", "a2", "a3"} {
		s.SendText(alice, text)
	}
	for _, text := range []string{"b1", "b2"} {
		s.SendText(bob, text)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := s.WaitFor(ctx, func(*Server) bool {
		mu.Lock()
		defer mu.Unlock()
		switch first {
		case alice.ID:
			return len(order[bob.ID]) == 2
		case bob.ID:
			return len(order[alice.ID]) == 3
		}
		return false
	})
	close(release)
	if err != nil {
		t.Fatal("one chat's updates waited for the other's: ", err)
	}
	if err := s.WaitIdle(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if got := order[alice.ID]; len(got) != 3 || got[0] != "a1" || got[1] != "a2" || got[2] != "a3" {
		t.Errorf("alice's updates arrived as %v", got)
	}
	if !overlap {
		t.Error("no two chats were ever delivered at once")
	}
}
