package whatsapptest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
)

// Inbound messages, as the person's phone sends them.

// Text is a typed message's content.
func Text(body string) map[string]any {
	return map[string]any{"type": "text", "text": map[string]string{"body": body}}
}

// Press is a tap on a reply button or list row c of message m.
func Press(m Message, c Choice) map[string]any {
	if m.Type == "list" {
		return map[string]any{"type": "interactive", "interactive": map[string]any{
			"type": "list_reply", "list_reply": map[string]string{"id": c.ID, "title": c.Title, "description": c.Desc}}}
	}
	return map[string]any{"type": "interactive", "interactive": map[string]any{
		"type": "button_reply", "button_reply": map[string]string{"id": c.ID, "title": c.Title}}}
}

// Location is a shared location.
func Location(lat, lon float64) map[string]any {
	return map[string]any{"type": "location", "location": map[string]float64{"latitude": lat, "longitude": lon}}
}

// Sticker is a message the bot cannot read.
func Sticker() map[string]any {
	return map[string]any{"type": "sticker", "sticker": map[string]string{"id": "1", "mime_type": "image/webp"}}
}

// Deliver sends content from phone to the webhook as Meta does (signed),
// and returns the webhook's HTTP status and the message's ID.
func (s *Server) Deliver(phone string, content map[string]any) (int, string) {
	s.mu.Lock()
	s.nextID++
	id := "wamid." + base64.StdEncoding.EncodeToString([]byte(phone+"_"+strconv.Itoa(s.nextID)))
	now := s.Now()
	s.last[phone], s.ids[id] = now, true
	s.mu.Unlock()
	msg := map[string]any{"from": phone, "id": id, "timestamp": strconv.FormatInt(now.Unix(), 10)}
	for k, v := range content {
		msg[k] = v
	}
	body, _ := json.Marshal(s.notification(phone, []any{msg}, nil))
	s.mu.Lock()
	s.byID[id] = body
	s.mu.Unlock()
	return s.Post(body, s.Sign(body)), id
}

// Status delivers a status update of one of the bot's messages.
func (s *Server) Status(phone, state string, code int) int {
	st := map[string]any{"id": "wamid.out", "status": state, "timestamp": strconv.FormatInt(s.Now().Unix(), 10), "recipient_id": phone}
	if code != 0 {
		st["errors"] = []any{map[string]any{"code": code, "title": "failed"}}
	}
	body, _ := json.Marshal(s.notification(phone, nil, []any{st}))
	return s.Post(body, s.Sign(body))
}

func (s *Server) notification(phone string, msgs, statuses []any) map[string]any {
	v := map[string]any{"messaging_product": "whatsapp",
		"metadata": map[string]string{"display_phone_number": "15550001111", "phone_number_id": s.PhoneID}}
	if msgs != nil {
		v["contacts"] = []any{map[string]any{"profile": map[string]string{"name": "Test"}, "wa_id": phone}}
		v["messages"] = msgs
	}
	if statuses != nil {
		v["statuses"] = statuses
	}
	return map[string]any{"object": "whatsapp_business_account", "entry": []any{map[string]any{
		"id": "0", "changes": []any{map[string]any{"field": "messages", "value": v}}}}}
}

// Sign returns the X-Hub-Signature-256 header for body.
func (s *Server) Sign(body []byte) string {
	m := hmac.New(sha256.New, []byte(s.Secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Post delivers a raw body with a signature header ("" for none) and
// returns the webhook's status, 0 when the bot could not be reached.
// Signed bodies are kept for Redeliver.
func (s *Server) Post(body []byte, signature string) int {
	s.mu.Lock()
	url := s.webhook
	if signature != "" {
		s.bodies = append(s.bodies, body)
	}
	s.mu.Unlock()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if signature != "" {
		req.Header.Set("X-Hub-Signature-256", signature)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0 // the bot is down: Meta would deliver it again later
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// Redeliver delivers the last signed webhook body again, as Meta does when
// it did not get a 200 in time.
func (s *Server) Redeliver() int {
	s.mu.Lock()
	if len(s.bodies) == 0 {
		s.mu.Unlock()
		return 0
	}
	body := s.bodies[len(s.bodies)-1]
	s.mu.Unlock()
	return s.Post(body, s.Sign(body))
}
