package loadtest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/telegram/telegramtest"
	"github.com/komek-kz/komek/internal/whatsapp/whatsapptest"
)

var whatsAppRun = flag.Bool("load.whatsapp", false, "TestWhatsAppLoad: WhatsApp against Telegram at 500 inbound messages/s in one komek process (a minute)")

const (
	waToken   = "EAAloadtesttoken0123456789"
	waPhoneID = "106540352242922"
	waSecret  = "loadtest-app-secret-0123456789"
)

// TestWhatsAppLoad measures, in one run and one komek process serving
// both channels, Telegram (webhook mode) and then WhatsApp with 500
// inbound messages a second offered to each in turn: messages handled per
// second, conversations per second, and the latency from a person's
// message to the bot's next question. The short run (without
// -load.whatsapp) checks only that every WhatsApp person is answered.
func TestWhatsAppLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs komek")
	}
	people, window, rate := 20, 2*time.Second, 0.0
	if *whatsAppRun {
		people, window, rate = 200, 20*time.Second, 500
	}
	tg := telegramtest.NewServer(t, telegramtest.WithWebhookConnections(webhookConnections))
	wa := whatsapptest.New(t, waToken, waPhoneID, waSecret)
	inboxes := map[string]chan whatsapptest.Message{}
	var crowdWA []*waPerson
	for i := range people {
		p := &waPerson{phone: fmt.Sprintf("7701%07d", i), inbox: make(chan whatsapptest.Message, 64)}
		inboxes[p.phone] = p.inbox
		crowdWA = append(crowdWA, p)
	}
	wa.OnSend(func(to string, m whatsapptest.Message) {
		if ch := inboxes[to]; ch != nil {
			select {
			case ch <- m:
			default:
			}
		}
	})
	listen := freeAddr(t)
	bot := startKomek(t, tg, serveConfig{db: filepath.Join(t.TempDir(), "komek.db"), webhook: true, listen: listen, workers: *workers,
		extra: []string{"WHATSAPP_ACCESS_TOKEN=" + waToken, "WHATSAPP_APP_SECRET=" + waSecret,
			"WHATSAPP_VERIFY_TOKEN=loadtest-verify-token", "WHATSAPP_PHONE_NUMBER_ID=" + waPhoneID,
			"WHATSAPP_API_URL=" + wa.APIURL(), "WHATSAPP_RATE=" + loadRate}})
	defer bot.stop()
	wa.SetWebhook("http://" + listen + "/whatsapp")

	c := newCrowd(tg, people, 100_000, false)
	var tgCPU, waCPU time.Duration
	tgOut := c.run(load{duration: window, rate: rate, during: func(ctx context.Context) {
		before := bot.usage()
		<-ctx.Done()
		tgCPU = bot.usage().cpu - before.cpu
	}})
	for _, err := range tgOut.failures {
		t.Error(err)
	}
	before := bot.usage()
	waOut := runWhatsApp(wa, crowdWA, window, rate)
	waCPU = bot.usage().cpu - before.cpu
	for _, err := range waOut.failures {
		t.Error(err)
	}
	if r := wa.Refused(); len(r) != 0 {
		t.Errorf("the Cloud API refused %d requests, first: %s", len(r), r[0])
	}
	waConv := float64(waOut.conversations) / window.Seconds()
	tl, wl := summarize(tgOut.lat), summarize(waOut.lat)
	perK := func(cpu time.Duration, n int) float64 { return cpu.Seconds() * 1000 / float64(max(n, 1)) }
	tgK, waK := perK(tgCPU, tgOut.updates), perK(waCPU, waOut.updates)
	md := fmt.Sprintf("| channel (one komek; %d people each; %g inbound/s offered) | inbound messages/s handled | conversations/s | message → next question p50 / p95 / p99 / max | CPU s per 1,000 messages |\n|---|---|---|---|---|\n"+
		"| Telegram (webhook) | %.0f | — | %s | %.2f |\n| WhatsApp | %.0f | %.1f | %s | %.2f |\n| **WhatsApp ÷ Telegram** | **%.2f×** | | p50 %.2f×, p95 %.2f× | %.2f× |\n",
		people, rate, tgOut.perSecond(), tl, tgK, waOut.perSecond(), waConv, wl, waK,
		waOut.perSecond()/tgOut.perSecond(), ratio(wl.p50, tl.p50), ratio(wl.p95, tl.p95), waK/tgK)
	t.Log("\n" + md)
	if *report != "" && *whatsAppRun {
		if err := os.WriteFile(*report, []byte(md), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// waPerson goes round one conversation in English, tapping buttons and
// list rows (two for the region): after the first round, from "Start
// over" on the results.
type waPerson struct {
	phone string
	inbox chan whatsapptest.Message
	last  whatsapptest.Message // the last message with choices
}

// waRound is one conversation: what to tap at each question.
var waRound = []string{"No", "Migrants", "For me", "1–7", "Almaty", "Another country", "Start over"}

type waOutcome struct {
	outcome
	conversations int
}

func runWhatsApp(fake *whatsapptest.Server, people []*waPerson, window time.Duration, rate float64) waOutcome {
	var mu sync.Mutex
	var out waOutcome
	var wg sync.WaitGroup
	fail := func(err error) { mu.Lock(); out.failures = append(out.failures, err); mu.Unlock() }
	for _, p := range people { // warm-up: "Hi" and the language, unmeasured
		wg.Go(func() {
			for _, step := range []func() error{
				func() error { return p.act(fake, whatsapptest.Text("Hi")) },
				func() error { return p.tap(fake, "English") },
			} {
				if err := step(); err != nil {
					fail(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if len(out.failures) > 0 {
		return out
	}
	end := time.Now().Add(window)
	ctx, cancel := context.WithDeadline(context.Background(), end)
	defer cancel()
	var tokens chan struct{}
	if rate > 0 {
		tokens = make(chan struct{}, 1<<20)
		out.offered = offer(ctx, tokens, rate)
	}
	for _, p := range people {
		wg.Go(func() {
			for i := 0; ; i++ {
				if tokens != nil {
					select {
					case <-tokens:
					case <-ctx.Done():
					}
				}
				if time.Now().After(end) {
					return
				}
				start := time.Now()
				label := waRound[i%len(waRound)]
				if err := p.tap(fake, label); err != nil {
					fail(err)
					return
				}
				d := time.Since(start)
				mu.Lock()
				if time.Now().Before(end) {
					out.lat = append(out.lat, d)
					if label == "Another country" {
						out.conversations++
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	out.window = window
	out.updates = len(out.lat)
	return out
}

// act sends content and waits for the bot's next message with choices.
func (p *waPerson) act(fake *whatsapptest.Server, content map[string]any) error {
	if code, _ := fake.Deliver(p.phone, content); code != 200 {
		return fmt.Errorf("%s: the webhook answered %d", p.phone, code)
	}
	timeout := time.NewTimer(time.Minute)
	defer timeout.Stop()
	for {
		select {
		case m := <-p.inbox:
			if len(m.Buttons) > 0 {
				p.last = m
				return nil
			}
		case <-timeout.C:
			return fmt.Errorf("%s: no question within a minute after %v", p.phone, content)
		}
	}
}

func (p *waPerson) tap(fake *whatsapptest.Server, label string) error {
	for _, c := range p.last.Buttons {
		if strings.Contains(c.Title, label) || strings.Contains(c.Desc, label) {
			return p.act(fake, whatsapptest.Press(p.last, c))
		}
	}
	return fmt.Errorf("%s: no %q in %s", p.phone, label, whatsapptest.Dump([]whatsapptest.Message{p.last}))
}
