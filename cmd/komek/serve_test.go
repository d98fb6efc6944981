package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referralfile"
	"github.com/komek-kz/komek/internal/telegram/telegramtest"
)

// lockedBuffer collects log output from a running serve.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serveEnv is the environment of "komek serve" against fake on db; extra
// adds or overrides variables.
func serveEnv(fake *telegramtest.Server, db string, extra ...string) []string {
	return append([]string{
		"TELEGRAM_TOKEN", fake.Token(), "TELEGRAM_API_URL", fake.URL(), "KOMEK_DB", db,
		"KOMEK_LISTEN", "127.0.0.1:0", "KOMEK_RATE", "1000", "KOMEK_CHAT_RATE", "1000", "KOMEK_CHAT_BURST", "100",
		"KOMEK_HASH_KEY", "a-test-key-of-enough-length",
	}, extra...)
}

// serve runs "komek serve" through run() until the test ends.
func serve(t *testing.T, kv []string) *lockedBuffer {
	t.Helper()
	logs := &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, env(kv...), nil, io.Discard, logs) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("komek serve: %v\n%s", err, logs.String())
		}
	})
	return logs
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// script is one person's conversation: what they do, and what must appear
// in the bot's answer at the end.
type script struct {
	lang  string // the app's language_code
	steps []string
	want  []string
}

// act runs a step: "press:Label" presses a button, anything else is typed.
func act(p *telegramtest.Person, step string) {
	if label, ok := strings.CutPrefix(step, "press:"); ok {
		p.Press(label)
		return
	}
	p.Say(step)
}

var scripts = map[string]script{
	"kk by buttons, then typed": {lang: "kk", steps: []string{"/start", "press:Жоқ", "press:Мигранттарға: құжат, жалақы, елге қайту", "press:Маған", "Алматы", "шетел азаматы"},
		want: []string{"қызмет табылды", "тексерілді", "111"}},
	"ru by typed text, then buttons": {lang: "ru", steps: []string{"/start", "нет", "паспорт", "для меня", "press:Шымкент", "press:Другая страна"},
		want: []string{"могут помочь", "Контакты проверены", "111"}},
	"en mixed": {lang: "en", steps: []string{"/start", "no", "press:Feeling very bad, thoughts of suicide", "for me", "press:18 or older", "Almaty"},
		want: []string{"that can help", "Contacts checked", "1303"}},
}

func runScripts(t *testing.T, fake *telegramtest.Server) {
	var id int64 = 7000
	for name, s := range scripts {
		id++
		t.Run(name, func(t *testing.T) {
			p := fake.NewPerson(t, id, s.lang)
			for _, step := range s.steps {
				act(p, step)
			}
			all := strings.Join(p.Since(0), "\n")
			for _, w := range s.want {
				if !strings.Contains(all, w) {
					t.Errorf("no %q in the conversation:\n%s", w, all)
				}
			}
		})
	}
}

func TestServeByPollingInThreeLanguages(t *testing.T) {
	fake := telegramtest.NewServer(t)
	serve(t, serveEnv(fake, filepath.Join(t.TempDir(), "komek.db")))
	runScripts(t, fake)
}

func TestServeByWebhookInThreeLanguages(t *testing.T) {
	fake := telegramtest.NewServer(t)
	addr := freeAddr(t)
	serve(t, serveEnv(fake, filepath.Join(t.TempDir(), "komek.db"),
		"KOMEK_LISTEN", addr, "KOMEK_WEBHOOK_URL", "http://"+addr+"/tg/updates", "KOMEK_WEBHOOK_SECRET", "a_webhook_secret"))
	runScripts(t, fake)
	if wh := fake.Webhook(); wh.URL != "http://"+addr+"/tg/updates" || wh.SecretToken != "a_webhook_secret" {
		t.Errorf("webhook %+v", wh)
	}
}

func TestServeConfigErrorsNameTheVariable(t *testing.T) {
	for want, kv := range map[string][]string{
		"TELEGRAM_TOKEN":       {},
		"KOMEK_WEBHOOK_SECRET": {"TELEGRAM_TOKEN", "1:abcdefghijklmnopqrstuvwxyz", "KOMEK_WEBHOOK_URL", "https://bot.example.org/x"},
		"KOMEK_RATE":           {"TELEGRAM_TOKEN", "1:abcdefghijklmnopqrstuvwxyz", "KOMEK_RATE", "fast"},
		"KOMEK_HASH_KEY":       {"TELEGRAM_TOKEN", "1:abcdefghijklmnopqrstuvwxyz", "KOMEK_HASH_KEY", "short"},
	} {
		err := run(context.Background(), []string{"serve"}, env(kv...), nil, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "abcdefghij") {
			t.Errorf("%s: err = %v", want, err)
		}
	}
}

// startServeProcess starts "komek serve" as a real child process (this
// test binary re-executed), so it can be killed with SIGKILL.
func startServeProcess(t *testing.T, kv []string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "KOMEK_TEST_MAIN=1", "KOMEK_TEST_ARGS=serve")
	for i := 0; i+1 < len(kv); i += 2 {
		cmd.Env = append(cmd.Env, kv[i]+"="+kv[i+1])
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd
}

// A bot killed with SIGKILL in the middle of a conversation and started
// again on the same database goes on where it was: every reply arrives
// once, in order, none repeated, none skipped.
func TestServeKilledMidConversationContinuesWithoutRepeatOrSkip(t *testing.T) {
	// The reference: the same conversation with no kill.
	ref := telegramtest.NewServer(t)
	serve(t, serveEnv(ref, filepath.Join(t.TempDir(), "ref.db")))
	want := converseKilled(t, ref, nil)

	fake := telegramtest.NewServer(t)
	kv := serveEnv(fake, filepath.Join(t.TempDir(), "komek.db"))
	proc := startServeProcess(t, kv)
	got := converseKilled(t, fake, func(step int) {
		if step == 2 || step == 4 {
			_ = proc.Process.Signal(syscall.SIGKILL)
			_ = proc.Wait()
			proc = startServeProcess(t, kv)
		}
	})
	if strings.Join(got, "\n---\n") != strings.Join(want, "\n---\n") {
		t.Errorf("after kills the conversation differs:\n got  %d %q\n want %d %q", len(got), got, len(want), want)
	}
}

// converseKilled runs a fixed conversation; between steps it calls between
// (which may kill and restart the bot) right after the person acts, before
// the bot has answered. It returns what the person was shown, in order
// (telegramtest.Shown: a question edited in place in one run may come as
// a new message in the other).
func converseKilled(t *testing.T, fake *telegramtest.Server, between func(step int)) []string {
	p := fake.NewPerson(t, 8001, "ru")
	p.Timeout = 30 * time.Second
	steps := []func(){
		func() { fake.SendCommand(p.User, "/start") },
		func() { fake.SendText(p.User, "нет") },
		func() { q := p.Current(); fake.Press(p.User, q.ID, q.Keyboard[3][0].CallbackData) }, // migrants
		func() { fake.SendText(p.User, "мне") },
		func() { fake.SendText(p.User, "Алматы") },
		func() { fake.SendText(p.User, "другая страна") },
	}
	for i, step := range steps {
		step()
		if between != nil {
			between(i)
		}
		p.NextQuestion()
	}
	return telegramtest.Shown(fake.BotMessages(p.User.ID))
}

// While the bot runs it holds the database, so "komek referrals import"
// goes through the admin endpoint, and the next answer already comes from
// the new table.
func TestImportWhileServeRunsAnswersFromTheNewTableAtOnce(t *testing.T) {
	fake := telegramtest.NewServer(t)
	db := filepath.Join(t.TempDir(), "komek.db")
	adminAddr := freeAddr(t)
	token := "an-admin-token-for-tests"
	serve(t, serveEnv(fake, db, "KOMEK_ADMIN_LISTEN", adminAddr, "KOMEK_ADMIN_TOKEN", token))

	ask := func(id int64) string {
		p := fake.NewPerson(t, id, "en")
		for _, step := range []string{"/start", "no", "press:Money, food, material help", "for me", "Pavlodar"} {
			act(p, step)
		}
		return strings.Join(p.Since(0), "\n")
	}
	if before := ask(9001); strings.Contains(before, "Pavlodar food bank") {
		t.Fatal("the new service is there before the import")
	}

	dir := t.TempDir()
	org := referral.Organization{ID: "pavlodar-food-bank", Kind: referral.KindNGO,
		Name: referral.Text{KK: "Павлодар азық-түлік банкі", RU: "Павлодарский банк еды", EN: "Pavlodar food bank"},
		Services: []referral.Service{{ID: "pavlodar-food-bank.parcels",
			Name:        referral.Text{KK: "Азық-түлік себеті", RU: "Продуктовые наборы", EN: "Food parcels"},
			Description: referral.Text{KK: "Отбасыларға тегін азық-түлік.", RU: "Бесплатные продукты для семей.", EN: "Free food for families."},
			Needs:       []referral.Need{referral.NeedPoverty}, Area: referral.Area{Regions: []referral.Region{referral.Pavlodar}},
			Cost: referral.CostFree, Contacts: []referral.Contact{{Kind: referral.Website, Value: "https://example.org/food",
				Sources: []string{"https://example.org/food"}, Checked: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}}}}}
	file := filepath.Join(dir, "pavlodar-food-bank.toml")
	if err := os.WriteFile(file, referralfile.Format(org), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	start := time.Now()
	err := run(context.Background(), []string{"referrals", "import", "--yes", file},
		env("KOMEK_DB", db, "KOMEK_ADMIN_URL", "http://"+adminAddr, "KOMEK_ADMIN_TOKEN", token), strings.NewReader(""), &out, &errs)
	if err != nil {
		t.Fatalf("import while serving: %v\n%s\n%s", err, out.String(), errs.String())
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the import took %v", took)
	}
	if after := ask(9002); !strings.Contains(after, "Pavlodar food bank") {
		t.Errorf("the bot does not answer from the new table:\n%s", after)
	}
}

func TestTheAdminEndpointListensOnLoopbackOnly(t *testing.T) {
	err := run(context.Background(), []string{"serve"}, env("TELEGRAM_TOKEN", "1:abcdefghijklmnopqrstuvwxyz",
		"KOMEK_ADMIN_TOKEN", "an-admin-token-for-tests", "KOMEK_ADMIN_LISTEN", "0.0.0.0:8081"), nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "KOMEK_ADMIN_LISTEN") {
		t.Errorf("err = %v", err)
	}
}
