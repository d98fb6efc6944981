package telegram

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/komek-kz/komek/internal/dialog"
)

// Callback data is compact and versioned: "1|<step>|<seq>|<value>", at most
// 64 bytes as Telegram requires. The dialog checks step and seq against the
// question it is asking, so a stale or forged button is answered politely.
const callbackVersion = "1"

// maxCallbackData is Telegram's limit on callback_data, in bytes.
const maxCallbackData = 64

// errCallback is wrapped by every decoding error.
var errCallback = errors.New("telegram: bad callback data")

func encodeCallback(step dialog.StepID, seq uint16, value string) (string, error) {
	s := callbackVersion + "|" + strconv.Itoa(int(step)) + "|" + strconv.Itoa(int(seq)) + "|" + value
	if len(s) > maxCallbackData {
		return "", fmt.Errorf("telegram: callback data %q is longer than %d bytes", s, maxCallbackData)
	}
	return s, nil
}

// decodeCallback parses callback data from a button press. Anything that is
// not data this bot wrote is an error.
func decodeCallback(data string) (dialog.Choice, error) {
	if len(data) == 0 || len(data) > maxCallbackData {
		return dialog.Choice{}, fmt.Errorf("%w: length %d", errCallback, len(data))
	}
	parts := strings.SplitN(data, "|", 4)
	if len(parts) != 4 || parts[0] != callbackVersion {
		return dialog.Choice{}, fmt.Errorf("%w: unknown version or shape", errCallback)
	}
	step, err1 := strconv.ParseUint(parts[1], 10, 8)
	seq, err2 := strconv.ParseUint(parts[2], 10, 16)
	if err1 != nil || err2 != nil || parts[3] == "" || !validValue(parts[3]) {
		return dialog.Choice{}, fmt.Errorf("%w: bad field", errCallback)
	}
	return dialog.Choice{Step: dialog.StepID(step), Seq: uint16(seq), Value: parts[3]}, nil
}

// validValue accepts the characters option values are made of.
func validValue(v string) bool {
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("_:+-", r)) {
			return false
		}
	}
	return true
}
