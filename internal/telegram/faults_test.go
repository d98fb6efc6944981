package telegram

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/internal/telegram/telegramtest"
)

// converse runs one fixed conversation in Russian, by buttons and typed
// text, and returns what the person was shown, in order
// (telegramtest.Shown).
func converse(t *testing.T, fake *telegramtest.Server, id int64) []string {
	t.Helper()
	p := newPerson(t, fake, id, "ru")
	p.Say("/start")
	p.Press("Нет")
	p.Say("паспорт")
	p.Press("Мне")
	p.Say("Шымкент")
	p.Press("Другая страна")
	return telegramtest.Shown(fake.BotMessages(id))
}

// reference is the conversation without faults.
func reference(t *testing.T) []string {
	t.Helper()
	fake := telegramtest.NewServer(t)
	startBot(t, fake, nil)
	return converse(t, fake, 4001)
}

// sameConversation fails unless got equals want: no reply lost,
// duplicated or out of order.
func sameConversation(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("the conversation differs from the one without faults:\n got  %d messages %q\n want %d messages %q", len(got), got, len(want), want)
	}
}

func TestFaultsLoseNoReply(t *testing.T) {
	want := reference(t)
	tests := map[string]func(*telegramtest.Server){
		"429 storm": func(f *telegramtest.Server) {
			f.Fail("sendMessage", telegramtest.TooManyRequests(1), 3)
			f.Fail("answerCallbackQuery", telegramtest.TooManyRequests(1), 1)
		},
		"500 and 502": func(f *telegramtest.Server) {
			f.Fail("*", telegramtest.ServerError(), 4)
			f.Fail("sendMessage", telegramtest.BadGateway(), 2)
		},
		"dropped connections": func(f *telegramtest.Server) {
			f.Fail("sendMessage", telegramtest.Drop(), 3)
			f.Fail("getUpdates", telegramtest.Drop(), 2)
		},
		"timeouts": func(f *telegramtest.Server) {
			f.Fail("sendMessage", telegramtest.Slow(5*time.Second), 2) // the call gives up after a second
			f.Fail("editMessageText", telegramtest.Slow(5*time.Second), 1)
		},
		"one call in ten fails": func(f *telegramtest.Server) {
			f.FailRate(0.1, 7, telegramtest.TooManyRequests(1), telegramtest.ServerError(), telegramtest.Drop(), telegramtest.Slow(5*time.Second))
		},
	}
	for name, inject := range tests {
		t.Run(name, func(t *testing.T) {
			fake := telegramtest.NewServer(t)
			startBot(t, fake, func(c *Config) { c.CallTimeout = time.Second })
			inject(fake)
			sameConversation(t, converse(t, fake, 4001), want)
			if err := fake.WaitIdle(deadline(t)); err != nil {
				t.Errorf("callback queries left unanswered: %v", fake.Unanswered())
			}
		})
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	fake := telegramtest.NewServer(t)
	startBot(t, fake, nil)
	fake.Fail("sendMessage", telegramtest.TooManyRequests(1), 1)
	p := newPerson(t, fake, 4002, "en")
	p.Say("/start")
	calls := fake.CallsTo("sendMessage")
	if len(calls) < 2 || calls[0].Status != 429 {
		t.Fatalf("calls: %+v", calls)
	}
	if gap := calls[1].At.Sub(calls[0].At); gap < 900*time.Millisecond {
		t.Errorf("retried %v after a 429 with retry_after=1", gap)
	}
}

func TestABlockedPersonEndsTheirConversation(t *testing.T) {
	fake := telegramtest.NewServer(t)
	b := startBot(t, fake, nil)
	p := newPerson(t, fake, 4003, "en")
	p.Say("/start")
	p.Press("No")
	fake.BlockUser(p.User.ID)
	fake.SendText(p.User, "1")
	key := b.key(p.User.ID)
	err := fake.WaitFor(deadline(t), func(*telegramtest.Server) bool {
		var has bool
		_ = b.db.View(func(tx *store.Tx) (err error) { _, has, err = tx.Session(key); return err })
		return !has
	})
	if err != nil {
		t.Fatal("the session of a person who blocked the bot was kept")
	}
	var pending []store.OutboxItem
	_ = b.db.View(func(tx *store.Tx) (err error) { pending, err = tx.Outbox(key); return err })
	if len(pending) != 0 {
		t.Errorf("%d replies still queued for a person who blocked the bot", len(pending))
	}
	// Others are still served.
	q := newPerson(t, fake, 4004, "en").Say("/start")
	if !strings.Contains(q.Plain, "danger") {
		t.Errorf("another person: %q", q.Plain)
	}
}

func TestTheTokenIsInNoLogLineWhenEveryCallFails(t *testing.T) {
	for name, fault := range map[string]telegramtest.Fault{
		"dropped": telegramtest.Drop(), "500": telegramtest.ServerError(), "502": telegramtest.BadGateway(), "slow": telegramtest.Slow(time.Second),
	} {
		t.Run(name, func(t *testing.T) {
			fake := telegramtest.NewServer(t)
			fake.Fail("*", fault, 1000)
			b := startBot(t, fake, func(c *Config) { c.CallTimeout = 100 * time.Millisecond })
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := fake.WaitFor(ctx, func(s *telegramtest.Server) bool { return len(s.Calls()) >= 4 }); err != nil {
				t.Fatal("the bot stopped trying")
			}
			_ = b.stop()
			logs := b.logs.String()
			secret := fake.Token()[strings.Index(fake.Token(), ":")+1:]
			if strings.Contains(logs, secret) {
				t.Errorf("the token is in the log:\n%s", logs)
			}
			if !strings.Contains(logs, "retrying") {
				t.Errorf("no failure was logged at all:\n%s", logs)
			}
		})
	}
}

func TestARefusedTokenStopsWithAPlainMessage(t *testing.T) {
	fake := telegramtest.NewServer(t) // for the harness; the bot talks to telegram below
	telegram := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
	}))
	defer telegram.Close()
	b := startBot(t, fake, func(c *Config) {
		c.Token = "987654:ThisIsNotTheRightTokenAtAll_12345"
		c.APIURL = telegram.URL
	})
	var err error
	select {
	case err = <-b.done:
	case <-deadline(t).Done():
		t.Fatal("the bot kept running with a refused token")
	}
	if err == nil || !strings.Contains(err.Error(), "refused TELEGRAM_TOKEN") || !strings.Contains(err.Error(), "@BotFather") ||
		strings.Contains(err.Error(), "ThisIsNot") || strings.Contains(err.Error(), "\n") {
		t.Errorf("err = %v", err)
	}
}
