package whatsapp

import (
	"bytes"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/internal/whatsapp/whatsapptest"
)

// toResults walks a Russian-speaking person to the referral by taps:
// reply buttons, lists, and the two taps of the region groups.
func toResults(t *testing.T, p *person) []whatsapptest.Message {
	t.Helper()
	m := p.Say("Здравствуйте")
	m = p.Tap(m, "Русский")
	m = p.Tap(m, "Нет")
	m = p.Tap(m, "Мигрантам")
	m = p.Tap(m, "Мне")
	m = p.Tap(m, "1–7")    // the group with Almaty
	m = p.Tap(m, "Алматы") // the region itself: two taps
	m = p.Tap(m, "Другая страна")
	if !strings.Contains(text(m), "Телефон:") {
		t.Fatalf("no referral at the end:%s", dump(m))
	}
	return m
}

func TestAPersonReachesAReferralByButtonsAndListsWithinTheAPILimits(t *testing.T) {
	b := startBot(t, nil)
	p := b.person(t, "77011234567")
	toResults(t, p)
	if r := b.fake.Refused(); len(r) != 0 {
		t.Errorf("the fake Cloud API refused requests: %v", r)
	}
}

// The region question: a list of groups, then the group's regions; the
// question's text numbers every region, so typing works too.
func TestTheRegionsAreTwoTapsAwayOrTyped(t *testing.T) {
	b := startBot(t, nil)
	p := b.person(t, "77011234567")
	m := p.Say("Hi")
	m = p.Tap(m, "English")
	m = p.Tap(m, "No")
	m = p.Tap(m, "Migrants")
	m = p.Tap(m, "For me")
	q := m[len(m)-1]
	if q.Type != "list" || len(q.Buttons) > whatsapptest.MaxRows || !strings.Contains(q.Text, "21. ") {
		t.Fatalf("the region question is not a list of groups with numbered regions:%s", dump(m))
	}
	for i := range 3 { // every group opens on a list of its regions
		g := p.Send(whatsapptest.Press(q, q.Buttons[i]))
		if len(g) != 1 || g[0].Type != "list" || len(g[0].Buttons) < 5 {
			t.Fatalf("group %d:%s", i, dump(g))
		}
	}
	m = p.Say("Shymkent") // typed
	if !strings.Contains(text(m), "citizenship") {
		t.Fatalf("a typed region was not taken:%s", dump(m))
	}
}

// Faults of the Cloud API: throughput and pair-rate errors, 5xx and
// timeouts are retried with backoff, and every reply arrives once, in
// order.
func TestRepliesSurviveRateLimitsServerErrorsAndTimeouts(t *testing.T) {
	b := startBot(t, func(c *Config) { c.CallTimeout = 200 * time.Millisecond })
	calm := b.person(t, "77010000001")
	want := toResults(t, calm)

	p := b.person(t, "77010000002")
	b.fake.Inject(whatsapptest.Throughput, whatsapptest.ServerError, whatsapptest.Timeout, whatsapptest.PairRate,
		whatsapptest.Throughput, whatsapptest.ServerError)
	got := toResults(t, p)
	if text(got) != text(want) {
		t.Errorf("after faults the person got%s\nwant%s", dump(got), dump(want))
	}
	if r := b.fake.Refused(); len(r) != 0 {
		t.Errorf("refused: %v", r)
	}
}

// A reply that was sent but whose answer was lost is sent again: the
// Cloud API gives no way to know. This is the one duplicate WhatsApp
// allows (see the package documentation).
func TestALostAnswerMeansTheReplyIsSentAgain(t *testing.T) {
	b := startBot(t, nil)
	p := b.person(t, "77011234567")
	b.fake.Inject(whatsapptest.LostAnswer)
	m := p.Say("Hi")
	if len(m) != 2 || text(m[:1]) != text(m[1:]) {
		t.Fatalf("want the language question twice, got%s", dump(m))
	}
}

// The bot never writes first: a reply still queued when the 24-hour
// window has closed is dropped, not sent (the real API would refuse it
// with 131047).
func TestNoReplyAfterTheCustomerServiceWindow(t *testing.T) {
	b := startBot(t, nil)
	p := b.person(t, "77011234567")
	b.fake.Now = func() time.Time { return time.Now().Add(-25 * time.Hour) }
	b.fake.Deliver(p.Phone, whatsapptest.Text("Hi"))
	b.fake.Now = time.Now
	if m := p.Silence(); len(m) != 0 {
		t.Errorf("the bot wrote after the window closed:%s", dump(m))
	}
	if r := b.fake.Refused(); len(r) != 0 {
		t.Errorf("refused: %v", r)
	}
}

func TestMessagesAreMarkedAsRead(t *testing.T) {
	b := startBot(t, nil)
	_, id := b.fake.Deliver("77011234567", whatsapptest.Text("Hi"))
	time.Sleep(200 * time.Millisecond)
	if !b.fake.Read(id) {
		t.Error("the message was not marked as read")
	}
}

// Words of danger at any step bring the emergency numbers first.
func TestCrisisWordsAtAnyStep(t *testing.T) {
	for _, at := range []int{0, 1, 2, 3} {
		b := startBot(t, nil)
		p := b.person(t, "77011234567")
		steps := []func(m []whatsapptest.Message) []whatsapptest.Message{
			func(m []whatsapptest.Message) []whatsapptest.Message { return p.Tap(m, "Русский") },
			func(m []whatsapptest.Message) []whatsapptest.Message { return p.Tap(m, "Нет") },
			func(m []whatsapptest.Message) []whatsapptest.Message { return p.Tap(m, "Мигрантам") },
		}
		m := p.Say("Здравствуйте")
		for _, s := range steps[:min(at, len(steps))] {
			m = s(m)
		}
		m = p.Say("муж меня бьёт, помогите")
		if len(m) == 0 || !strings.Contains(m[0].Text, "112") {
			t.Errorf("after %d steps, crisis words got%s", at, dump(m))
		}
	}
}

// A quick exit erases the conversation and tells the person how to delete
// the chat, which the bot cannot do on WhatsApp.
func TestQuickExitErasesAndSaysHowToDeleteTheChat(t *testing.T) {
	b := startBot(t, nil)
	p := b.person(t, "77011234567")
	p.Tap(p.Say("Здравствуйте"), "Русский")
	m := p.Say("/exit")
	if len(m) != 1 || !strings.Contains(m[0].Text, "Удалить чат") {
		t.Fatalf("quick exit said%s", dump(m))
	}
	if b.stored(p.Phone) {
		t.Error("the conversation is still stored after /exit")
	}
}

// /forget erases everything; the file and its keyring hold neither the
// phone number nor its hash, and the person is told how to delete the
// chat.
func TestForgetLeavesNoPhoneNumberInTheDatabaseFile(t *testing.T) {
	b := startBot(t, nil)
	phone := "77019876543"
	p := b.person(t, phone)
	m := p.Say("Hi")
	m = p.Tap(m, "English")
	p.Tap(m, "No")
	m = p.Say("/privacy")
	if !strings.Contains(text(m), "Telegram") || !strings.Contains(text(m), "What I keep") {
		t.Errorf("/privacy does not explain what is kept and what differs from Telegram:%s", dump(m))
	}
	// Only Telegram lets the bot delete messages: no such promise here.
	if strings.Contains(text(m), "deletes this conversation and its messages") || strings.Contains(text(m), "so that /exit can delete them") {
		t.Errorf("/privacy on WhatsApp promises what only Telegram can do:%s", dump(m))
	}
	m = p.Say("/forget")
	if !strings.Contains(text(m), "Delete chat") {
		t.Errorf("/forget said%s", dump(m))
	}
	p.Silence()
	key := b.key(phone)
	raw, _ := hex.DecodeString(key.Chat)
	b.stop()
	for _, path := range []string{b.path, store.KeyringPath(b.path)} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for name, needle := range map[string][]byte{"the phone number": []byte(phone), "its hash (hex)": []byte(key.Chat), "its hash": raw} {
			if bytes.Contains(data, needle) {
				t.Errorf("%s holds %s", path, name)
			}
		}
	}
}
