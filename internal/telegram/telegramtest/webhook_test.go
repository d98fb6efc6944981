package telegramtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// hookBot is a minimal webhook endpoint: it checks the secret and records
// the update ids it accepted; it fails the first failFirst requests.
type hookBot struct {
	mu        sync.Mutex
	secret    string
	failFirst int
	got       []int
	bodies    []string
}

func (h *hookBot) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r.Header.Get(SecretHeader) != h.secret {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if h.failFirst > 0 {
		h.failFirst--
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	b, _ := io.ReadAll(r.Body)
	var u struct {
		UpdateID int `json:"update_id"`
	}
	if r.Header.Get("Content-Type") != "application/json" || json.Unmarshal(b, &u) != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	h.got, h.bodies = append(h.got, u.UpdateID), append(h.bodies, string(b))
}

func (h *hookBot) ids() []int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]int(nil), h.got...)
}

func startHook(t *testing.T, s *Server, h *hookBot) {
	t.Helper()
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	mustOK(t, call(t, s, "setWebhook", map[string]string{"url": hs.URL + "/hook", "secret_token": h.secret,
		"allowed_updates": `["message","callback_query"]`}), nil)
}

func TestWebhookDeliversWithSecret(t *testing.T) {
	s, rec := newFake(t)
	h := &hookBot{secret: "s3cret-TOKEN_1"}
	startHook(t, s, h)
	if w := s.Webhook(); w.SecretToken != h.secret || w.MaxConnections != 40 {
		t.Errorf("Webhook() = %+v", w)
	}
	a := s.SendText(alice, "one")
	b := s.SendText(alice, "two")
	ctx := ctxTimeout(t)
	if err := s.WaitFor(ctx, func(s *Server) bool { return s.Pending() == 0 }); err != nil {
		t.Fatal(err)
	}
	if got := h.ids(); len(got) != 2 || got[0] != a || got[1] != b {
		t.Errorf("delivered %v, want [%d %d]", got, a, b)
	}
	wantError(t, call(t, s, "getUpdates", nil), 409, "webhook is active")
	wantReport(t, rec, "getUpdates while a webhook is set")

	var info struct {
		URL     string   `json:"url"`
		Pending int      `json:"pending_update_count"`
		Allowed []string `json:"allowed_updates"`
	}
	mustOK(t, call(t, s, "getWebhookInfo", nil), &info)
	if info.URL != s.Webhook().URL || info.Pending != 0 || len(info.Allowed) != 2 {
		t.Errorf("getWebhookInfo = %+v", info)
	}
	mustOK(t, call(t, s, "deleteWebhook", nil), nil)
	s.SendText(alice, "three")
	if us := getUpdates(t, s, nil); len(us) != 1 {
		t.Errorf("after deleteWebhook getUpdates got %d updates", len(us))
	}
}

func TestWebhookRetriesThenDrops(t *testing.T) {
	s, _ := newFake(t, WithWebhookRetries(3, 0))
	h := &hookBot{secret: "x", failFirst: 2}
	startHook(t, s, h)
	id := s.SendText(alice, "retry me")
	ctx := ctxTimeout(t)
	if err := s.WaitFor(ctx, func(s *Server) bool { return s.Pending() == 0 }); err != nil {
		t.Fatal(err)
	}
	d := s.Deliveries()
	if len(d) != 3 || d[0].Status != 500 || d[1].Status != 500 || d[2].Status != 200 || d[2].Attempt != 3 || d[2].UpdateID != id {
		t.Errorf("deliveries = %+v", d)
	}
	h.mu.Lock()
	h.failFirst = 10
	h.mu.Unlock()
	s.SendText(alice, "lost")
	if err := s.WaitFor(ctx, func(s *Server) bool { return s.Pending() == 0 }); err != nil {
		t.Fatal(err)
	}
	if d := s.Deliveries(); len(d) != 6 || d[5].Status != 500 {
		t.Errorf("deliveries = %+v, want 3 more failures then drop", d)
	}
	var info struct {
		LastError string `json:"last_error_message"`
	}
	mustOK(t, call(t, s, "getWebhookInfo", nil), &info)
	if info.LastError != "Wrong response from the webhook: 500 Internal Server Error" {
		t.Errorf("last_error_message = %q", info.LastError)
	}
}

func TestPostRaw(t *testing.T) {
	s, _ := newFake(t)
	h := &hookBot{secret: "right"}
	startHook(t, s, h)
	if r := s.PostRaw([]byte(`{"update_id":1}`), "wrong"); r == nil || r.StatusCode != 401 {
		t.Errorf("wrong secret: %v", r)
	}
	if r := s.PostRaw([]byte(`{"update_id":`), "right"); r == nil || r.StatusCode != 400 {
		t.Errorf("malformed body: %v", r)
	}
	if r := s.PostRaw([]byte(`{"update_id":77}`), "right"); r == nil || r.StatusCode != 200 {
		t.Errorf("good body: %v", r)
	}
	if d := s.Deliveries(); len(d) != 0 {
		t.Errorf("PostRaw recorded deliveries %+v", d)
	}
}

func TestSendRaw(t *testing.T) {
	s, _ := newFake(t)
	a := s.SendRaw(`{"message":{"message_id":1,"date":0,"chat":{"id":5,"type":"private"},"text":"odd"}}`)
	b := s.SendRaw(`{"update_id":500,"poll":{}}`)
	c := s.SendRaw(`not json`)
	if a != 1 || b != 500 || c != 501 {
		t.Errorf("ids = %d %d %d", a, b, c)
	}
	r := call(t, s, "getUpdates", map[string]string{"limit": "2"})
	if r.status != 200 {
		t.Fatalf("getUpdates = %+v", r)
	}
	resp, err := s.Client().Get(s.URL() + "/bot" + s.Token() + "/getUpdates?offset=501")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != `{"ok":true,"result":[not json]}` {
		t.Errorf("raw update delivered as %s", body)
	}
}
