package telegram

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/telegram/telegramtest"
)

// clock is a settable clock for the bot's health reports.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func readyz(t *testing.T, b *testBot) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + b.Addr().String() + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(body))
}

// When Telegram cannot be reached, the operator is told at once with what
// to check, again every few minutes while it lasts, and once when it is
// over; /readyz says why the bot is not ready. People's replies wait and
// go out afterwards.
func TestAnUnreachableBotAPIIsWarnedAboutAndReadyzSaysWhy(t *testing.T) {
	fake := telegramtest.NewServer(t)
	clk := &clock{now: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)}
	b := startBotWith(t, fake, nil, func(d *Deps) { d.Now = clk.Now })
	p := newPerson(t, fake, 2001, "en")
	p.Say("/start")
	if code, body := readyz(t, b); code != http.StatusOK || body != "ready" {
		t.Fatalf("before the outage /readyz = %d %q", code, body)
	}

	fake.FailRate(1, 1, telegramtest.Drop()) // Telegram is down
	waitLog(t, b, "the Bot API cannot be reached", 1)
	if code, body := readyz(t, b); code != http.StatusOK {
		t.Errorf("one failed call is no outage yet: /readyz = %d %q", code, body)
	}
	clk.Add(unreachableGrace)
	code, body := readyz(t, b)
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "has not answered for 10s") || !strings.Contains(body, "internet connection") {
		t.Errorf("during the outage /readyz = %d %q", code, body)
	}
	if strings.Count(b.logs.String(), "the Bot API cannot be reached") != 1 {
		t.Errorf("the warning repeats before %v:\n%s", warnEvery, b.logs.String())
	}
	clk.Add(warnEvery)
	waitLog(t, b, "the Bot API cannot be reached", 2)

	fake.SendText(p.User, "no") // the answer waits with Telegram
	fake.FailRate(0, 0)         // Telegram is back
	waitLog(t, b, "the Bot API answers again", 1)
	p.NextQuestion()
	if code, body := readyz(t, b); code != http.StatusOK {
		t.Errorf("after the outage /readyz = %d %q", code, body)
	}
	for _, line := range strings.Split(b.logs.String(), "\n") {
		if strings.Contains(line, "cannot be reached") && (!strings.Contains(line, "level=WARN") || !strings.Contains(line, "check=")) {
			t.Errorf("the warning is not a warning with what to check: %s", line)
		}
	}
}

// A token revoked while the bot runs stops it with one line that says what
// to do, and never shows the token.
func TestATokenRevokedWhileRunningStopsWithOneLine(t *testing.T) {
	fake := telegramtest.NewServer(t)
	b := startBot(t, fake, nil)
	p := newPerson(t, fake, 2002, "en")
	p.Say("/start")
	fake.Fail("*", telegramtest.Unauthorized(), 1000)
	fake.SendText(p.User, "no")
	var err error
	select {
	case err = <-b.done:
	case <-deadline(t).Done():
		t.Fatal("the bot kept running with a revoked token")
	}
	secret := fake.Token()[strings.Index(fake.Token(), ":")+1:]
	if err == nil || !strings.Contains(err.Error(), "revoked") || !strings.Contains(err.Error(), "@BotFather") ||
		strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), secret) {
		t.Errorf("err = %v", err)
	}
}

// waitLog waits until the log has n lines containing s.
func waitLog(t *testing.T, b *testBot, s string, n int) {
	t.Helper()
	ctx := deadline(t)
	for strings.Count(b.logs.String(), s) < n {
		select {
		case <-ctx.Done():
			t.Fatalf("no %d× %q in the log:\n%s", n, s, b.logs.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
}
