package telegramtest

import (
	"encoding/json"
	"strconv"
)

// This file builds the JSON objects the fake sends: Message results and
// the users and chats inside updates. Field names follow api.json; the
// package tests check the output against the spec's types.

// botJSON is the bot as the "from" of its messages.
func (s *Server) botJSON() map[string]any {
	return map[string]any{"id": s.botID, "is_bot": true, "first_name": "Komek", "username": s.botName}
}

// getMe returns the bot's User object.
func (s *Server) getMe(*request) (any, *apiError) {
	u := s.botJSON()
	u["can_join_groups"] = true
	u["can_read_all_group_messages"] = false
	u["supports_inline_queries"] = false
	return u, nil
}

func userJSON(u User) map[string]any {
	m := map[string]any{"id": u.ID, "is_bot": false, "first_name": u.FirstName}
	if u.LanguageCode != "" {
		m["language_code"] = u.LanguageCode
	}
	return m
}

func chatJSON(c *chat) map[string]any {
	if c.kind == "private" {
		return map[string]any{"id": c.id, "type": "private", "first_name": c.user.FirstName}
	}
	return map[string]any{"id": c.id, "type": c.kind, "title": c.title}
}

// wireLocked returns m as a Message object, as Telegram returns it from
// send and edit methods and includes it in updates.
func (s *Server) wireLocked(c *chat, m *Message) map[string]any {
	w := map[string]any{"message_id": m.ID, "date": m.Date.Unix(), "chat": chatJSON(c)}
	if m.FromBot {
		w["from"] = s.botJSON()
	} else {
		w["from"] = userJSON(m.sender)
	}
	if m.Kind == "text" {
		w["text"] = m.Plain
		if ents := c.entities[m.ID]; len(ents) > 0 {
			w["entities"] = ents
		}
	}
	for k, v := range m.media {
		w[k] = v
	}
	if mk := inlineMarkup(m.ReplyMarkup); mk != nil {
		w["reply_markup"] = mk
	}
	if !m.EditedAt.IsZero() {
		w["edit_date"] = m.EditedAt.Unix()
	}
	if m.ProtectContent {
		w["has_protected_content"] = true
	}
	return w
}

// locationJSON builds a Location from latitude and longitude parameters.
func locationJSON(lat, lon string) map[string]any {
	return map[string]any{"latitude": jsonFloat(lat), "longitude": jsonFloat(lon)}
}

func jsonFloat(v string) json.Number {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return "0"
	}
	return json.Number(strconv.FormatFloat(f, 'f', -1, 64))
}

// botMedia returns the kind-specific fields of a bot's non-text message.
func botMedia(method string, p map[string]string) (kind string, media map[string]any) {
	switch method {
	case "sendContact":
		c := map[string]any{"phone_number": p["phone_number"], "first_name": p["first_name"]}
		for _, k := range []string{"last_name", "vcard"} {
			if p[k] != "" {
				c[k] = p[k]
			}
		}
		return "contact", map[string]any{"contact": c}
	case "sendLocation":
		return "location", map[string]any{"location": locationJSON(p["latitude"], p["longitude"])}
	case "sendVenue":
		loc := locationJSON(p["latitude"], p["longitude"])
		v := map[string]any{"location": loc, "title": p["title"], "address": p["address"]}
		for _, k := range []string{"foursquare_id", "foursquare_type", "google_place_id", "google_place_type"} {
			if p[k] != "" {
				v[k] = p[k]
			}
		}
		return "venue", map[string]any{"venue": v, "location": loc}
	}
	return "text", nil
}
