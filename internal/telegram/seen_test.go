package telegram

import (
	"slices"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
)

func TestSeenQuestionsRememberWhatReachedTheChat(t *testing.T) {
	s := newSeenQuestions()
	at := time.Now()
	s.delivered(1, 10, at, uint8(dialog.StepDanger), 1)
	s.delivered(1, 0, at, uint8(dialog.StepNeed), 2) // the same message edited into the next question
	s.delivered(1, 11, at, 0, 0)                     // results: no question
	if got := s.get(1); got != (dialog.Seen{Step: dialog.StepNeed, Seq: 2}) {
		t.Errorf("seen %+v, want the need question", got)
	}
	// An urgent reply sent before an older question: the older one does
	// not take the newer one's place.
	s.delivered(1, 12, at, uint8(dialog.StepSafety), 4)
	s.delivered(1, 13, at, uint8(dialog.StepWho), 3)
	if got := s.get(1); got.Seq != 4 {
		t.Errorf("seen %+v, want number 4", got)
	}
	if s.lastSent(1) != 13 || !s.sentTo(1, 11) || s.sentTo(1, 14) || s.sentTo(2, 11) {
		t.Errorf("last sent %d; sent 11 %v", s.lastSent(1), s.sentTo(1, 11))
	}
	if ids := s.forget(1, at.Add(-time.Second)); !slices.Equal(ids, []int64{10, 11, 12, 13}) {
		t.Errorf("forget returned %v", ids)
	}
	if s.get(1) != (dialog.Seen{}) || s.lastSent(1) != 0 {
		t.Error("the chat is still remembered after forget")
	}
}

func TestSeenQuestionsKeepTheLastMessagesOnly(t *testing.T) {
	s := newSeenQuestions()
	at := time.Now()
	for id := int64(1); id <= recentSent+5; id++ {
		s.delivered(7, id, at, 0, 0)
	}
	ids := s.forget(7, time.Time{})
	if len(ids) != recentSent || ids[0] != 6 {
		t.Errorf("%d remembered, first %d", len(ids), ids[0])
	}
}
