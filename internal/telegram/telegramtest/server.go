package telegramtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// DefaultToken is the bot token a Server accepts unless WithToken is given.
const DefaultToken = "123456789:AAFakeTokenForKomekTests_0123456789"

// Server is a fake Telegram Bot API. It is safe for concurrent use: the bot
// calls it over HTTP while the test scripts users and observes the chats
// from other goroutines. All methods may be called from any goroutine
// unless their doc says otherwise.
type Server struct {
	t       testing.TB
	spec    *apiSpec
	srv     *httptest.Server
	token   string
	botID   int64
	botName string
	retry   retryPolicy
	ctx     context.Context // cancelled when the test ends
	cancel  context.CancelFunc
	client  *http.Client // for webhook deliveries
	wg      sync.WaitGroup

	mu         sync.Mutex
	change     chan struct{} // closed and replaced on every change
	clock      time.Time     // zero: the real clock
	calls      []Call
	chats      map[int64]*chat
	q          updateQueue
	hook       webhookState
	callbacks  []*Callback
	commands   map[string][]BotCommand
	faults     []faultRule
	random     *randomFaults
	blocked    map[int64]bool
	deliveries []Delivery
	hooks      hooks
	latency    time.Duration // SetLatency
}

// Option configures NewServer.
type Option func(*Server)

// WithToken makes the server accept token instead of DefaultToken. The bot's
// user id is the number before the colon, as in real tokens.
func WithToken(token string) Option { return func(s *Server) { s.token = token } }

// WithBotUsername sets the username getMe reports (default "komek_test_bot").
func WithBotUsername(name string) Option { return func(s *Server) { s.botName = name } }

// WithNow starts the fake clock at t instead of following the real clock;
// see SetNow.
func WithNow(t time.Time) Option { return func(s *Server) { s.clock = t } }

// WithWebhookRetries sets how often an update is POSTed to the webhook
// before it is dropped (attempts ≥ 1, default 3) and the pause between
// attempts (default 10ms).
func WithWebhookRetries(attempts int, backoff time.Duration) Option {
	return func(s *Server) { s.retry = retryPolicy{attempts, backoff} }
}

// NewServer starts a fake Bot API on a loopback httptest server and
// registers its shutdown with t.Cleanup. It calls t.Fatal if the embedded
// Bot API spec can't be decoded. Every violation of the spec by the bot
// is reported with t.Errorf, from whatever goroutine serves the request.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	sp, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		t: t, spec: sp, token: DefaultToken, botName: "komek_test_bot",
		retry: retryPolicy{3, 10 * time.Millisecond}, ctx: ctx, cancel: cancel,
		change: make(chan struct{}), chats: map[int64]*chat{},
		commands: map[string][]BotCommand{}, blocked: map[int64]bool{},
	}
	for _, o := range opts {
		o(s)
	}
	s.botID = botIDOf(s.token)
	s.q.next = 1
	transport := &http.Transport{}
	s.client = &http.Client{Transport: transport, Timeout: 30 * time.Second}
	s.srv = httptest.NewServer(s)
	s.wg.Add(1)
	go s.deliverLoop()
	t.Cleanup(func() {
		cancel()
		s.srv.Close()
		s.wg.Wait()
		transport.CloseIdleConnections()
	})
	return s
}

// botIDOf returns the numeric prefix of a token, or 1.
func botIDOf(token string) int64 {
	prefix, _, _ := strings.Cut(token, ":")
	if id, err := strconv.ParseInt(prefix, 10, 64); err == nil && id > 0 {
		return id
	}
	return 1
}

// URL returns the server's base URL, such as "http://127.0.0.1:41234".
// Requests go to URL()+"/bot"+token+"/"+method.
func (s *Server) URL() string { return s.srv.URL }

// Endpoint returns the API endpoint format go-telegram-bot-api expects:
// URL()+"/bot%s/%s", for tgbotapi.NewBotAPIWithClient.
func (s *Server) Endpoint() string { return s.srv.URL + "/bot%s/%s" }

// Token returns the token the server accepts.
func (s *Server) Token() string { return s.token }

// BotID returns the bot's user id (the token's numeric prefix).
func (s *Server) BotID() int64 { return s.botID }

// Client returns an HTTP client for the server (loopback, no proxy).
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Now returns the fake clock: the time set by SetNow or WithNow, or the
// real time if neither was used. Message dates and the 48-hour deletion
// rule use this clock; Call.At and long-poll timeouts use the real one.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nowLocked()
}

// SetNow stops the fake clock at t; the zero time returns to the real clock.
func (s *Server) SetNow(t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock = t
	s.notifyLocked()
}

// Advance moves the fake clock forward by d (stopping it first if it was
// following the real clock).
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock = s.nowLocked().Add(d)
	s.notifyLocked()
}

func (s *Server) nowLocked() time.Time {
	if s.clock.IsZero() {
		return time.Now()
	}
	return s.clock
}

// Call is one request the bot made, whatever its outcome.
type Call struct {
	Method string            // method name, in the spec's spelling if it exists
	Params map[string]string // parameters as received (JSON values as text)
	At     time.Time         // real time the request arrived
	Status int               // HTTP status of the answer; 0 if none was sent (Drop, or the client left)
	Error  string            // description of a non-ok answer, "" on success
	Fault  string            // name of the injected fault, "" if none
}

// OK reports whether the call was answered with ok:true.
func (c Call) OK() bool { return c.Status == http.StatusOK }

// Calls returns every request so far, in the order they were answered
// (a long poll is recorded when it returns), including rejected and
// faulted ones.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.calls))
	for i, c := range s.calls {
		c.Params = cloneMap(c.Params)
		out[i] = c
	}
	return out
}

// CallsTo returns the calls of one method (see Calls).
func (s *Server) CallsTo(method string) []Call {
	var out []Call
	for _, c := range s.Calls() {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// notifyLocked wakes every waiter (WaitFor, long polls, webhook delivery).
func (s *Server) notifyLocked() {
	close(s.change)
	s.change = make(chan struct{})
}
