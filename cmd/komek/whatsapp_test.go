package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/internal/telegram/telegramtest"
	"github.com/komek-kz/komek/internal/whatsapp/whatsapptest"
)

const (
	waToken   = "EAAGtestpermanenttoken0123"
	waPhoneID = "106540352242922"
	waSecret  = "meta-app-secret-0123456789"
	waVerify  = "verify-token-0123456789"
	waHashKey = "a-test-key-of-enough-length"
)

// whatsAppEnv is the environment of "komek serve" with WhatsApp alone,
// listening on addr.
func whatsAppEnv(fake *whatsapptest.Server, db, addr string, extra ...string) []string {
	return append([]string{
		"WHATSAPP_ACCESS_TOKEN", waToken, "WHATSAPP_APP_SECRET", waSecret, "WHATSAPP_VERIFY_TOKEN", waVerify,
		"WHATSAPP_PHONE_NUMBER_ID", waPhoneID, "WHATSAPP_API_URL", fake.APIURL(),
		"KOMEK_DB", db, "KOMEK_LISTEN", addr, "KOMEK_HASH_KEY", waHashKey,
	}, extra...)
}

// serveWhatsApp runs "komek serve" through run() with WhatsApp alone and
// waits until its webhook answers.
func serveWhatsApp(t *testing.T, extra ...string) (*whatsapptest.Server, string, *lockedBuffer) {
	t.Helper()
	fake := whatsapptest.New(t, waToken, waPhoneID, waSecret)
	addr := freeAddr(t)
	db := filepath.Join(t.TempDir(), "komek.db")
	logs := serve(t, whatsAppEnv(fake, db, addr, extra...))
	fake.SetWebhook("http://" + addr + "/whatsapp")
	waitReady(t, "http://"+addr+"/healthz")
	return fake, db, logs
}

func waitReady(t *testing.T, u string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if resp, err := http.Get(u); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
	}
	t.Fatalf("%s never answered", u)
}

// A person per language, from a greeting to a referral, by buttons, lists
// and typing, within every limit of the Cloud API.
func TestWhatsAppInThreeLanguages(t *testing.T) {
	fake, _, logs := serveWhatsApp(t)
	type step struct{ tap, say string }
	for name, c := range map[string]struct {
		phone string
		steps []step
		want  []string
	}{
		"kk": {"77011000001", []step{{say: "Салем"}, {tap: "Қазақша"}, {tap: "Жоқ"}, {tap: "Мигранттарға"}, {say: "маған"},
			{tap: "1–7"}, {tap: "Алматы"}, {tap: "Басқа ел"}}, []string{"қызмет табылды", "тексерілді", "111"}},
		"ru": {"77011000002", []step{{say: "Здравствуйте"}, {tap: "Русский"}, {say: "нет"}, {say: "паспорт"}, {tap: "Мне"},
			{say: "Шымкент"}, {tap: "Другая страна"}}, []string{"могут помочь", "Контакты проверены", "111"}},
		"en": {"447700900003", []step{{say: "Hi"}, {tap: "English"}, {tap: "No"}, {tap: "Feeling very bad"}, {tap: "For me"},
			{tap: "18 or older"}, {say: "Almaty"}}, []string{"that can help", "Contacts checked", "1303"}},
	} {
		t.Run(name, func(t *testing.T) {
			p := fake.NewPerson(t, c.phone)
			var m []whatsapptest.Message
			for _, s := range c.steps {
				if s.say != "" {
					m = p.Say(s.say)
				} else {
					m = p.Tap(m, s.tap)
				}
			}
			all := whatsapptest.Dump(p.All())
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("no %q in the conversation:%s", w, all)
				}
			}
			if strings.Contains(logs.String(), c.phone) {
				t.Error("the phone number is in the logs")
			}
		})
	}
	if r := fake.Refused(); len(r) != 0 {
		t.Errorf("the Cloud API refused: %v", r)
	}
	if strings.Contains(logs.String(), waToken) || strings.Contains(logs.String(), waSecret) {
		t.Error("a secret is in the logs")
	}
}

// Crisis words, a redelivered webhook, quick exit and forget, end to end.
func TestWhatsAppSafetyEndToEnd(t *testing.T) {
	fake, db, _ := serveWhatsApp(t)
	p := fake.NewPerson(t, "77012223344")
	p.Tap(p.Say("Здравствуйте"), "Русский")
	m := p.Say("муж меня бьёт")
	if len(m) == 0 || !strings.Contains(m[0].Text, "112") {
		t.Errorf("crisis words did not bring the emergency numbers first:%s", whatsapptest.Dump(m))
	}
	if fake.Redeliver() != 200 {
		t.Error("a redelivery was refused")
	}
	if again := p.Silence(); len(again) != 0 {
		t.Errorf("a redelivered message was answered again:%s", whatsapptest.Dump(again))
	}
	m = p.Say("/exit")
	if len(m) != 1 || !strings.Contains(m[0].Text, "Удалить чат") {
		t.Errorf("quick exit said:%s", whatsapptest.Dump(m))
	}

	phone := "77015556677"
	q := fake.NewPerson(t, phone)
	m = q.Say("Hi")
	m = q.Tap(m, "English")
	q.Tap(m, "No")
	m = q.Say("/forget")
	if !strings.Contains(whatsapptest.Dump(m), "Delete chat") {
		t.Errorf("/forget said:%s", whatsapptest.Dump(m))
	}
	mac := hmac.New(sha256.New, []byte(waHashKey))
	mac.Write([]byte(phone))
	sum := mac.Sum(nil)[:16]
	for _, path := range []string{db, store.KeyringPath(db)} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for name, needle := range map[string][]byte{"phone number": []byte(phone), "hashed key": []byte(hex.EncodeToString(sum)), "raw hash": sum} {
			if bytes.Contains(data, needle) {
				t.Errorf("%s holds the %s", path, name)
			}
		}
	}
}

// What does not come from Meta is refused: bad or missing signatures,
// verification with a wrong token, oversized and malformed bodies.
func TestWhatsAppWebhookRefusals(t *testing.T) {
	fake, _, _ := serveWhatsApp(t)
	body := []byte(`{"object":"whatsapp_business_account","entry":[]}`)
	big := append(bytes.Repeat([]byte(" "), 2<<20), body...)
	for name, c := range map[string]struct {
		body []byte
		sig  string
		want int
	}{
		"good":      {body, fake.Sign(body), 200},
		"bad":       {body, "sha256=" + strings.Repeat("00", 32), 401},
		"missing":   {body, "", 401},
		"oversized": {big, fake.Sign(big), 413},
		"malformed": {[]byte("{"), fake.Sign([]byte("{")), 400},
	} {
		if got := fake.Post(c.body, c.sig); got != c.want {
			t.Errorf("%s: %d, want %d", name, got, c.want)
		}
	}
	hook := fake.Webhook()
	for token, want := range map[string]int{waVerify: 200, "not-the-verify-token": 403} {
		q := url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {token}, "hub.challenge": {"31415"}}
		resp, err := http.Get(hook + "?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || (want == 200 && string(got) != "31415") {
			t.Errorf("verify token %q: %d %q", token, resp.StatusCode, got)
		}
	}
}

// Telegram and WhatsApp in one process, on one listener.
func TestServeTelegramAndWhatsAppTogether(t *testing.T) {
	tg := telegramtest.NewServer(t)
	wa := whatsapptest.New(t, waToken, waPhoneID, waSecret)
	addr := freeAddr(t)
	db := filepath.Join(t.TempDir(), "komek.db")
	kv := append(serveEnv(tg, db, "KOMEK_LISTEN", addr), whatsAppEnv(wa, db, addr)[:10]...)
	serve(t, kv)
	wa.SetWebhook("http://" + addr + "/whatsapp")
	waitReady(t, "http://"+addr+"/healthz")
	runScripts(t, tg)
	p := wa.NewPerson(t, "77019990000")
	if m := p.Say("Hi"); len(m) == 0 || m[0].Type != "button" {
		t.Errorf("WhatsApp beside Telegram answered:%s", whatsapptest.Dump(m))
	}
}

func TestServeWhatsAppConfigErrorsNameTheVariable(t *testing.T) {
	for want, kv := range map[string][]string{
		"WHATSAPP_APP_SECRET":      {"WHATSAPP_ACCESS_TOKEN", "x", "WHATSAPP_VERIFY_TOKEN", waVerify, "WHATSAPP_PHONE_NUMBER_ID", "1"},
		"WHATSAPP_VERIFY_TOKEN":    {"WHATSAPP_ACCESS_TOKEN", "x", "WHATSAPP_APP_SECRET", waSecret, "WHATSAPP_PHONE_NUMBER_ID", "1", "WHATSAPP_VERIFY_TOKEN", "short"},
		"WHATSAPP_PHONE_NUMBER_ID": {"WHATSAPP_ACCESS_TOKEN", "x", "WHATSAPP_APP_SECRET", waSecret, "WHATSAPP_VERIFY_TOKEN", waVerify, "WHATSAPP_PHONE_NUMBER_ID", "+7 701"},
	} {
		err := run(t.Context(), []string{"serve"}, env(append(kv, "KOMEK_DB", filepath.Join(t.TempDir(), "k.db"))...), nil, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), waSecret) {
			t.Errorf("%s: err = %v", want, err)
		}
	}
}

// A WhatsApp bot killed with SIGKILL in the middle of conversations and
// started again on the same database goes on where it was: nothing lost,
// nothing out of order. A reply may be repeated only right after itself
// (a send whose answer was lost), which the Cloud API cannot rule out.
func TestServeWhatsAppKilledMidConversation(t *testing.T) {
	taps := []string{"English", "No", "Migrants", "For me", "1–7", "Almaty", "Another country"}
	converse := func(fake *whatsapptest.Server, phone string, between func(step int)) []string {
		var last whatsapptest.Message
		var content map[string]any = whatsapptest.Text("Hi")
		for step := 0; ; step++ {
			code, _ := fake.Deliver(phone, content)
			if between != nil {
				between(step)
			}
			for deadline := time.Now().Add(30 * time.Second); code != 200; code = fake.Redeliver() {
				if time.Now().After(deadline) {
					t.Fatalf("step %d: the webhook never took the message", step)
				}
				time.Sleep(50 * time.Millisecond)
			}
			if step == len(taps) {
				break
			}
			for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("step %d: no question", step)
				}
				if sent := fake.Sent(phone); len(sent) > 0 && len(sent[len(sent)-1].Buttons) > 0 && sent[len(sent)-1].Text != last.Text {
					last = sent[len(sent)-1]
					break
				}
			}
			var found bool
			for _, c := range last.Buttons {
				if strings.Contains(c.Title, taps[step]) || strings.Contains(c.Desc, taps[step]) {
					content, found = whatsapptest.Press(last, c), true
					break
				}
			}
			if !found {
				t.Fatalf("step %d: no %q in%s", step, taps[step], whatsapptest.Dump([]whatsapptest.Message{last}))
			}
		}
		time.Sleep(time.Second)
		var out []string
		for _, m := range fake.Sent(phone) {
			out = append(out, whatsapptest.Dump([]whatsapptest.Message{m}))
		}
		return out
	}
	ref, _, _ := serveWhatsApp(t)
	want := converse(ref, "77010001000", nil)

	fake := whatsapptest.New(t, waToken, waPhoneID, waSecret)
	addr := freeAddr(t)
	kv := whatsAppEnv(fake, filepath.Join(t.TempDir(), "komek.db"), addr)
	fake.SetWebhook("http://" + addr + "/whatsapp")
	proc := startServeProcess(t, kv)
	waitReady(t, "http://"+addr+"/healthz")
	got := converse(fake, "77010001000", func(step int) {
		if step == 2 || step == 5 {
			_ = proc.Process.Signal(syscall.SIGKILL)
			_ = proc.Wait()
			proc = startServeProcess(t, kv)
		}
	})
	var dedup []string
	for i, m := range got {
		if i == 0 || m != got[i-1] {
			dedup = append(dedup, m)
		}
	}
	if strings.Join(dedup, "\n---\n") != strings.Join(want, "\n---\n") {
		t.Errorf("after kills the conversation differs:\n got  %d %q\n want %d %q", len(got), got, len(want), want)
	}
	if r := fake.Refused(); len(r) != 0 {
		t.Errorf("refused: %v", r)
	}
}

// A shared location answers the region question: the region it is in.
func TestWhatsAppLocationAnswersTheRegion(t *testing.T) {
	fake, _, logs := serveWhatsApp(t)
	p := fake.NewPerson(t, "77013334455")
	m := p.Tap(p.Tap(p.Tap(p.Tap(p.Say("Hi"), "English"), "No"), "Migrants"), "For me")
	if !strings.Contains(whatsapptest.Dump(m), "21. ") {
		t.Fatalf("not at the region question:%s", whatsapptest.Dump(m))
	}
	m = p.Send(whatsapptest.Location(43.2389, 76.8897)) // Almaty
	if !strings.Contains(whatsapptest.Dump(m), "citizenship") {
		t.Errorf("a location in Almaty did not answer the region:%s", whatsapptest.Dump(m))
	}
	if strings.Contains(logs.String(), "43.23") {
		t.Error("the location is in the logs")
	}
}
