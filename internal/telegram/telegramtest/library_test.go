package telegramtest

import (
	"errors"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// TestWithTheLibrary drives the fake with go-telegram-bot-api v5, the
// library the bot uses, to show that its requests pass the spec checks and
// the fake's answers decode.
func TestWithTheLibrary(t *testing.T) {
	s, rec := newFake(t)
	bot, err := tgbotapi.NewBotAPIWithClient(s.Token(), s.Endpoint(), s.Client())
	if err != nil {
		t.Fatal(err)
	}
	if bot.Self.ID != s.BotID() || bot.Self.UserName != "komek_test_bot" {
		t.Errorf("Self = %+v", bot.Self)
	}
	s.SendCommand(alice, "/start")
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 1})
	if err != nil || len(ups) != 1 || !ups[0].Message.IsCommand() || ups[0].Message.Command() != "start" {
		t.Fatalf("GetUpdates = %+v, %v", ups, err)
	}
	msg := tgbotapi.NewMessage(alice.ID, "<b>Сәлем!</b> Choose:")
	msg.ParseMode = tgbotapi.ModeHTML
	msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData("Food", "need:food"),
		tgbotapi.NewInlineKeyboardButtonURL("Site", "https://example.org")))
	sent, err := bot.Send(msg)
	if err != nil || sent.MessageID != 2 || sent.Text != "Сәлем! Choose:" || sent.ReplyMarkup == nil {
		t.Fatalf("Send = %+v, %v", sent, err)
	}
	s.Press(alice, sent.MessageID, "need:food")
	ups, err = bot.GetUpdates(tgbotapi.UpdateConfig{Offset: ups[0].UpdateID + 1})
	if err != nil || len(ups) != 1 || ups[0].CallbackQuery == nil || ups[0].CallbackQuery.Message.MessageID != sent.MessageID {
		t.Fatalf("GetUpdates = %+v, %v", ups, err)
	}
	for _, c := range []tgbotapi.Chattable{
		tgbotapi.NewCallback(ups[0].CallbackQuery.ID, "OK"),
		tgbotapi.NewEditMessageText(alice.ID, sent.MessageID, "Food: chosen"),
		tgbotapi.NewDeleteMessage(alice.ID, sent.MessageID),
		tgbotapi.NewSetMyCommandsWithScopeAndLanguage(tgbotapi.NewBotCommandScopeAllPrivateChats(), "ru",
			tgbotapi.BotCommand{Command: "start", Description: "Начать"}),
	} {
		if _, err := bot.Request(c); err != nil {
			t.Errorf("Request(%T): %v", c, err)
		}
	}
	// Methods the library lacks go through MakeRequest.
	if _, err := bot.MakeRequest("deleteMessages", tgbotapi.Params{"chat_id": "1001", "message_ids": "[1]"}); err != nil {
		t.Errorf("deleteMessages: %v", err)
	}

	s.Fail("sendMessage", TooManyRequests(3), 1)
	_, err = bot.Send(msg)
	var apiErr *tgbotapi.Error
	if !errors.As(err, &apiErr) || apiErr.Code != 429 || apiErr.RetryAfter != 3 {
		t.Errorf("Send under 429 = %v", err)
	}

	// The library's DisableWebPagePreview sends a parameter Bot API 10.1
	// no longer has; link_preview_options replaces it.
	msg.DisableWebPagePreview = true
	if _, err := bot.Send(msg); err == nil {
		t.Error("disable_web_page_preview accepted")
	}
	wantReport(t, rec, "disable_web_page_preview")
}
