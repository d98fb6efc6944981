package telegram

import (
	"bytes"
	"encoding/binary"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/internal/telegram/telegramtest"
)

// deleted returns the IDs of the chat's messages that were deleted, and of
// those still there.
func deleted(fake *telegramtest.Server, chat int64) (gone, left []int) {
	for _, m := range fake.Messages(chat) {
		if m.Deleted {
			gone = append(gone, m.ID)
		} else {
			left = append(left, m.ID)
		}
	}
	return gone, left
}

func TestQuickExitDeletesTheWholeConversation(t *testing.T) {
	fake := telegramtest.NewServer(t)
	b := startBot(t, fake, func(c *Config) { c.ExitMessage = "Weather: sunny." })
	p := newPerson(t, fake, 5001, "ru")
	p.Say("/start")
	p.Press("Нет")
	p.Say("паспорт")
	q := p.Current()
	fake.Press(p.User, q.ID, q.Keyboard[len(q.Keyboard)-1][3].CallbackData) // «Выйти», the last navigation button
	err := fake.WaitFor(deadline(t), func(s *telegramtest.Server) bool {
		_, left := deleted(s, p.User.ID)
		return len(left) == 1
	})
	if err != nil {
		gone, left := deleted(fake, p.User.ID)
		t.Fatalf("after Exit: deleted %v, still there %v", gone, left)
	}
	msgs := fake.Messages(p.User.ID)
	last := msgs[len(msgs)-1]
	if last.Deleted || last.Plain != "Weather: sunny." || !last.FromBot {
		t.Errorf("what is left: %+v", last)
	}
	for _, m := range msgs[:len(msgs)-1] {
		if !m.Deleted {
			t.Errorf("message %d (%q, from bot %v) was not deleted", m.ID, m.Plain, m.FromBot)
		}
	}
	for _, c := range fake.CallsTo("deleteMessages") {
		if n := strings.Count(c.Params["message_ids"], ",") + 1; n > 100 {
			t.Errorf("deleteMessages with %d IDs", n)
		}
	}
	key := b.key(p.User.ID)
	_ = b.db.View(func(tx *store.Tx) error {
		if _, has, _ := tx.Session(key); has {
			t.Error("the session survived the exit")
		}
		return nil
	})
}

// Telegram lets a bot delete messages in a private chat only for 48 hours:
// the bot does not ask for what Telegram would refuse.
func TestQuickExitLeavesMessagesOlderThan48Hours(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	fake := telegramtest.NewServer(t, telegramtest.WithNow(t0))
	startBotWith(t, fake, func(c *Config) { c.GlobalRate = 1000 }, func(d *Deps) { d.Now = fake.Now })
	p := newPerson(t, fake, 5002, "en")
	p.Say("/start")
	old := len(fake.Messages(p.User.ID))
	fake.SetNow(t0.Add(49 * time.Hour))
	p.Press("No")
	fake.SendCommand(p.User, "/exit")
	err := fake.WaitFor(deadline(t), func(s *telegramtest.Server) bool {
		gone, _ := deleted(s, p.User.ID)
		return len(gone) > 0
	})
	if err != nil {
		t.Fatal("nothing was deleted")
	}
	if err := fake.WaitIdle(deadline(t)); err != nil {
		t.Fatal(err)
	}
	for i, m := range fake.Messages(p.User.ID) {
		if i < old && m.Deleted {
			t.Errorf("message %d, older than 48 hours, was deleted", m.ID)
		}
		if i >= old && !m.Deleted {
			t.Errorf("recent message %d (%q) was not deleted", m.ID, m.Plain)
		}
	}
	for _, c := range fake.CallsTo("deleteMessages") {
		if !c.OK() {
			t.Errorf("deleteMessages refused: %v", c.Error)
		}
	}
}

func TestForgetErasesEveryTraceFromTheDatabaseFile(t *testing.T) {
	fake := telegramtest.NewServer(t)
	b := startBot(t, fake, nil)
	const forgetter, other = 5003, 5004
	p := newPerson(t, fake, forgetter, "kk")
	p.Say("/start")
	p.Press("Жоқ")
	q := newPerson(t, fake, other, "en")
	q.Say("/start")
	q.Press("No")
	key, otherKey := b.key(forgetter), b.key(other)

	before := len(fake.BotMessages(forgetter))
	fake.SendCommand(p.User, "/forget")
	if _, err := fake.WaitMessages(deadline(t), forgetter, before+1); err != nil {
		t.Fatal(err)
	}
	if msgs := fake.BotMessages(forgetter); !strings.Contains(msgs[len(msgs)-1].Plain, "өшірілді") {
		t.Errorf("the last word: %q", msgs[len(msgs)-1].Plain)
	}
	if err := fake.WaitIdle(deadline(t)); err != nil {
		t.Fatal(err)
	}
	assertNoTraces(t, b.db.Path(), forgetter, key.Chat)
	var st struct{ has bool }
	_ = b.db.View(func(tx *store.Tx) (err error) { _, st.has, err = tx.Session(otherKey); return err })
	if !st.has {
		t.Error("the other person's session was lost")
	}
	// The other person goes on as before.
	if got := q.Press("Feeling very bad, thoughts of suicide"); !strings.Contains(got.Plain, "Who") {
		t.Errorf("the other person after an erasure: %q", got.Plain)
	}
}

// assertNoTraces checks that neither the database file nor its keyring
// holds the chat ID (in decimal, or as 8 bytes either way round) or its
// hashed key.
func assertNoTraces(t *testing.T, path string, chatID int64, hashed string) {
	t.Helper()
	for _, file := range []string{path, store.KeyringPath(path)} {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, trace := range [][]byte{[]byte(strconv.FormatInt(chatID, 10)), []byte(hashed),
			binary.BigEndian.AppendUint64(nil, uint64(chatID)), binary.LittleEndian.AppendUint64(nil, uint64(chatID))} {
			if bytes.Contains(raw, trace) {
				t.Errorf("%q is still in %s", trace, file)
			}
		}
	}
}

// A "forget me" repeated at once is answered again, without a second
// erasure; the chat is erased all the same, and a later one works again.
func TestRepeatedForgetIsAnsweredWithoutRedoingTheErasure(t *testing.T) {
	fake := telegramtest.NewServer(t)
	b := startBot(t, fake, nil)
	const id = 5006
	p := newPerson(t, fake, id, "ru")
	p.Say("/start")
	before := len(fake.BotMessages(id))
	for range 3 {
		fake.SendCommand(p.User, "/forget")
	}
	msgs, err := fake.WaitMessages(deadline(t), id, before+3)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msgs[before].Plain, "стёрто") {
		t.Errorf("the answer to /forget: %q", msgs[before].Plain)
	}
	for _, m := range msgs[before:] {
		if m.Plain != msgs[before].Plain {
			t.Errorf("a repeat was answered %q, the first %q", m.Plain, msgs[before].Plain)
		}
	}
	_ = fake.WaitIdle(deadline(t))
	if n := strings.Count(b.logs.String(), "outcome=forget-repeat"); n != 2 {
		t.Errorf("%d repeats answered from memory, want 2:\n%s", n, b.logs.String())
	}
	assertNoTraces(t, b.db.Path(), id, b.key(id).Chat)
}

func TestReferralsAreProtectedAndLaterMessagesSilent(t *testing.T) {
	fake := telegramtest.NewServer(t)
	startBot(t, fake, func(c *Config) { c.ProtectContent, c.Silent = true, true })
	p := newPerson(t, fake, 5005, "en")
	p.Say("/start")
	p.Press("Yes, in danger now")
	msgs := fake.BotMessages(p.User.ID)
	var emergency telegramtest.Message
	var after []telegramtest.Message
	for i, m := range msgs {
		if strings.Contains(m.Plain, "112") {
			emergency, after = m, msgs[i+1:]
		}
	}
	if !emergency.ProtectContent {
		t.Errorf("the emergency contacts are not protected: %+v", emergency)
	}
	// The answer to "yes": the emergency numbers (ring) and the question
	// after them (silent).
	if emergency.DisableNotification || len(after) == 0 || !after[0].DisableNotification {
		t.Errorf("notification flags: emergency numbers silent %v, then %d messages", emergency.DisableNotification, len(after))
	}
}

// No log line, at any level, holds what a person typed or a raw chat ID.
func TestLogsHoldNoTypedTextAndNoChatID(t *testing.T) {
	fake := telegramtest.NewServer(t)
	b := startBot(t, fake, nil)
	const id = 7771234567
	p := newPerson(t, fake, id, "ru")
	typed := []string{"Zhanibek", "Ауэзова", "паспорт", "шымкент"}
	p.Say("/start")
	p.Say("нет")
	p.Say("мой муж Zhanibek забрал паспорт")
	p.Say("для меня")
	p.Say("живу на улице Ауэзова в городе шымкент")
	fake.SendSticker(p.User)
	fake.SendCommand(p.User, "/exit")
	_ = fake.WaitIdle(deadline(t))
	_ = b.stop()
	logs := b.logs.String()
	if !strings.Contains(logs, "level=DEBUG") && !strings.Contains(logs, "update") {
		t.Fatalf("the log is empty:\n%s", logs)
	}
	for _, s := range append(typed, strconv.Itoa(id)) {
		if strings.Contains(strings.ToLower(logs), strings.ToLower(s)) {
			t.Errorf("the log contains %q:\n%s", s, logs)
		}
	}
	if !slices.ContainsFunc(strings.Split(logs, "\n"), func(l string) bool { return strings.Contains(l, "chat="+b.key(id).Chat[:12]) }) {
		t.Error("the log lines do not carry the hashed chat")
	}
}
