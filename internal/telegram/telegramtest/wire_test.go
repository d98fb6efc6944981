package telegramtest

import (
	"testing"
)

// TestOutputMatchesSpec checks the fake's own updates and results against
// the spec's types, so the bot is tested on realistic objects.
func TestOutputMatchesSpec(t *testing.T) {
	s, _ := newFake(t)
	sp, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	check := func(typ string, raw []byte) {
		t.Helper()
		x, err := decodeJSON(string(raw))
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if err := sp.checkJSON([]string{typ}, x, typ); err != nil {
			t.Errorf("%s does not match the spec: %v\n%s", typ, err, raw)
		}
	}
	s.SendCommand(alice, "/start x")
	r := call(t, s, "sendMessage", map[string]string{"chat_id": "1001", "text": `<b>b</b> <pre><code class="language-go">x</code></pre>`,
		"parse_mode": "HTML", "reply_markup": keyboard, "protect_content": "true"})
	check("Message", r.Result)
	id := sentID(t, r)
	for method, p := range map[string]map[string]string{
		"sendLocation":    {"chat_id": "1001", "latitude": "43.2", "longitude": "76.9"},
		"sendVenue":       {"chat_id": "1001", "latitude": "43.2", "longitude": "76.9", "title": "T", "address": "A", "google_place_id": "g"},
		"sendContact":     {"chat_id": "1001", "phone_number": "+7700", "first_name": "F", "last_name": "L"},
		"editMessageText": {"chat_id": "1001", "message_id": "2", "text": "edited", "reply_markup": keyboard},
	} {
		r := call(t, s, method, p)
		mustOK(t, r, nil)
		check("Message", r.Result)
	}
	check("User", call(t, s, "getMe", nil).Result)
	check("WebhookInfo", call(t, s, "getWebhookInfo", nil).Result)

	s.SendText(alice, "text")
	s.EditText(alice, 1, "/start y")
	s.SendSticker(alice)
	s.SendPhoto(alice)
	s.SendLocation(alice, 1.5, 2.5)
	s.SendContact(alice, "+7701")
	s.SendGroupText(Group{ID: -5}, User{ID: 7}, "group")
	s.Press(alice, id, "need:food")
	r = call(t, s, "getUpdates", nil)
	x, err := decodeJSON(string(r.Result))
	if err != nil {
		t.Fatal(err)
	}
	ups, _ := x.([]any)
	if len(ups) != 9 {
		t.Fatalf("%d updates, want 9", len(ups))
	}
	for _, u := range ups {
		if err := sp.checkJSON([]string{"Update"}, u, "Update"); err != nil {
			t.Errorf("update does not match the spec: %v\n%v", err, u)
		}
	}
}

func TestSpecCheckCatchesUnknownFields(t *testing.T) {
	sp, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	x, _ := decodeJSON(`{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"bogus":1}`)
	if err := sp.checkJSON([]string{"Message"}, x, ""); err == nil {
		t.Error("unknown field accepted")
	}
	x, _ = decodeJSON(`{"message_id":1,"date":0}`)
	if err := sp.checkJSON([]string{"Message"}, x, ""); err == nil {
		t.Error("missing chat accepted")
	}
}
