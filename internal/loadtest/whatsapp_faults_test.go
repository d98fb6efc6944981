package loadtest

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/telegram/telegramtest"
	"github.com/komek-kz/komek/internal/whatsapp/whatsapptest"
)

// TestWhatsAppFaultsAndKills runs people through WhatsApp conversations
// while one Cloud API send in seven fails (throughput and pair-rate
// errors, 500, a timeout, a message sent whose answer is lost) and komek
// is killed with SIGKILL twice and restarted on the same database; the
// webhook notifications that found komek down are delivered again, as
// Meta does. At the end each person's chat must be the fault-free one:
// nothing lost, nothing out of order. A message may appear twice in a row
// only — a send whose answer was lost, which the Cloud API gives no way
// to detect.
func TestWhatsAppFaultsAndKills(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs komek")
	}
	const people, rounds = 12, 2
	tg := telegramtest.NewServer(t)
	wa := whatsapptest.New(t, waToken, waPhoneID, waSecret)
	listen := freeAddr(t)
	bot := startKomek(t, tg, serveConfig{db: filepath.Join(t.TempDir(), "komek.db"), listen: listen, callTimeout: "1s",
		extra: []string{"WHATSAPP_ACCESS_TOKEN=" + waToken, "WHATSAPP_APP_SECRET=" + waSecret,
			"WHATSAPP_VERIFY_TOKEN=loadtest-verify-token", "WHATSAPP_PHONE_NUMBER_ID=" + waPhoneID,
			"WHATSAPP_API_URL=" + wa.APIURL(), "WHATSAPP_RATE=" + loadRate}})
	defer bot.stop()
	wa.SetWebhook("http://" + listen + "/whatsapp")

	want, err := waConverse(wa, "77020000000", rounds)
	if err != nil {
		t.Fatal(err)
	}
	wa.FailEvery(7)
	var wg sync.WaitGroup
	got := make([][]string, people)
	errs := make([]error, people)
	for i := range people {
		wg.Go(func() { got[i], errs[i] = waConverse(wa, fmt.Sprintf("7702%07d", i+1), rounds) })
	}
	for _, after := range []time.Duration{1500 * time.Millisecond, 2 * time.Second} {
		time.Sleep(after)
		bot.restart()
	}
	wg.Wait()
	repeats := 0
	for i := range people {
		if errs[i] != nil {
			t.Error(errs[i])
			continue
		}
		var dedup []string
		for j, m := range got[i] {
			if j > 0 && m == got[i][j-1] {
				repeats++
				continue
			}
			dedup = append(dedup, m)
		}
		if strings.Join(dedup, "\n---\n") != strings.Join(want, "\n---\n") {
			t.Errorf("person %d: %d messages, want %d:\n%q", i, len(dedup), len(want), dedup)
		}
	}
	if r := wa.Refused(); len(r) != 0 {
		t.Errorf("the Cloud API refused %d requests, first: %s", len(r), r[0])
	}
	t.Logf("%d people, %d rounds each, %d Cloud API sends, 2 kills; %d replies repeated right after themselves (lost answers)",
		people, rounds, wa.Calls(), repeats)
}

// waConverse goes through rounds English conversations by taps, delivering
// each message again until komek takes it, and returns every message the
// bot sent, as the person saw them.
func waConverse(fake *whatsapptest.Server, phone string, rounds int) ([]string, error) {
	steps := []string{"English"}
	for range rounds {
		steps = append(steps, waRound...)
	}
	content := whatsapptest.Text("Hi")
	var last whatsapptest.Message
	for i := 0; ; i++ {
		code, id := fake.Deliver(phone, content)
		for deadline := time.Now().Add(time.Minute); code != 200; code = fake.Resend(id) {
			if time.Now().After(deadline) {
				return nil, fmt.Errorf("%s: the webhook never took message %d", phone, i)
			}
			time.Sleep(100 * time.Millisecond)
		}
		if i == len(steps) {
			break
		}
		q, err := nextQuestion(fake, phone, last.Text)
		if err != nil {
			return nil, err
		}
		last = q
		content = nil
		for _, c := range q.Buttons {
			if strings.Contains(c.Title, steps[i]) || strings.Contains(c.Desc, steps[i]) {
				content = whatsapptest.Press(q, c)
				break
			}
		}
		if content == nil {
			return nil, fmt.Errorf("%s: no %q in%s", phone, steps[i], whatsapptest.Dump([]whatsapptest.Message{q}))
		}
	}
	if _, err := nextQuestion(fake, phone, last.Text); err != nil {
		return nil, err
	}
	time.Sleep(500 * time.Millisecond)
	var out []string
	for _, m := range fake.Sent(phone) {
		out = append(out, whatsapptest.Dump([]whatsapptest.Message{m}))
	}
	return out, nil
}

// nextQuestion waits for a message with choices other than the question
// before (a repeat of which may come after a lost answer).
func nextQuestion(fake *whatsapptest.Server, phone, before string) (whatsapptest.Message, error) {
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		sent := fake.Sent(phone)
		if n := len(sent); n > 0 && len(sent[n-1].Buttons) > 0 && sent[n-1].Text != before {
			return sent[n-1], nil
		}
	}
	return whatsapptest.Message{}, fmt.Errorf("%s: no next question within a minute", phone)
}
