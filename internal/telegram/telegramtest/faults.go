package telegramtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"
)

// Fault is an answer the server gives instead of the normal one. A faulted
// call has no effect (a 500'd sendMessage adds no message), except Slow,
// which only delays the normal answer.
type Fault struct {
	kind       string
	retryAfter int
	delay      time.Duration
}

// TooManyRequests answers 429 "Too Many Requests: retry after N" with
// parameters.retry_after = retryAfter seconds.
func TooManyRequests(retryAfter int) Fault {
	return Fault{kind: "too_many_requests", retryAfter: retryAfter}
}

// ServerError answers 500 {"ok":false,"error_code":500,"description":"Internal Server Error"}.
func ServerError() Fault { return Fault{kind: "server_error"} }

// BadGateway answers 502 with an HTML page instead of JSON, as Telegram's
// front end does when the API is down.
func BadGateway() Fault { return Fault{kind: "bad_gateway"} }

// Slow delays the answer by d, then answers normally (with effects). If the
// client gives up or the test ends first, nothing is answered and the call
// has no effect.
func Slow(d time.Duration) Fault { return Fault{kind: "slow", delay: d} }

// Drop hijacks the connection and closes it without any answer.
func Drop() Fault { return Fault{kind: "drop"} }

// Forbidden answers 403 "Forbidden: bot was blocked by the user".
func Forbidden() Fault { return Fault{kind: "forbidden"} }

// Unauthorized answers 401 "Unauthorized", as Telegram does once a bot's
// token is revoked.
func Unauthorized() Fault { return Fault{kind: "unauthorized"} }

// String returns the fault's name as recorded in Call.Fault.
func (f Fault) String() string { return f.kind }

type faultRule struct {
	method string // "*" for any
	fault  Fault
	left   int
}

type randomFaults struct {
	rate   float64
	rng    *rand.Rand
	faults []Fault
}

// Fail makes the next times calls of method ("*" for any method) answer
// with f. Rules apply in the order they were added. Only calls that pass
// the token and spec checks consume a fault.
func (s *Server) Fail(method string, f Fault, times int) {
	s.t.Helper()
	if _, ok := s.spec.method(method); !ok && method != "*" {
		s.t.Errorf("telegramtest: Fail(%q): no such method in the Bot API spec", method)
		return
	}
	if times < 1 || f.kind == "" {
		s.t.Errorf("telegramtest: Fail(%q, %v, %d): need a fault and times ≥ 1", method, f, times)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, faultRule{method, f, times})
}

// FailRate makes each call (after the Fail rules) answer with probability
// rate with one of faults, chosen at random. The choices are deterministic
// for a seed and a given order of calls; concurrent calls may arrive in a
// different order from run to run. FailRate(0, 0) turns it off.
func (s *Server) FailRate(rate float64, seed int64, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rate <= 0 || len(faults) == 0 {
		s.random = nil
		return
	}
	s.random = &randomFaults{rate: rate, rng: rand.New(rand.NewPCG(uint64(seed), 0x6b6f6d656b)), faults: faults}
}

// BlockUser makes every send or edit to the private chat with user id
// answer 403 "Forbidden: bot was blocked by the user", until UnblockUser.
func (s *Server) BlockUser(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocked[id] = true
}

// UnblockUser undoes BlockUser.
func (s *Server) UnblockUser(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.blocked, id)
}

// takeFault consumes the fault for one call of method, if any.
func (s *Server) takeFault(method string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.faults {
		r := &s.faults[i]
		if r.left > 0 && (r.method == "*" || r.method == method) {
			r.left--
			return r.fault, true
		}
	}
	if rf := s.random; rf != nil && rf.rng.Float64() < rf.rate {
		return rf.faults[rf.rng.IntN(len(rf.faults))], true
	}
	return Fault{}, false
}

// applyFault answers a faulted call. done is false when the call should
// go on normally (no fault, or a Slow one that has waited).
func (s *Server) applyFault(ctx context.Context, method string, c *Call) (rep reply, done bool) {
	f, ok := s.takeFault(method)
	if !ok {
		return reply{}, false
	}
	c.Fault = f.String()
	switch f.kind {
	case "too_many_requests":
		return errReply(&apiError{status: http.StatusTooManyRequests,
			desc: fmt.Sprintf("Too Many Requests: retry after %d", f.retryAfter), retryAfter: f.retryAfter}), true
	case "server_error":
		return errReply(&apiError{status: http.StatusInternalServerError, desc: "Internal Server Error"}), true
	case "bad_gateway":
		return reply{status: http.StatusBadGateway, contentType: "text/html",
			body: []byte("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n")}, true
	case "unauthorized":
		return errReply(&apiError{status: http.StatusUnauthorized, desc: "Unauthorized"}), true
	case "forbidden":
		return errReply(&apiError{status: http.StatusForbidden, desc: "Forbidden: bot was blocked by the user"}), true
	case "drop":
		return reply{drop: true}, true
	case "slow":
		t := time.NewTimer(f.delay)
		defer t.Stop()
		select {
		case <-t.C:
			return reply{}, false
		case <-ctx.Done():
		case <-s.ctx.Done():
		}
		c.Fault = "slow (abandoned)"
		return reply{gone: true}, true
	}
	return reply{}, false
}

// dropConnection closes the client's connection without an answer.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
