package telegramtest

import (
	"strconv"
	"testing"
	"time"
)

// question is the keyboard of the question at step with number seq.
func question(step, seq int, values ...string) string {
	kb := `{"inline_keyboard":[[`
	for i, v := range values {
		if i > 0 {
			kb += ","
		}
		kb += `{"text":"` + v + `","callback_data":"1|` + strconv.Itoa(step) + "|" + strconv.Itoa(seq) + "|" + v + `"}`
	}
	return kb + "]]}"
}

// A scripted person follows a conversation that lives in one message: a
// press edits the question into the next one, and the person sees it as
// the next question; a question sent as a new message is seen too, and
// an older copy with buttons is never taken for the current one.
func TestAPersonSeesAQuestionEditedIntoTheNextOne(t *testing.T) {
	s, _ := newFake(t)
	p := s.NewPerson(t, alice.ID, alice.LanguageCode)
	p.Timeout = 5 * time.Second
	s.SendCommand(p.User, "/start")
	q1 := sentID(t, call(t, s, "sendMessage", map[string]string{"chat_id": "1001", "text": "Danger?", "reply_markup": question(1, 1, "yes", "no")}))
	if got := p.NextQuestion(); got.ID != q1 || got.Plain != "Danger?" {
		t.Fatalf("first question %+v", got)
	}

	// The press edits the same message into the next question.
	go func() {
		_ = s.WaitFor(ctxTimeout(t), func(s *Server) bool { return len(s.Callbacks()) == 1 })
		call(t, s, "editMessageText", map[string]string{"chat_id": "1001", "message_id": strconv.Itoa(q1),
			"text": "✓ No\n\nWho for?", "reply_markup": question(2, 2, "self", "other")})
	}()
	got := p.Press("no")
	if got.ID != q1 || got.Plain != "✓ No\n\nWho for?" {
		t.Fatalf("after the press: %+v, want message %d edited into the next question", got, q1)
	}

	// A typed answer gets the next question as a new message; a newer
	// message that only repeats the older question's buttons is not it.
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.WaitFor(ctxTimeout(t), func(s *Server) bool { return len(s.Messages(alice.ID)) == 3 })
		call(t, s, "editMessageReplyMarkup", map[string]string{"chat_id": "1001", "message_id": strconv.Itoa(q1), "reply_markup": ""})
		call(t, s, "sendMessage", map[string]string{"chat_id": "1001", "text": "Age?", "reply_markup": question(3, 3, "child", "adult")})
		call(t, s, "sendMessage", map[string]string{"chat_id": "1001", "text": "an old copy", "reply_markup": question(2, 2, "self", "other")})
	}()
	got = p.Say("me")
	<-done
	if got.Plain != "Age?" {
		t.Errorf("after typing: %q, want the age question", got.Plain)
	}
	if cur, ok := s.CurrentQuestion(alice.ID); !ok || cur.Plain != "Age?" {
		t.Errorf("current question %q, want the one with the highest number", cur.Plain)
	}
	if step, seq, ok := QuestionSeq(got); !ok || step != 3 || seq != 3 {
		t.Errorf("QuestionSeq = %d, %d, %v", step, seq, ok)
	}
}

// Between versions of the newest question (answered, the next one not yet
// there) an older question that still shows its buttons is not taken for
// a new one.
func TestAPersonDoesNotGoBackToAnOlderQuestion(t *testing.T) {
	s, _ := newFake(t)
	p := s.NewPerson(t, alice.ID, alice.LanguageCode)
	p.Timeout = 5 * time.Second
	s.SendCommand(p.User, "/start")
	call(t, s, "sendMessage", map[string]string{"chat_id": "1001", "text": "Danger?", "reply_markup": question(1, 1, "yes", "no")})
	p.NextQuestion()
	s.SendText(p.User, "no")
	who := sentID(t, call(t, s, "sendMessage", map[string]string{"chat_id": "1001", "text": "Who for?", "reply_markup": question(2, 2, "self", "other")}))
	p.NextQuestion()

	go func() {
		_ = s.WaitFor(ctxTimeout(t), func(s *Server) bool { return len(s.Callbacks()) == 1 })
		call(t, s, "editMessageText", map[string]string{"chat_id": "1001", "message_id": strconv.Itoa(who), "text": "Who for? ✓ self"})
		time.Sleep(50 * time.Millisecond) // the bot between two calls
		call(t, s, "sendMessage", map[string]string{"chat_id": "1001", "text": "Age?", "reply_markup": question(3, 3, "child", "adult")})
	}()
	if got := p.Press("self"); got.Plain != "Age?" {
		t.Errorf("after the press: %q, want the age question", got.Plain)
	}
}
