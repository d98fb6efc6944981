package telegram

import (
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/komek-kz/komek/internal/dialog"
)

// A shared location becomes a location input for the dialog; a venue (a
// place picked from a list) stays unsupported.
func TestASharedLocationIsADialogInput(t *testing.T) {
	m := &tgbotapi.Message{MessageID: 5, Chat: &tgbotapi.Chat{ID: 7, Type: "private"}, From: &tgbotapi.User{LanguageCode: "ru"},
		Location: &tgbotapi.Location{Latitude: 43.24, Longitude: 76.89}}
	ev := normalize(&tgbotapi.Update{UpdateID: 1, Message: m})
	if ev.kind != evLocation {
		t.Fatalf("kind %v, want location", ev.kind)
	}
	in := ev.input()
	if in.Kind != dialog.InputLocation || in.Lat != 43.24 || in.Lon != 76.89 || in.LangHint != "ru" {
		t.Errorf("input %+v", in)
	}
	m.Venue = &tgbotapi.Venue{Title: "a cafe"}
	if ev := normalize(&tgbotapi.Update{UpdateID: 2, Message: m}); ev.kind != evUnsupported {
		t.Errorf("a venue: kind %v", ev.kind)
	}
}
