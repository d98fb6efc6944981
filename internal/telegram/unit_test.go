package telegram

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/referral"
)

func TestCallbackDataRoundTripsForEveryOptionTheDialogOffers(t *testing.T) {
	values := []string{dialog.NavBack, dialog.NavRestart, dialog.NavLanguage, dialog.NavExit,
		"yes", "no", "continue", "exit", "more", "restart", "kz", "foreign", "stateless", "skip",
		"self", "child", "adult", "other_child", "0-2", "3-6", "7-13", "14-17", "0-13", "18+"}
	for _, n := range referral.Needs {
		values = append(values, string(n))
	}
	for _, r := range referral.Regions {
		values = append(values, string(r))
	}
	for _, l := range referral.Langs {
		values = append(values, string(l))
	}
	for _, v := range values {
		data, err := encodeCallback(dialog.StepCitizenship, 65535, v)
		if err != nil {
			t.Fatalf("%q: %v", v, err)
		}
		c, err := decodeCallback(data)
		if err != nil || c.Value != v || c.Seq != 65535 || c.Step != dialog.StepCitizenship {
			t.Errorf("%q → %q → %+v, %v", v, data, c, err)
		}
	}
}

func TestForgedCallbackDataIsRejected(t *testing.T) {
	for _, data := range []string{"", "2|1|1|x", "1|1|1|", "1|x|1|a", "1|1|99999|a", "1|300|1|a",
		"1|1|1|<script>", strings.Repeat("a", 65), "1|1|1|a|b|c", "hello"} {
		if c, err := decodeCallback(data); err == nil {
			t.Errorf("%q decoded as %+v", data, c)
		}
	}
}

func FuzzDecodeCallback(f *testing.F) {
	f.Add("1|4|17|migrant")
	f.Add("1|9|2|nav:back")
	f.Add("")
	f.Fuzz(func(t *testing.T, data string) {
		c, err := decodeCallback(data)
		if err != nil {
			return
		}
		again, err := encodeCallback(c.Step, c.Seq, c.Value)
		if err != nil || len(again) > maxCallbackData {
			t.Fatalf("decoded %q to %+v, which does not encode: %v", data, c, err)
		}
		if back, err := decodeCallback(again); err != nil || back != c {
			t.Fatalf("%q: round trip %+v → %q → %+v", data, c, again, back)
		}
	})
}

func TestSplitTextAtLineBoundaries(t *testing.T) {
	line := strings.Repeat("я", 99) + "\n" // 100 units
	text := strings.Repeat(line, 100)      // 10,000 units
	parts := splitText(text, maxText)
	if len(parts) != 3 {
		t.Fatalf("%d parts", len(parts))
	}
	var joined []string
	for _, p := range parts {
		if units(p) > maxText {
			t.Errorf("part of %d units", units(p))
		}
		if strings.HasPrefix(p, "\n") || strings.Contains(p, "я\nя") && !strings.HasSuffix(strings.TrimSuffix(p, "\n"), "я") {
			t.Errorf("part not cut at a line end")
		}
		joined = append(joined, p)
	}
	if strings.Join(joined, "\n")+"\n" != text {
		t.Error("parts do not add up to the text")
	}
	// One line longer than the limit is cut inside, at a rune boundary.
	long := strings.Repeat("🙂", 3000) // 6000 units
	for _, p := range splitText(long, maxText) {
		if units(p) > maxText || !utf8.ValidString(p) {
			t.Errorf("bad part of a long line: %d units", units(p))
		}
	}
	if got := splitText("short", maxText); len(got) != 1 || got[0] != "short" {
		t.Errorf("short text: %q", got)
	}
}

func FuzzSplitText(f *testing.F) {
	f.Add("a\nb\nc", 2)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		if limit < 2 || limit > 5000 || !utf8.ValidString(s) {
			return
		}
		for _, p := range splitText(s, limit) {
			if units(p) > limit {
				t.Fatalf("part of %d units over limit %d", units(p), limit)
			}
		}
	})
}

func update(t *testing.T, js string) *tgbotapi.Update {
	t.Helper()
	var u tgbotapi.Update
	if err := json.Unmarshal([]byte(js), &u); err != nil {
		t.Fatal(err)
	}
	return &u
}

func TestNormalize(t *testing.T) {
	private := `"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"A","language_code":"ru"}`
	tests := []struct {
		name string
		js   string
		want event
	}{
		{"text", `{"update_id":1,"message":{"message_id":5,"date":1,` + private + `,"text":"Алматы"}}`,
			event{updateID: 1, chatID: 42, kind: evText, text: "Алматы", lang: "ru"}},
		{"start with a deep link", `{"update_id":2,"message":{"message_id":5,"date":1,` + private + `,"text":"/start flyer_2026","entities":[{"type":"bot_command","offset":0,"length":6}]}}`,
			event{updateID: 2, chatID: 42, kind: evCommand, command: dialog.CmdStart, payload: "flyer_2026", lang: "ru"}},
		{"start with a bad payload", `{"update_id":3,"message":{"message_id":5,"date":1,` + private + `,"text":"/start a b","entities":[{"type":"bot_command","offset":0,"length":6}]}}`,
			event{updateID: 3, chatID: 42, kind: evCommand, command: dialog.CmdStart, lang: "ru"}},
		{"unknown command is text", `{"update_id":4,"message":{"message_id":5,"date":1,` + private + `,"text":"/foo","entities":[{"type":"bot_command","offset":0,"length":4}]}}`,
			event{updateID: 4, chatID: 42, kind: evText, text: "/foo", lang: "ru"}},
		{"sticker", `{"update_id":5,"message":{"message_id":5,"date":1,` + private + `,"sticker":{"file_id":"x","file_unique_id":"y","width":1,"height":1,"is_animated":false}}}`,
			event{updateID: 5, chatID: 42, kind: evUnsupported, lang: "ru"}},
		{"edited", `{"update_id":6,"edited_message":{"message_id":5,"date":1,` + private + `,"text":"x"}}`,
			event{updateID: 6, chatID: 42, kind: evUnsupported}},
		{"group", `{"update_id":7,"message":{"message_id":5,"date":1,"chat":{"id":-100,"type":"group"},"text":"hi"}}`,
			event{updateID: 7, chatID: -100, kind: evGroup}},
		{"nothing we asked for", `{"update_id":8}`, event{updateID: 8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := normalize(update(t, tt.js))
			if got.msgID != 0 && (got.msgID != 5 || !got.date.Equal(time.Unix(1, 0))) {
				t.Errorf("message id and date: %d %v", got.msgID, got.date)
			}
			got.msgID, got.date = 0, time.Time{}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestNormalizeButtonPress(t *testing.T) {
	js := `{"update_id":9,"callback_query":{"id":"cb1","from":{"id":42,"is_bot":false,"first_name":"A","language_code":"kk"},
	  "data":"1|2|3|no","message":{"message_id":77,"date":1,"chat":{"id":42,"type":"private"},"text":"Are you in danger?",
	  "reply_markup":{"inline_keyboard":[[{"text":"Yes","callback_data":"1|2|3|yes"},{"text":"No","callback_data":"1|2|3|no"}]]}}}}`
	ev := normalize(update(t, js))
	want := event{updateID: 9, chatID: 42, kind: evCallback, lang: "kk", callbackID: "cb1",
		choice: dialog.Choice{Step: 2, Seq: 3, Value: "no"}, choiceOK: true, messageID: 77, question: "Are you in danger?", pressed: "No"}
	if ev != want {
		t.Errorf("got  %+v\nwant %+v", ev, want)
	}
	if in := ev.input(); in.Kind != dialog.InputChoice || in.LangHint != referral.Kazakh {
		t.Errorf("input %+v", in)
	}
	forged := normalize(update(t, strings.Replace(js, `"data":"1|2|3|no"`, `"data":"evil"`, 1)))
	if forged.choiceOK || forged.input().Choice.Step != dialog.StepEnded {
		t.Errorf("forged data not recognised: %+v", forged)
	}
}

func FuzzWebhookBody(f *testing.F) {
	f.Add([]byte(`{"update_id":1,"message":{"message_id":5,"date":1,"chat":{"id":42,"type":"private"},"text":"hi"}}`))
	f.Add([]byte(`{"update_id":2,"callback_query":{"id":"x","data":"1|1|1|kk"}}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var u tgbotapi.Update
		if json.Unmarshal(body, &u) != nil {
			return
		}
		ev := normalize(&u)
		_ = ev.input() // never panics, always an input the dialog accepts
		if ev.kind > evGroup {
			t.Fatalf("unknown kind %d", ev.kind)
		}
	})
}

func TestConfigValidateNamesTheVariable(t *testing.T) {
	good := Config{Token: "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ012345678"}.WithDefaults()
	if err := good.Validate(); err != nil {
		t.Fatalf("good config: %v", err)
	}
	tests := map[string]func(*Config){
		"TELEGRAM_TOKEN":       func(c *Config) { c.Token = "" },
		"TELEGRAM_TOKEN does":  func(c *Config) { c.Token = "not a token" },
		"TELEGRAM_API_URL":     func(c *Config) { c.APIURL = "ftp://x" },
		"KOMEK_LISTEN":         func(c *Config) { c.Listen = "8080" },
		"KOMEK_WEBHOOK_URL":    func(c *Config) { c.WebhookURL = "http://bot.example.org/hook"; c.WebhookSecret = "s" },
		"KOMEK_WEBHOOK_SECRET": func(c *Config) { c.WebhookURL = "https://bot.example.org/hook" },
		"KOMEK_WEBHOOK_SECRET must": func(c *Config) {
			c.WebhookURL = "https://bot.example.org/hook"
			c.WebhookSecret = "has spaces"
		},
	}
	for want, mutate := range tests {
		c := good
		mutate(&c)
		err := c.Validate()
		if err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: err = %v", want, err)
		}
	}
	if s := good.String(); strings.Contains(s, good.Token) {
		t.Errorf("config description shows the token: %s", s)
	}
}

func TestRedactingHandlerHidesTheTokenEverywhere(t *testing.T) {
	token := "123456:SECRET_token-value_abcdefghijkl"
	var buf bytes.Buffer
	log := slog.New(RedactingHandler(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}), token))
	urlErr := &url.Error{Op: "Post", URL: "https://api.telegram.org/bot" + token + "/getMe", Err: errors.New("refused")}
	log.Debug("calling "+token, "url", "https://x/bot"+url.PathEscape(token)+"/m", "err", urlErr,
		slog.Group("g", "inner", token), "wrapped", errors.Join(errors.New("x"), urlErr))
	log.With("token", token).WithGroup("grp").Error("boom", "err", urlErr)
	if strings.Contains(buf.String(), "SECRET") {
		t.Errorf("token in log:\n%s", buf.String())
	}
	if !strings.Contains(buf.String(), "<redacted>") {
		t.Errorf("nothing redacted:\n%s", buf.String())
	}
}

func TestClientErrorsNeverContainTheToken(t *testing.T) {
	token := "123456:SECRET_token-value_abcdefghijkl"
	c := newClient(token, "http://127.0.0.1:1", nil)
	err := c.classify("getMe", &url.Error{Op: "Post", URL: "http://127.0.0.1:1/bot" + token + "/getMe", Err: errors.New("connection refused")})
	if strings.Contains(err.Error(), "SECRET") || !temporary(err) {
		t.Errorf("err = %v, temporary %v", err, temporary(err))
	}
}
