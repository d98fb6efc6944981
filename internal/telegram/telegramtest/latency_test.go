package telegramtest

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestLatencyDelaysEveryCallBothWays(t *testing.T) {
	s := NewServer(t)
	s.SetLatency(200 * time.Millisecond)
	start := time.Now()
	resp, err := http.Post(s.URL()+"/bot"+s.Token()+"/getMe", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	took := time.Since(start)
	calls := s.Calls()
	if len(calls) != 1 || calls[0].Status != http.StatusOK {
		t.Fatalf("calls %+v", calls)
	}
	if took < 200*time.Millisecond {
		t.Errorf("the call took %v, want at least the latency", took)
	}
}
