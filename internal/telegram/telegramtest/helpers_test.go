package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder is a testing.TB whose Errorf is recorded instead of failing the
// test, so tests can check that the fake reports violations. Errors nobody
// took with take fail the real test at the end.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) Error(args ...any) { r.Errorf("%s", fmt.Sprint(args...)) }

func (r *recorder) Helper() {}

// take returns the recorded errors and forgets them.
func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	errs := r.errs
	r.errs = nil
	return errs
}

// newFake starts a server whose reports go to a recorder.
func newFake(t *testing.T, opts ...Option) (*Server, *recorder) {
	t.Helper()
	rec := &recorder{TB: t}
	t.Cleanup(func() {
		for _, e := range rec.take() {
			t.Errorf("unexpected report: %s", e)
		}
	})
	return NewServer(rec, opts...), rec
}

// wantReport checks that exactly the reports so far mention each of subs.
func wantReport(t *testing.T, rec *recorder, subs ...string) {
	t.Helper()
	errs := rec.take()
	if len(errs) == 0 && len(subs) > 0 {
		t.Errorf("no report, want one mentioning %q", subs)
		return
	}
	all := strings.Join(errs, "\n")
	for _, s := range subs {
		if !strings.Contains(all, s) {
			t.Errorf("reports %q don't mention %q", errs, s)
		}
	}
}

// apiResp is a decoded Bot API answer.
type apiResp struct {
	status      int
	OK          bool            `json:"ok"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Result      json.RawMessage `json:"result"`
	Parameters  *struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// call POSTs a urlencoded request with the server's token.
func call(t *testing.T, s *Server, method string, params map[string]string) apiResp {
	t.Helper()
	return callToken(t, s, s.Token(), method, params)
}

func callToken(t *testing.T, s *Server, token, method string, params map[string]string) apiResp {
	t.Helper()
	form := url.Values{}
	for k, v := range params {
		form.Set(k, v)
	}
	resp, err := s.Client().PostForm(s.URL()+"/bot"+token+"/"+method, form)
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	defer resp.Body.Close()
	var r apiResp
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("%s: decode answer: %v", method, err)
	}
	r.status = resp.StatusCode
	if (resp.StatusCode == http.StatusOK) != r.OK {
		t.Errorf("%s: status %d with ok=%v", method, resp.StatusCode, r.OK)
	}
	return r
}

// mustOK fails the test unless the answer is ok and decodes its result.
func mustOK(t *testing.T, r apiResp, into any) {
	t.Helper()
	if !r.OK {
		t.Fatalf("answer %d %q, want ok", r.status, r.Description)
	}
	if into != nil {
		if err := json.Unmarshal(r.Result, into); err != nil {
			t.Fatalf("decode result %s: %v", r.Result, err)
		}
	}
}

// wantError checks an error answer's status and description.
func wantError(t *testing.T, r apiResp, status int, desc string) {
	t.Helper()
	if r.status != status || !strings.Contains(r.Description, desc) {
		t.Errorf("answer %d %q, want %d containing %q", r.status, r.Description, status, desc)
	}
}

func ctxTimeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

var alice = User{ID: 1001, FirstName: "Aigerim", LanguageCode: "kk"}

// sentID returns the message_id of a Message result.
func sentID(t *testing.T, r apiResp) int {
	t.Helper()
	var m struct {
		MessageID int `json:"message_id"`
	}
	mustOK(t, r, &m)
	return m.MessageID
}

const keyboard = `{"inline_keyboard":[[{"text":"Yes","callback_data":"need:food"},{"text":"Site","url":"https://example.org"}]]}`

func ctxWithin(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}
