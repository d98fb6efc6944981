package telegramtest

import (
	"fmt"
	"strconv"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func TestDeleteMessagesRefusesOlderThan48h(t *testing.T) {
	s, rec := newFake(t, WithNow(t0))
	s.SendText(alice, "hi")                            // message 1
	old := sentID(t, call(t, s, "sendMessage", hello)) // message 2
	s.Advance(DeleteWindow + time.Minute)
	fresh := sentID(t, call(t, s, "sendMessage", hello)) // message 3
	both := fmt.Sprintf("[%d,%d]", old, fresh)
	r := call(t, s, "deleteMessages", map[string]string{"chat_id": "1001", "message_ids": both})
	wantError(t, r, 400, "message can't be deleted")
	wantReport(t, rec) // a correct bot can hit this
	if m := s.BotMessages(1001); m[0].Deleted || m[1].Deleted {
		t.Errorf("failed deleteMessages deleted something: %+v", m)
	}
	wantError(t, call(t, s, "deleteMessage", map[string]string{"chat_id": "1001", "message_id": strconv.Itoa(old)}), 400, "can't be deleted")
	mustOK(t, call(t, s, "deleteMessages", map[string]string{"chat_id": "1001", "message_ids": fmt.Sprintf("[%d,99]", fresh)}), nil)
	m := s.BotMessages(1001)
	if !m[1].Deleted || !m[1].DeletedAt.Equal(t0.Add(DeleteWindow+time.Minute)) {
		t.Errorf("fresh message = %+v", m[1])
	}
	if !m[0].Date.Equal(t0) {
		t.Errorf("date = %v, want the fake clock %v", m[0].Date, t0)
	}
	wantError(t, call(t, s, "deleteMessage", map[string]string{"chat_id": "1001", "message_id": strconv.Itoa(fresh)}), 400, "message to delete not found")
	wantReport(t, rec)
	wantError(t, call(t, s, "deleteMessage", map[string]string{"chat_id": "1001", "message_id": "77"}), 400, "message to delete not found")
	wantReport(t, rec, "never sent")
}

func TestEditsKeepHistory(t *testing.T) {
	s, rec := newFake(t)
	s.SendText(alice, "hi")
	id := strconv.Itoa(sentID(t, call(t, s, "sendMessage", map[string]string{"chat_id": "1001", "text": "Choose", "reply_markup": keyboard})))
	edit := map[string]string{"chat_id": "1001", "message_id": id, "text": "<b>Chosen</b>", "parse_mode": "HTML"}
	mustOK(t, call(t, s, "editMessageText", edit), nil)
	wantError(t, call(t, s, "editMessageText", edit), 400, "message is not modified")
	wantReport(t, rec)
	m := s.BotMessages(1001)[0]
	if m.Plain != "Chosen" || m.Keyboard != nil || len(m.History) != 1 || m.History[0].Text != "Choose" || len(m.History[0].Keyboard) != 1 || m.EditedAt.IsZero() {
		t.Errorf("edited message = %+v", m)
	}
	mustOK(t, call(t, s, "editMessageReplyMarkup", map[string]string{"chat_id": "1001", "message_id": id, "reply_markup": keyboard}), nil)
	if m := s.BotMessages(1001)[0]; len(m.Keyboard) != 1 || len(m.History) != 2 {
		t.Errorf("after editMessageReplyMarkup = %+v", m)
	}
	// Probing: editing a user's message or an ID not sent yet gets
	// Telegram's answer without a report.
	wantError(t, call(t, s, "editMessageText", map[string]string{"chat_id": "1001", "message_id": "1", "text": "x"}), 400, "message can't be edited")
	wantReport(t, rec)
	wantError(t, call(t, s, "editMessageText", map[string]string{"chat_id": "1001", "message_id": "99", "text": "x"}), 400, "message to edit not found")
	wantReport(t, rec)
	wantError(t, call(t, s, "editMessageText", map[string]string{"inline_message_id": "abc", "text": "x"}), 400, "")
	wantReport(t, rec, "inline")
}

func TestPressAndAnswer(t *testing.T) {
	s, rec := newFake(t)
	s.SendText(alice, "hi")
	id := sentID(t, call(t, s, "sendMessage", map[string]string{"chat_id": "1001", "text": "Choose", "reply_markup": keyboard}))
	up := s.Press(alice, id, "need:food")
	us := getUpdates(t, s, nil)
	last := us[len(us)-1]
	if last.UpdateID != up || last.CallbackQuery == nil || last.CallbackQuery.Data != "need:food" {
		t.Fatalf("callback update = %+v", last)
	}
	qid := last.CallbackQuery.ID
	if u := s.Unanswered(); len(u) != 1 || u[0] != qid {
		t.Errorf("Unanswered = %v", u)
	}
	mustOK(t, call(t, s, "answerCallbackQuery", map[string]string{"callback_query_id": qid, "text": "OK"}), nil)
	if u := s.Unanswered(); len(u) != 0 {
		t.Errorf("Unanswered after answer = %v", u)
	}
	if c := s.Callbacks(); len(c) != 1 || !c[0].Answered || c[0].Text != "OK" || c[0].MessageID != id {
		t.Errorf("Callbacks = %+v", c)
	}
	wantError(t, call(t, s, "answerCallbackQuery", map[string]string{"callback_query_id": qid}), 400, "query ID is invalid")
	wantReport(t, rec, "already answered")

	if s.Press(alice, id, "no-such-data") != 0 {
		t.Error("Press on a missing button sent an update")
	}
	wantReport(t, rec, "no such button")
}

func TestUserEditsAndMedia(t *testing.T) {
	s, _ := newFake(t)
	s.SendText(alice, "helo")
	s.EditText(alice, 1, "hello")
	s.SendSticker(alice)
	s.SendPhoto(alice)
	s.SendLocation(alice, 43.25, 76.95)
	s.SendContact(alice, "+77001234567")
	msgs := s.Messages(alice.ID)
	var kinds []string
	for _, m := range msgs {
		kinds = append(kinds, m.Kind)
	}
	if fmt.Sprint(kinds) != "[text sticker photo location contact]" || msgs[0].Text != "hello" || len(msgs[0].History) != 1 {
		t.Errorf("chat = %+v", msgs)
	}
	if s.Pending() != 6 {
		t.Errorf("pending = %d, want 6", s.Pending())
	}
}

func TestWaitMessages(t *testing.T) {
	s, _ := newFake(t)
	s.SendText(alice, "hi")
	go func() {
		for range 3 {
			call(t, s, "sendMessage", hello)
		}
	}()
	msgs, err := s.WaitMessages(ctxTimeout(t), alice.ID, 3)
	if err != nil || len(msgs) != 3 {
		t.Fatalf("WaitMessages = %d, %v", len(msgs), err)
	}
	ctx, cancel := ctxWithin(10 * time.Millisecond)
	defer cancel()
	if _, err := s.WaitMessages(ctx, alice.ID, 4); err == nil {
		t.Error("WaitMessages for a 4th message succeeded")
	}
}
