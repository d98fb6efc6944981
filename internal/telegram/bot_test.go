package telegram

import (
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/internal/telegram/telegramtest"
)

func TestAConversationByButtonsReachesReferrals(t *testing.T) {
	fake := telegramtest.NewServer(t)
	startBot(t, fake, nil)
	p := newPerson(t, fake, 1001, "ru") // the app is in Russian: no language question
	q := p.Say("/start")
	if !strings.Contains(q.Plain, "опасности") {
		t.Fatalf("first question: %q", q.Plain)
	}
	p.Press("Нет")
	p.Press("Мигрантам: документы, зарплата, домой")
	p.Press("Мне")
	q = p.Press("Шымкент")
	q = p.Press("Другая страна")
	all := strings.Join(p.Since(0), "\n")
	for _, want := range []string{"Service south-shelter.migrants (ru)", "+7 700 000 00 03", "Контакты проверены"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in the conversation:\n%s", want, all)
		}
	}
	if err := fake.WaitIdle(deadline(t)); err != nil {
		t.Errorf("callback queries left unanswered: %v", fake.Unanswered())
	}
	// The pressed question lost its buttons and shows the answer.
	for _, m := range fake.BotMessages(p.User.ID) {
		if strings.Contains(m.Plain, "опасности") && (len(m.Keyboard) != 0 || !strings.Contains(m.Plain, "✓ Нет")) {
			t.Errorf("answered question still has buttons or no answer: %+v", m)
		}
	}
	if cmds := fake.Commands("default", "ru"); len(cmds) == 0 {
		t.Error("no Russian command menu")
	}
	if allowed, ok := fake.AllowedUpdates(); !ok || len(allowed) != 3 {
		t.Errorf("allowed_updates = %v", allowed)
	}
}

func TestTypedAnswersAndAnUnknownLanguageAsks(t *testing.T) {
	fake := telegramtest.NewServer(t)
	startBot(t, fake, nil)
	p := newPerson(t, fake, 1002, "de")
	q := p.Say("hallo")
	if !strings.Contains(q.Plain, "Choose a language") {
		t.Fatalf("an unknown app language must ask: %q", q.Plain)
	}
	p.Say("қазақша")
	p.Say("жоқ")
	p.Say("ДЦП")
	p.Say("5 жаста")
	p.Say("Астана")
	if all := strings.Join(p.Since(0), "\n"); !strings.Contains(all, "Service rehab-centre.astana (kk)") {
		t.Errorf("no Astana centre:\n%s", all)
	}
}

func TestForgedButtonGetsAPoliteAnswerAndTheQuestion(t *testing.T) {
	fake := telegramtest.NewServer(t)
	startBot(t, fake, nil)
	p := newPerson(t, fake, 1003, "en")
	q := p.Say("/start")
	before := len(fake.BotMessages(p.User.ID))
	fake.PressForged(p.User, q.ID, "1|2|999|yes")
	q2 := p.NextQuestion()
	texts := p.Since(before)
	if !strings.Contains(strings.Join(texts, "\n"), "out of date") || !strings.Contains(q2.Plain, "danger") {
		t.Errorf("after a forged button: %q", texts)
	}
	if err := fake.WaitIdle(deadline(t)); err != nil {
		t.Errorf("forged callback not answered: %v", fake.Unanswered())
	}
}

func TestStickersPhotosEditsAndGroups(t *testing.T) {
	fake := telegramtest.NewServer(t)
	startBot(t, fake, nil)
	p := newPerson(t, fake, 1004, "en")
	p.Say("/start")
	n := len(fake.BotMessages(p.User.ID))
	fake.SendSticker(p.User)
	fake.SendPhoto(p.User)
	if _, err := fake.WaitMessages(deadline(t), p.User.ID, n+2); err != nil {
		t.Fatal(err)
	}
	for _, s := range p.Since(p.Asked) {
		if !strings.Contains(s, "only read text") {
			t.Errorf("reply to a sticker/photo: %q", s)
		}
	}
	g := telegramtest.Group{ID: -5001, Title: "Friends"}
	fake.SendGroupText(g, p.User, "hello bot")
	if _, err := fake.WaitMessages(deadline(t), g.ID, 1); err != nil {
		t.Fatal(err)
	}
	fake.SendGroupText(g, p.User, "hello again")
	// Chats are handled in parallel, so a later private message does not
	// tell that the group's update was handled; a confirmed offset does (a
	// reply would have been committed to the outbox with it).
	if err := fake.WaitIdle(deadline(t)); err != nil {
		t.Fatal(err)
	}
	if got := fake.BotMessages(g.ID); len(got) != 1 || !strings.Contains(got[0].Plain, "private") {
		t.Errorf("group: want one note about private chats, got %d: %v", len(got), got)
	}
}

// freeAddr returns a loopback address with a port nobody listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func startWebhookBot(t *testing.T, fake *telegramtest.Server) *testBot {
	addr := freeAddr(t)
	b := startBot(t, fake, func(c *Config) {
		c.Listen = addr
		c.WebhookURL = "http://" + addr + "/telegram/hook"
		c.WebhookSecret = "s3cret_value"
	})
	if err := fake.WaitFor(deadline(t), func(s *telegramtest.Server) bool { return s.Webhook().URL != "" }); err != nil {
		t.Fatal("the bot never set its webhook")
	}
	return b
}

func TestWebhookConversation(t *testing.T) {
	fake := telegramtest.NewServer(t)
	startWebhookBot(t, fake)
	if wh := fake.Webhook(); wh.SecretToken != "s3cret_value" || !strings.HasSuffix(wh.URL, "/telegram/hook") {
		t.Errorf("webhook registered as %+v", wh)
	}
	p := newPerson(t, fake, 2001, "en")
	p.Say("/start")
	p.Press("No")
	p.Press("Feeling very bad, thoughts of suicide")
	p.Press("For me")
	p.Press("18 or older")
	p.Press("Almaty")
	if all := strings.Join(p.Since(0), "\n"); !strings.Contains(all, "Service almaty-mh.crisis") {
		t.Errorf("no Almaty crisis line:\n%s", all)
	}
}

func TestWebhookRefusesWrongSecretWrongMethodBigAndMalformedBodies(t *testing.T) {
	fake := telegramtest.NewServer(t)
	b := startWebhookBot(t, fake)
	url := "http://" + b.Addr().String() + "/telegram/hook"
	p := newPerson(t, fake, 3001, "en")
	p.Say("/start")
	// The delivery is recorded once the bot has answered it, which may be
	// after its reply is on the screen.
	if err := fake.WaitFor(deadline(t), func(s *telegramtest.Server) bool { return len(s.Deliveries()) > 0 }); err != nil {
		t.Fatal("the update was never delivered")
	}
	// A copy of an update Telegram already delivered, sent again.
	good := `{"update_id":` + strconv.Itoa(fake.Deliveries()[0].UpdateID) + `,"message":{"message_id":1,"date":1,"chat":{"id":3001,"type":"private"},"text":"hi"}}`
	post := func(body, secret string) int {
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for name, c := range map[string]struct {
		body, secret string
		want         int
	}{
		"missing secret": {good, "", http.StatusUnauthorized},
		"wrong secret":   {good, "s3cret_valuX", http.StatusUnauthorized},
		"malformed JSON": {`{"update_id":`, "s3cret_value", http.StatusBadRequest},
		"oversized body": {`{"update_id":1,"x":"` + strings.Repeat("a", 1<<20) + `"}`, "s3cret_value", http.StatusRequestEntityTooLarge},
	} {
		if got := post(c.body, c.secret); got != c.want {
			t.Errorf("%s: status %d, want %d", name, got, c.want)
		}
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d", resp.StatusCode)
	}
	sent := len(fake.BotMessages(3001))
	// The same update twice: handled once.
	for range 2 {
		if post(good, "s3cret_value") != http.StatusOK {
			t.Fatal("a good update was refused")
		}
	}
	if got := len(fake.BotMessages(3001)); got != sent {
		t.Errorf("refused or repeated requests made the bot send %d more messages", got-sent)
	}
	if !strings.Contains(b.logs.String(), "outcome=duplicate") {
		t.Errorf("second delivery not dropped as a duplicate:\n%s", b.logs.String())
	}
}

func TestHealthAndReadiness(t *testing.T) {
	fake := telegramtest.NewServer(t)
	b := startBot(t, fake, nil)
	base := "http://" + waitAddr(t, b) + "/"
	if err := fake.WaitFor(deadline(t), func(*telegramtest.Server) bool { return b.ready.Load() }); err != nil {
		t.Fatal("never ready")
	}
	for _, path := range []string{"healthz", "readyz"} {
		resp, err := http.Get(base + path)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %v %v", path, resp, err)
		}
		if resp != nil {
			resp.Body.Close()
		}
	}
}

func waitAddr(t *testing.T, b *testBot) string {
	t.Helper()
	err := b.fake.WaitFor(deadline(t), func(*telegramtest.Server) bool { return b.Addr() != nil })
	if err != nil {
		t.Fatal("no listener")
	}
	return b.Addr().String()
}

func TestAStickerLeavesNothingStored(t *testing.T) {
	fake := telegramtest.NewServer(t)
	b := startBot(t, fake, nil)
	u := telegramtest.User{ID: 1005, FirstName: "P"}
	fake.SendSticker(u)
	if _, err := fake.WaitMessages(deadline(t), u.ID, 1); err != nil {
		t.Fatal(err)
	}
	if err := fake.WaitIdle(deadline(t)); err != nil {
		t.Fatal(err)
	}
	key := b.key(u.ID)
	_ = b.db.View(func(tx *store.Tx) error {
		if _, has, _ := tx.Session(key); has {
			t.Error("a session was stored for a sticker")
		}
		if last, _ := tx.LastUpdate(key); last != 0 {
			t.Error("a chat record was stored for a sticker")
		}
		return nil
	})
}
