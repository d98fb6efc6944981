package whatsapp

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The webhook's JSON, as far as the bot reads it (Meta's "messages"
// webhook of a WhatsApp Business Account).
type notification struct {
	Object string `json:"object"`
	Entry  []struct {
		Changes []struct {
			Field string `json:"field"`
			Value value  `json:"value"`
		} `json:"changes"`
	} `json:"entry"`
}

type value struct {
	Metadata struct {
		PhoneNumberID string `json:"phone_number_id"`
	} `json:"metadata"`
	Messages []inMessage `json:"messages"`
	Statuses []status    `json:"statuses"`
}

type inMessage struct {
	From      string `json:"from"`
	ID        string `json:"id"`
	Timestamp string `json:"timestamp"`
	Type      string `json:"type"`
	Text      *struct {
		Body string `json:"body"`
	} `json:"text"`
	Interactive *struct {
		Type        string `json:"type"`
		ButtonReply *reply `json:"button_reply"`
		ListReply   *reply `json:"list_reply"`
	} `json:"interactive"`
	Button *struct {
		Payload string `json:"payload"`
		Text    string `json:"text"`
	} `json:"button"`
	Location *struct {
		Latitude  float64 `json:"latitude"`
		Longitude float64 `json:"longitude"`
	} `json:"location"`
}

type reply struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

type status struct {
	Status string `json:"status"`
	Errors []struct {
		Code  int    `json:"code"`
		Title string `json:"title"`
	} `json:"errors"`
}

// kind says what a person did, as far as the bot cares.
type kind uint8

const (
	kText        kind = iota // typed text (or a command typed as /start)
	kChoice                  // a reply button or list row of this bot
	kGroup                   // a row of a region group: show that group
	kLocation                // a shared location
	kUnsupported             // a sticker, photo, voice note, reaction, …
)

var kindNames = [...]string{"text", "button", "group", "location", "unsupported"}

func (k kind) String() string { return kindNames[k] }

// event is one inbound message, normalised at the edge. The phone number
// (from) and the message ID live only as long as the event: the store
// gets keyed hashes of them.
type event struct {
	from, id string
	at       time.Time
	kind     kind
	text     string
	data     string // the pressed button's or row's ID
	lat, lon float64
}

// maxTyped bounds a typed text the dialog sees (WhatsApp allows 4,096).
const maxTyped = 4096

var errNotWhatsApp = errors.New("whatsapp: not a WhatsApp Business Account notification")

// parse reads a webhook body: the messages in it (for phoneID only) and
// the statuses of the bot's own messages.
func parse(body []byte, phoneID string) ([]event, []status, error) {
	var n notification
	if err := json.Unmarshal(body, &n); err != nil {
		return nil, nil, err
	}
	if n.Object != "whatsapp_business_account" {
		return nil, nil, errNotWhatsApp
	}
	var evs []event
	var sts []status
	for _, e := range n.Entry {
		for _, c := range e.Changes {
			if c.Field != "messages" || c.Value.Metadata.PhoneNumberID != phoneID {
				continue
			}
			sts = append(sts, c.Value.Statuses...)
			for _, m := range c.Value.Messages {
				if ev, ok := normalize(m); ok {
					evs = append(evs, ev)
				}
			}
		}
	}
	return evs, sts, nil
}

// normalize turns one message into an event; a message with no sender or
// ID is skipped.
func normalize(m inMessage) (event, bool) {
	if m.From == "" || m.ID == "" || len(m.From) > 32 || len(m.ID) > 256 {
		return event{}, false
	}
	ev := event{from: m.From, id: m.ID, kind: kUnsupported}
	if ts, err := strconv.ParseInt(m.Timestamp, 10, 64); err == nil && ts > 0 {
		ev.at = time.Unix(ts, 0).UTC()
	}
	switch {
	case m.Type == "text" && m.Text != nil:
		ev.kind, ev.text = kText, cut(m.Text.Body, maxTyped)
	case m.Type == "interactive" && m.Interactive != nil:
		r := m.Interactive.ButtonReply
		if m.Interactive.Type == "list_reply" {
			r = m.Interactive.ListReply
		}
		if r != nil {
			ev.kind, ev.data = kChoice, r.ID
			if strings.HasPrefix(r.ID, groupPrefix) {
				ev.kind = kGroup
			}
		}
	case m.Type == "location" && m.Location != nil:
		ev.kind, ev.lat, ev.lon = kLocation, m.Location.Latitude, m.Location.Longitude
	}
	return ev, true
}

// cut returns at most n bytes of s, on a character boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}
