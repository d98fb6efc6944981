// Package whatsapptest is a fake WhatsApp Business Cloud API for tests: it
// checks every request against the documented limits and refuses what the
// real API refuses (with Meta's error shape and codes), keeps what the bot
// sent per person, delivers signed webhooks (and delivers them again), and
// injects faults: throughput errors, pair-rate errors, 5xx, timeouts, and
// messages sent whose answer is lost.
package whatsapptest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// Limits of the Cloud API, in characters.
const (
	MaxText        = 4096
	MaxBody        = 1024
	MaxButtons     = 3
	MaxButtonTitle = 20
	MaxButtonID    = 256
	MaxRows        = 10
	MaxSections    = 10
	MaxRowTitle    = 24
	MaxRowDesc     = 72
	MaxRowID       = 200
	MaxListButton  = 20
	Window         = 24 * time.Hour
)

// Fault is a failure the fake answers a send with.
type Fault int

const (
	// Throughput is error 130429 (HTTP 429): nothing sent.
	Throughput Fault = iota + 1
	// PairRate is error 131056 (HTTP 400): nothing sent.
	PairRate
	// ServerError is HTTP 500, error 131000: nothing sent.
	ServerError
	// Timeout holds the request until the client gives up: nothing sent.
	Timeout
	// LostAnswer sends the message, then answers HTTP 500: the bot cannot
	// know it was sent.
	LostAnswer
)

// Message is one message the bot sent, as the person sees it.
type Message struct {
	Type    string // text, button or list
	Text    string
	Buttons []Choice // reply buttons, or list rows
	List    string   // a list's button
	At      time.Time
}

// Choice is a reply button or a list row.
type Choice struct{ ID, Title, Desc string }

// Server is the fake. Start it with New.
type Server struct {
	*httptest.Server
	t       testing.TB
	Token   string
	PhoneID string
	Secret  string // the app secret webhooks are signed with
	Now     func() time.Time

	mu      sync.Mutex
	sent    map[string][]Message // by phone number
	reads   map[string]bool      // message IDs marked as read
	last    map[string]time.Time // the person's last message, for the 24-hour window
	ids     map[string]bool      // inbound message IDs delivered
	faults  []Fault
	refused []string // why requests were refused
	calls   int
	nextID  int
	webhook string
	bodies  [][]byte // webhook bodies delivered, for Redeliver
	onSend  func(to string, m Message)
	client  *http.Client
	every   int               // FailEvery
	byID    map[string][]byte // inbound message ID → its webhook body, for Resend
}

// FailEvery makes every nth send fail, with each Fault in turn (0: none).
func (s *Server) FailEvery(n int) { s.mu.Lock(); s.every = n; s.mu.Unlock() }

// Resend delivers the webhook of inbound message id again (Meta retrying a
// notification that got no 200), and returns the webhook's status.
func (s *Server) Resend(id string) int {
	s.mu.Lock()
	body := s.byID[id]
	s.mu.Unlock()
	return s.Post(body, s.Sign(body))
}

// OnSend calls f with every message sent, as it is accepted (load tests
// wait on it instead of polling). Set it before the bot starts.
func (s *Server) OnSend(f func(to string, m Message)) { s.mu.Lock(); s.onSend = f; s.mu.Unlock() }

// New starts a fake for phone number ID phoneID with token, signing
// webhooks with secret.
func New(t testing.TB, token, phoneID, secret string) *Server {
	s := &Server{t: t, Token: token, PhoneID: phoneID, Secret: secret, Now: time.Now,
		sent: map[string][]Message{}, reads: map[string]bool{}, last: map[string]time.Time{}, ids: map[string]bool{},
		byID: map[string][]byte{}}
	t2 := http.DefaultTransport.(*http.Transport).Clone()
	t2.MaxIdleConnsPerHost = 1024
	s.client = &http.Client{Transport: t2, Timeout: time.Minute}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// URL of the API, for WHATSAPP_API_URL.
func (s *Server) APIURL() string { return s.URL + "/v21.0" }

// SetWebhook sets where webhooks are delivered.
func (s *Server) SetWebhook(url string) { s.mu.Lock(); s.webhook = url; s.mu.Unlock() }

// Webhook returns where webhooks are delivered.
func (s *Server) Webhook() string { s.mu.Lock(); defer s.mu.Unlock(); return s.webhook }

// Inject makes the next sends fail, one fault each, in order.
func (s *Server) Inject(f ...Fault) { s.mu.Lock(); s.faults = append(s.faults, f...); s.mu.Unlock() }

// Refused returns why requests were refused so far (a bot that respects
// the limits has none).
func (s *Server) Refused() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.refused...)
}

// Sent returns the messages sent to phone, in order.
func (s *Server) Sent(phone string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.sent[phone]...)
}

// Read reports whether message id was marked as read.
func (s *Server) Read(id string) bool { s.mu.Lock(); defer s.mu.Unlock(); return s.reads[id] }

// Calls returns how many send requests the fake answered.
func (s *Server) Calls() int { s.mu.Lock(); defer s.mu.Unlock(); return s.calls }

type apiError struct {
	status int
	code   int
	msg    string
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v21.0/"+s.PhoneID+"/messages" {
		s.fail(w, apiError{404, 100, "unknown path " + r.URL.Path})
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+s.Token {
		s.fail(w, apiError{401, 190, "invalid OAuth access token"})
		return
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		s.fail(w, apiError{400, 100, "content type must be JSON"})
		return
	}
	var req request
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err := json.Unmarshal(body, &req); err != nil {
		s.fail(w, apiError{400, 100, "malformed JSON"})
		return
	}
	if req.Status == "read" {
		s.markRead(w, req)
		return
	}
	m, bad := check(req)
	if bad != "" {
		s.fail(w, apiError{400, 131009, "parameter value is not valid: " + bad})
		return
	}
	s.mu.Lock()
	s.calls++
	var fault Fault
	if len(s.faults) > 0 {
		fault, s.faults = s.faults[0], s.faults[1:]
	} else if s.every > 0 && s.calls%s.every == 0 {
		fault = Fault(s.calls/s.every%int(LostAnswer) + 1)
	}
	last, wrote := s.last[req.To]
	now := s.Now()
	s.mu.Unlock()
	switch fault {
	case Throughput:
		s.answer(w, apiError{429, 130429, "rate limit hit"})
		return
	case PairRate:
		s.answer(w, apiError{400, 131056, "pair rate limit hit"})
		return
	case ServerError:
		s.answer(w, apiError{500, 131000, "something went wrong"})
		return
	case Timeout:
		<-r.Context().Done()
		return
	}
	if !wrote || now.Sub(last) > Window {
		s.fail(w, apiError{400, 131047, "re-engagement message: more than 24 hours have passed since the recipient last replied"})
		return
	}
	m.At = now
	s.mu.Lock()
	s.sent[req.To] = append(s.sent[req.To], m)
	s.nextID++
	id := s.nextID
	onSend := s.onSend
	s.mu.Unlock()
	if onSend != nil {
		onSend(req.To, m)
	}
	if fault == LostAnswer {
		s.answer(w, apiError{500, 131000, "something went wrong"})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"messaging_product":"whatsapp","contacts":[{"input":%q,"wa_id":%q}],"messages":[{"id":"wamid.out%d"}]}`, req.To, req.To, id)
}

func (s *Server) markRead(w http.ResponseWriter, req request) {
	s.mu.Lock()
	known := s.ids[req.MessageID]
	if known {
		s.reads[req.MessageID] = true
	}
	s.mu.Unlock()
	if !known {
		s.fail(w, apiError{400, 100, "unknown message_id"})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"success":true}`)
}

// fail answers a request the real API refuses, and remembers why.
func (s *Server) fail(w http.ResponseWriter, e apiError) {
	s.mu.Lock()
	s.refused = append(s.refused, fmt.Sprintf("%d: %s", e.code, e.msg))
	s.mu.Unlock()
	s.answer(w, e)
}

func (s *Server) answer(w http.ResponseWriter, e apiError) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.status)
	fmt.Fprintf(w, `{"error":{"message":%q,"type":"OAuthException","code":%d,"fbtrace_id":"fake"}}`, e.msg, e.code)
}

// request is the body of a send or mark-as-read request.
type request struct {
	Product       string `json:"messaging_product"`
	RecipientType string `json:"recipient_type"`
	To            string `json:"to"`
	Type          string `json:"type"`
	Status        string `json:"status"`
	MessageID     string `json:"message_id"`
	Text          *struct {
		Body string `json:"body"`
	} `json:"text"`
	Interactive *struct {
		Type string `json:"type"`
		Body *struct {
			Text string `json:"text"`
		} `json:"body"`
		Action struct {
			Button  string `json:"button"`
			Buttons []struct {
				Type  string                     `json:"type"`
				Reply struct{ ID, Title string } `json:"reply"`
			} `json:"buttons"`
			Sections []struct {
				Title string `json:"title"`
				Rows  []struct {
					ID          string `json:"id"`
					Title       string `json:"title"`
					Description string `json:"description"`
				} `json:"rows"`
			} `json:"sections"`
		} `json:"action"`
	} `json:"interactive"`
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// check validates a send request; bad says what is wrong.
func check(req request) (Message, string) {
	switch {
	case req.Product != "whatsapp":
		return Message{}, "messaging_product must be whatsapp"
	case req.To == "" || strings.Trim(req.To, "0123456789") != "":
		return Message{}, "to must be a phone number"
	}
	switch req.Type {
	case "text":
		if req.Text == nil || runes(req.Text.Body) == 0 || runes(req.Text.Body) > MaxText {
			return Message{}, "text.body must have 1 to 4096 characters"
		}
		return Message{Type: "text", Text: req.Text.Body}, ""
	case "interactive":
		return checkInteractive(req)
	}
	return Message{}, "unsupported type " + strconv.Quote(req.Type)
}

func checkInteractive(req request) (Message, string) {
	in := req.Interactive
	if in == nil || in.Body == nil || runes(in.Body.Text) == 0 || runes(in.Body.Text) > MaxBody {
		return Message{}, "interactive.body.text must have 1 to 1024 characters"
	}
	m := Message{Type: in.Type, Text: in.Body.Text}
	ids, titles := map[string]bool{}, map[string]bool{}
	switch in.Type {
	case "button":
		bs := in.Action.Buttons
		if len(bs) == 0 || len(bs) > MaxButtons {
			return Message{}, "1 to 3 buttons"
		}
		for _, b := range bs {
			switch {
			case b.Type != "reply":
				return Message{}, "button type must be reply"
			case runes(b.Reply.Title) == 0 || runes(b.Reply.Title) > MaxButtonTitle:
				return Message{}, "button title must have 1 to 20 characters: " + strconv.Quote(b.Reply.Title)
			case b.Reply.ID == "" || len(b.Reply.ID) > MaxButtonID || ids[b.Reply.ID]:
				return Message{}, "button IDs must be unique, 1 to 256 characters"
			case titles[b.Reply.Title]:
				return Message{}, "button titles must be unique"
			}
			ids[b.Reply.ID], titles[b.Reply.Title] = true, true
			m.Buttons = append(m.Buttons, Choice{ID: b.Reply.ID, Title: b.Reply.Title})
		}
		return m, ""
	case "list":
		if runes(in.Action.Button) == 0 || runes(in.Action.Button) > MaxListButton {
			return Message{}, "list button must have 1 to 20 characters"
		}
		m.List = in.Action.Button
		secs := in.Action.Sections
		if len(secs) == 0 || len(secs) > MaxSections {
			return Message{}, "1 to 10 sections"
		}
		for _, sec := range secs {
			if len(secs) > 1 && sec.Title == "" {
				return Message{}, "sections need titles when there are several"
			}
			for _, r := range sec.Rows {
				switch {
				case runes(r.Title) == 0 || runes(r.Title) > MaxRowTitle:
					return Message{}, "row title must have 1 to 24 characters: " + strconv.Quote(r.Title)
				case runes(r.Description) > MaxRowDesc:
					return Message{}, "row description must have at most 72 characters"
				case r.ID == "" || len(r.ID) > MaxRowID || ids[r.ID]:
					return Message{}, "row IDs must be unique, 1 to 200 characters"
				}
				ids[r.ID] = true
				m.Buttons = append(m.Buttons, Choice{ID: r.ID, Title: r.Title, Desc: r.Description})
			}
		}
		if n := len(m.Buttons); n == 0 || n > MaxRows {
			return Message{}, "1 to 10 rows in all"
		}
		return m, ""
	}
	return Message{}, "unsupported interactive type " + strconv.Quote(in.Type)
}
