package telegramtest

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

var hello = map[string]string{"chat_id": "1001", "text": "hello"}

func TestFaults(t *testing.T) {
	tests := []struct {
		fault  Fault
		status int
		desc   string
	}{
		{TooManyRequests(7), 429, "Too Many Requests: retry after 7"},
		{ServerError(), 500, "Internal Server Error"},
		{Forbidden(), 403, "bot was blocked by the user"},
	}
	for _, tc := range tests {
		t.Run(tc.fault.String(), func(t *testing.T) {
			s, _ := newFake(t)
			s.SendText(alice, "hi")
			s.Fail("sendMessage", tc.fault, 2)
			for range 2 {
				r := call(t, s, "sendMessage", hello)
				wantError(t, r, tc.status, tc.desc)
				if tc.status == 429 && (r.Parameters == nil || r.Parameters.RetryAfter != 7) {
					t.Errorf("parameters = %+v, want retry_after 7", r.Parameters)
				}
			}
			if n := len(s.BotMessages(1001)); n != 0 {
				t.Errorf("faulted calls added %d messages", n)
			}
			mustOK(t, call(t, s, "sendMessage", hello), nil)
			calls := s.CallsTo("sendMessage")
			if len(calls) != 3 || calls[0].Fault != tc.fault.String() || calls[2].Fault != "" {
				t.Errorf("calls = %+v", calls)
			}
		})
	}
}

func TestFaultForAnyMethodAndOtherMethodsUnaffected(t *testing.T) {
	s, _ := newFake(t)
	s.Fail("getUpdates", ServerError(), 1)
	mustOK(t, call(t, s, "getMe", nil), nil)
	wantError(t, call(t, s, "getUpdates", nil), 500, "Internal")
	s.Fail("*", TooManyRequests(1), 1)
	wantError(t, call(t, s, "getMe", nil), 429, "retry after 1")
	mustOK(t, call(t, s, "getMe", nil), nil)
}

func TestBadGatewayIsHTML(t *testing.T) {
	s, _ := newFake(t)
	s.Fail("getMe", BadGateway(), 1)
	resp, err := s.Client().Post(s.URL()+"/bot"+s.Token()+"/getMe", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 502 || resp.Header.Get("Content-Type") != "text/html" {
		t.Errorf("answer %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestDropClosesTheConnection(t *testing.T) {
	s, _ := newFake(t)
	s.SendText(alice, "hi")
	s.Fail("sendMessage", Drop(), 1)
	form := url.Values{"chat_id": {"1001"}, "text": {"x"}}
	if resp, err := s.Client().PostForm(s.URL()+"/bot"+s.Token()+"/sendMessage", form); err == nil {
		resp.Body.Close()
		t.Fatalf("dropped call answered %d", resp.StatusCode)
	}
	if n := len(s.BotMessages(1001)); n != 0 {
		t.Errorf("dropped call added %d messages", n)
	}
	if c := s.CallsTo("sendMessage"); len(c) != 1 || c[0].Fault != "drop" || c[0].Status != 0 {
		t.Errorf("calls = %+v", c)
	}
}

func TestSlowRespectsTheClient(t *testing.T) {
	s, _ := newFake(t)
	s.SendText(alice, "hi")
	s.Fail("sendMessage", Slow(time.Hour), 1)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	form := url.Values{"chat_id": {"1001"}, "text": {"x"}}.Encode()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/bot"+s.Token()+"/sendMessage", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, err := s.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("slow call answered before the client's deadline")
	}
	if err := s.WaitFor(ctxTimeout(t), func(s *Server) bool { return len(s.CallsTo("sendMessage")) == 1 }); err != nil {
		t.Fatal(err)
	}
	if c := s.CallsTo("sendMessage")[0]; c.Fault != "slow (abandoned)" || len(s.BotMessages(1001)) != 0 {
		t.Errorf("call = %+v, messages %d", c, len(s.BotMessages(1001)))
	}
	s.Fail("sendMessage", Slow(20*time.Millisecond), 1)
	mustOK(t, call(t, s, "sendMessage", hello), nil)
}

func TestBlockUser(t *testing.T) {
	s, rec := newFake(t)
	s.SendText(alice, "hi")
	s.BlockUser(alice.ID)
	wantError(t, call(t, s, "sendMessage", hello), 403, "Forbidden: bot was blocked by the user")
	s.UnblockUser(alice.ID)
	mustOK(t, call(t, s, "sendMessage", hello), nil)
	wantReport(t, rec) // blocking is not the bot's fault
}

func TestFailRateIsDeterministic(t *testing.T) {
	run := func() []string {
		s, _ := newFake(t)
		s.FailRate(0.5, 42, ServerError(), TooManyRequests(1))
		var got []string
		for range 40 {
			call(t, s, "getMe", nil)
		}
		for _, c := range s.Calls() {
			got = append(got, c.Fault)
		}
		return got
	}
	a, b := run(), run()
	faulted := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("call %d: %q vs %q with the same seed", i, a[i], b[i])
		}
		if a[i] != "" {
			faulted++
		}
	}
	if faulted < 8 || faulted > 32 {
		t.Errorf("%d of 40 calls faulted at rate 0.5", faulted)
	}
}

func TestFailRejectsTypos(t *testing.T) {
	s, rec := newFake(t)
	s.Fail("sendMesage", ServerError(), 1)
	wantReport(t, rec, "sendMesage")
}
