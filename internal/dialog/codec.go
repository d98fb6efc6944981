package dialog

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/komek-kz/komek/internal/referral"
)

// codecVersion is the first byte of an encoded State. Bump it when the
// layout changes and keep decoding the old ones.
//
// Version 2 adds a byte for Crisis after CitizenshipAsked. A state without
// a crisis is still written as version 1, so the sessions of the release
// before stay readable both ways.
//
// Version 3 adds, after the crisis byte, the steps answered ahead (two
// bytes), the misunderstandings at the current question (one byte), it
// and a number to confirm at the age question (one byte); it is written
// only when one of them is set.
const (
	codecVersion       = 1
	codecVersionCrisis = 2
	codecVersionTyped  = 3
)

// ErrState is wrapped by every error UnmarshalBinary returns.
var ErrState = errors.New("dialog: bad encoded state")

// MarshalBinary encodes the state compactly (a few dozen bytes): a version
// byte, the step numbers, the answer codes as short strings, Seq and
// LastSeen in Unix seconds.
func (s State) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 64)
	version := byte(codecVersion)
	if s.Crisis != NoCrisis {
		version = codecVersionCrisis
	}
	if s.Ahead != 0 || s.Misses != 0 || s.Confirm != 0 {
		version = codecVersionTyped
	}
	b = append(b, version, byte(s.Step), byte(s.Resume), byte(s.Danger), s.Page)
	if s.CitizenshipAsked {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	if version >= codecVersionCrisis {
		b = append(b, byte(s.Crisis))
	}
	if version == codecVersionTyped {
		b = binary.BigEndian.AppendUint16(b, s.Ahead)
		b = append(b, s.Misses, s.Confirm)
	}
	for _, f := range []string{string(s.Lang), string(s.Need), string(s.Who), string(s.Age), string(s.Region), string(s.Citizenship)} {
		b = append(b, byte(len(f)))
		b = append(b, f...)
	}
	b = binary.BigEndian.AppendUint16(b, s.Seq)
	b = binary.BigEndian.AppendUint64(b, uint64(s.LastSeen.Unix()))
	return b, nil
}

// UnmarshalBinary decodes a state written by MarshalBinary and checks that
// every code in it is known, so a damaged record never becomes a state Step
// cannot handle.
func (s *State) UnmarshalBinary(b []byte) error {
	if len(b) < 7 || b[0] < codecVersion || b[0] > codecVersionTyped {
		return fmt.Errorf("%w: unknown version or too short", ErrState)
	}
	var d State
	d.Step, d.Resume, d.Danger, d.Page = StepID(b[1]), StepID(b[2]), Danger(b[3]), b[4]
	d.CitizenshipAsked = b[5] == 1
	switch b[0] {
	case codecVersionCrisis:
		d.Crisis, b = Crisis(b[6]), b[7:]
	case codecVersionTyped:
		if len(b) < 11 {
			return fmt.Errorf("%w: truncated", ErrState)
		}
		d.Crisis, d.Ahead, d.Misses, d.Confirm, b = Crisis(b[6]), binary.BigEndian.Uint16(b[7:9]), b[9], b[10], b[11:]
	default:
		b = b[6:]
	}
	fields := make([]string, 6)
	for i := range fields {
		if len(b) < 1 || len(b) < 1+int(b[0]) {
			return fmt.Errorf("%w: truncated", ErrState)
		}
		fields[i], b = string(b[1:1+int(b[0])]), b[1+int(b[0]):]
	}
	if len(b) != 10 {
		return fmt.Errorf("%w: bad length", ErrState)
	}
	d.Lang, d.Need, d.Who, d.Age = referral.Lang(fields[0]), referral.Need(fields[1]), Who(fields[2]), AgeBand(fields[3])
	d.Region, d.Citizenship = referral.Region(fields[4]), referral.Citizenship(fields[5])
	d.Seq = binary.BigEndian.Uint16(b)
	d.LastSeen = time.Unix(int64(binary.BigEndian.Uint64(b[2:])), 0).UTC()
	if err := d.check(); err != nil {
		return err
	}
	*s = d
	return nil
}

// check reports whether every field of s holds a known value.
func (s State) check() error {
	switch {
	case s.Step >= stepCount || s.Resume >= stepCount:
		return fmt.Errorf("%w: unknown step", ErrState)
	case s.Resume == StepEnded:
		return fmt.Errorf("%w: a return to the end", ErrState)
	case s.Danger > DangerNo:
		return fmt.Errorf("%w: unknown danger answer", ErrState)
	case s.Lang != "" && !s.Lang.Valid():
		return fmt.Errorf("%w: unknown language", ErrState)
	case s.Need != "" && !s.Need.Valid():
		return fmt.Errorf("%w: unknown need", ErrState)
	case s.Who != WhoUnknown && !validWho(s.Who):
		return fmt.Errorf("%w: unknown person", ErrState)
	case s.Age != "" && !validBand(s.Age):
		return fmt.Errorf("%w: unknown age band", ErrState)
	case s.Region != "" && !s.Region.Valid():
		return fmt.Errorf("%w: unknown region", ErrState)
	case !s.Citizenship.Valid():
		return fmt.Errorf("%w: unknown citizenship", ErrState)
	case s.Confirm != 0 && (s.Step != StepAge || int(s.Confirm) > len(childBands)):
		return fmt.Errorf("%w: a number to confirm away from the age question", ErrState)
	case s.Ahead>>stepCount != 0:
		return fmt.Errorf("%w: unknown step answered ahead", ErrState)
	case s.Crisis >= crisisCount:
		return fmt.Errorf("%w: unknown crisis", ErrState)
	case s.Crisis != NoCrisis && s.Step != StepSafety && s.Step != StepLanguage:
		return fmt.Errorf("%w: crisis away from its safety question", ErrState)
	}
	return nil
}

func validWho(w Who) bool {
	for _, k := range whoOptions {
		if w == k {
			return true
		}
	}
	return false
}

func validBand(a AgeBand) bool {
	_, ok := bandRanges[a]
	return ok
}
