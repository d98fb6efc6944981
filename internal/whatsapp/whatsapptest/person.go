package whatsapptest

import (
	"strings"
	"testing"
	"time"
)

// Person is someone writing to the bot from a phone number.
type Person struct {
	t     testing.TB
	s     *Server
	Phone string
	seen  int
	// LastID is the ID of the last message the person sent.
	LastID string
}

// NewPerson returns a person writing from phone.
func (s *Server) NewPerson(t testing.TB, phone string) *Person {
	return &Person{t: t, s: s, Phone: phone}
}

// Send delivers content and returns the replies that arrive for it.
func (p *Person) Send(content map[string]any) []Message {
	p.t.Helper()
	code, id := p.s.Deliver(p.Phone, content)
	if code != 200 {
		p.t.Fatalf("whatsapptest: the webhook answered %d", code)
	}
	p.LastID = id
	return p.Replies()
}

// Say types text.
func (p *Person) Say(text string) []Message { p.t.Helper(); return p.Send(Text(text)) }

// Tap presses the choice whose title or description contains label, on
// the last of msgs that has one.
func (p *Person) Tap(msgs []Message, label string) []Message {
	p.t.Helper()
	for i := len(msgs) - 1; i >= 0; i-- {
		for _, c := range msgs[i].Buttons {
			if strings.Contains(c.Title, label) || strings.Contains(c.Desc, label) {
				return p.Send(Press(msgs[i], c))
			}
		}
	}
	p.t.Fatalf("whatsapptest: no choice %q in%s", label, Dump(msgs))
	return nil
}

// Replies waits until the bot has been quiet for a moment (50 ms) after
// answering, and returns what it sent since the last look.
func (p *Person) Replies() []Message {
	p.t.Helper()
	n, quiet := -1, 0
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		got := len(p.s.Sent(p.Phone))
		if got == n && got > p.seen {
			if quiet++; quiet >= 10 {
				break
			}
		} else {
			n, quiet = got, 0
		}
	}
	return p.take()
}

// Silence waits a moment for replies that should not come, and returns
// any that did.
func (p *Person) Silence() []Message {
	time.Sleep(300 * time.Millisecond)
	return p.take()
}

func (p *Person) take() []Message {
	all := p.s.Sent(p.Phone)
	out := all[p.seen:]
	p.seen = len(all)
	return out
}

// All returns everything the bot sent the person.
func (p *Person) All() []Message { return p.s.Sent(p.Phone) }

// Dump shows messages as the person sees them, for failure messages.
func Dump(msgs []Message) string {
	var b strings.Builder
	for _, m := range msgs {
		b.WriteString("\n[" + m.Type + "] " + m.Text)
		for _, c := range m.Buttons {
			b.WriteString("\n   (" + c.Title)
			if c.Desc != "" {
				b.WriteString(" — " + c.Desc)
			}
			b.WriteString(")")
		}
	}
	return b.String()
}
