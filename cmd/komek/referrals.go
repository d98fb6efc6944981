package main

import (
	"context"
	"errors"
	"io"
)

// runReferrals is "komek referrals …": managing the referral table. (Being
// written: issue 6.)
func runReferrals(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("referrals: not built yet")
}
