// Command komek is the Komek referral bot: it asks a person a few questions
// about their situation, in Kazakh, Russian or English, and answers with the
// hotlines and organisations that fit.
//
// Usage:
//
//	komek chat       talk to the bot in this terminal (no token needed)
//	komek serve      run the Telegram bot
//	komek help       every command, flag and environment variable
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "komek:", err)
		var u usageError
		var s settingError
		if errors.As(err, &u) || errors.As(err, &s) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}
