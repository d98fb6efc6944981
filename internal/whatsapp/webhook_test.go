package whatsapp

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/whatsapp/whatsapptest"
)

// Meta verifies the webhook with a GET: the challenge comes back only
// with the right verify token.
func TestWebhookVerification(t *testing.T) {
	b := startBot(t, nil)
	srvURL := strings.TrimSuffix(b.fakeWebhook(), b.Path())
	for _, c := range []struct {
		mode, token string
		want        int
	}{
		{"subscribe", testVerify, 200},
		{"subscribe", "wrong-token-0123456789", 403},
		{"subscribe", "", 403},
		{"unsubscribe", testVerify, 403},
	} {
		q := url.Values{"hub.mode": {c.mode}, "hub.verify_token": {c.token}, "hub.challenge": {"1158201444"}}
		resp, err := http.Get(srvURL + b.Path() + "?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("mode %q token %q: %d, want %d", c.mode, c.token, resp.StatusCode, c.want)
		}
		if c.want == 200 && string(body) != "1158201444" {
			t.Errorf("challenge echoed as %q", body)
		}
	}
}

// A notification without the app's signature is refused and changes
// nothing: no reply, nothing in the database.
func TestWebhookRefusesWhatIsNotSignedOrNotANotification(t *testing.T) {
	b := startBot(t, nil)
	p := b.person(t, "77011234567")
	body := []byte(`{"object":"whatsapp_business_account","entry":[{"id":"0","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"` + testPhoneID + `"},"messages":[{"from":"77011234567","id":"wamid.X","timestamp":"1700000000","type":"text","text":{"body":"Помогите"}}]}}]}]}`)
	big := append(bytes.Repeat([]byte(" "), maxWebhookBody), body...)
	for _, c := range []struct {
		name string
		body []byte
		sig  string
		want int
	}{
		{"no signature", body, "", 401},
		{"a wrong signature", body, "sha256=" + strings.Repeat("ab", 32), 401},
		{"a signature of another body", body, b.fake.Sign([]byte("{}")), 401},
		{"a signature that is not hex", body, "sha256=zz", 401},
		{"a signature without its prefix", body, strings.TrimPrefix(b.fake.Sign(body), "sha256="), 401},
		{"an oversized body", big, b.fake.Sign(big), 413},
		{"malformed JSON", []byte(`{"object":`), b.fake.Sign([]byte(`{"object":`)), 400},
		{"another object", []byte(`{"object":"page"}`), b.fake.Sign([]byte(`{"object":"page"}`)), 400},
	} {
		if got := b.fake.Post(c.body, c.sig); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
	if got := p.Silence(); len(got) != 0 {
		t.Errorf("the bot answered a refused notification: %s", dump(got))
	}
	if b.stored("77011234567") {
		t.Error("a refused notification left a conversation behind")
	}
}

// Meta delivers a notification again when it did not get its 200 in
// time: the message is handled once.
func TestARedeliveredMessageIsHandledOnce(t *testing.T) {
	b := startBot(t, nil)
	p := b.person(t, "77011234567")
	first := p.Say("Hi")
	if len(first) == 0 {
		t.Fatal("no answer")
	}
	for range 3 {
		if code := b.fake.Redeliver(); code != 200 {
			t.Fatalf("redelivery answered %d", code)
		}
	}
	if again := p.Silence(); len(again) != 0 {
		t.Errorf("a redelivered message was answered again: %s", dump(again))
	}
	if !strings.Contains(b.logs.String(), "outcome=duplicate") {
		t.Error("no duplicate logged")
	}
}

// Statuses of the bot's messages are read; a failure is logged with its
// code and without the recipient.
func TestFailedStatusIsLoggedWithoutThePhoneNumber(t *testing.T) {
	b := startBot(t, nil)
	if code := b.fake.Status("77011234567", "failed", 131026); code != 200 {
		t.Fatalf("status answered %d", code)
	}
	if code := b.fake.Status("77011234567", "delivered", 0); code != 200 {
		t.Fatalf("status answered %d", code)
	}
	logs := b.logs.String()
	if !strings.Contains(logs, "code=131026") {
		t.Errorf("the failure was not logged:\n%s", logs)
	}
	if strings.Contains(logs, "77011234567") {
		t.Errorf("a phone number in the logs:\n%s", logs)
	}
}

// FuzzWebhookBody: whatever a signed body holds, the webhook answers
// without panicking, and only 200 or 400.
func FuzzWebhookBody(f *testing.F) {
	for _, name := range []string{"text", "list_reply", "button_reply", "location", "status"} {
		data, err := os.ReadFile("testdata/" + name + ".json")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"` + testPhoneID + `"},"messages":[{"from":"1","id":"x","type":"interactive","interactive":{"type":"list_reply"}}]}}]}]}`))
	f.Add([]byte(`null`))
	// The handler of a bot not yet running: checks the signature, reads the
	// body, and answers 400 or 503 (Meta would deliver it again).
	b, err := New(Config{AccessToken: testToken, AppSecret: testSecret, VerifyToken: testVerify, PhoneNumberID: testPhoneID},
		Deps{HashKey: []byte("0123456789abcdef")})
	if err != nil {
		f.Fatal(err)
	}
	h := b.Handler()
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/whatsapp", bytes.NewReader(body))
		m := hmac.New(sha256.New, []byte(testSecret))
		m.Write(body)
		req.Header.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(m.Sum(nil)))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusBadRequest && rec.Code != http.StatusServiceUnavailable && rec.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("the webhook answered %d", rec.Code)
		}
		evs, _, err := parse(body, testPhoneID)
		if err != nil {
			return
		}
		for _, ev := range evs {
			if ev.from == "" || ev.id == "" || len(ev.text) > maxTyped {
				t.Fatalf("bad event %+v", ev)
			}
			if ev.kind == kChoice {
				_, _ = decodeChoice(ev.data)
			}
			if ev.kind == kGroup {
				_, _, _ = decodeGroup(ev.data)
			}
		}
	})
}

var _ = whatsapptest.Text
