// Package terminal is the terminal chat channel: the same conversation as in
// Telegram and WhatsApp, through the same conversation core, over standard
// input and output. Each input line is one message
// from the person; questions are shown with numbered options. It works
// interactively and with piped input, so conversations can be scripted.
package terminal

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/komek-kz/komek/internal/conversation"
	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/render"
	"github.com/komek-kz/komek/internal/store"
)

// Key is the session key of the terminal chat: there is one person at the
// terminal, and their conversation resumes the next time the chat starts on
// the same database.
var Key = store.SessionKey{Channel: "terminal", Chat: "local"}

// Chat is a terminal conversation.
type Chat struct {
	Engine  *engine.Engine
	Catalog *locale.Catalog
	// Echo prints each input line after a "> " prompt, so a transcript of
	// piped input reads as a conversation.
	Echo bool
	// Prompt prints "> " before reading each line (interactive use).
	Prompt bool
}

// commands maps what a person types at the terminal to dialog commands.
var commands = map[string]dialog.Command{
	"/start": dialog.CmdStart, "/restart": dialog.CmdRestart, "/language": dialog.CmdLanguage,
	"/back": dialog.CmdBack, "/help": dialog.CmdHelp, "/exit": dialog.CmdExit, "/quit": dialog.CmdExit,
	"/privacy": dialog.CmdPrivacy, "/forget": dialog.CmdForget,
}

// Parse turns one input line into a dialog input: a known /command, or text.
func Parse(line string) dialog.Input {
	line = strings.TrimSpace(line)
	if c, ok := commands[strings.ToLower(line)]; ok {
		return dialog.Cmd(c)
	}
	return dialog.Text(line)
}

// maxLine bounds one input line; longer lines are cut (they are never
// stored, only matched against options).
const maxLine = 4096

// Run greets the person (resuming a stored conversation) and then handles
// one line at a time until /exit, the end of input, or ctx is done.
func (c *Chat) Run(ctx context.Context, in io.Reader, out io.Writer) error {
	r := render.New(c.Catalog, render.Plain{})
	w := bufio.NewWriter(out)
	defer w.Flush()
	core := &conversation.Core{DB: c.Engine.DB(), Engine: c.Engine}
	say := func(input dialog.Input) (bool, error) {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		// The terminal has nothing to de-duplicate and no outbox: what the
		// core decided is printed at once.
		res, err := core.Handle(conversation.Inbound{Key: Key, Kind: conversation.Step, Input: input}, nil)
		if err != nil {
			return false, err
		}
		reply := res.Reply
		c.print(w, reply, r.Render(reply.Lang, reply.Outputs))
		return reply.Ended, w.Flush()
	}
	if _, err := say(dialog.Cmd(dialog.CmdResume)); err != nil {
		return err
	}
	lines := readLines(ctx, in)
	for {
		if c.Prompt {
			fmt.Fprint(w, "> ")
			w.Flush()
		}
		var line string
		var ok bool
		select {
		case <-ctx.Done():
			return nil
		case line, ok = <-lines:
		}
		if !ok {
			return nil
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		if c.Echo {
			fmt.Fprintf(w, "> %s\n", line)
		}
		ended, err := say(Parse(line))
		if err != nil || ended {
			return err
		}
	}
}

// readLines sends each line of in, cut to maxLine bytes, until the end of
// input or ctx is done.
func readLines(ctx context.Context, in io.Reader) <-chan string {
	ch := make(chan string)
	go func() {
		defer close(ch)
		br := bufio.NewReader(in)
		for {
			line, err := br.ReadString('\n')
			if len(line) > 0 {
				line = strings.TrimRight(line, "\r\n")
				if len(line) > maxLine {
					line = strings.ToValidUTF8(line[:maxLine], "")
				}
				select {
				case ch <- line:
				case <-ctx.Done():
					return
				}
			}
			if err != nil { // io.EOF or a read error: either way, no more input
				return
			}
		}
	}()
	return ch
}

func (c *Chat) print(w io.Writer, reply engine.Reply, msgs []render.Message) {
	for _, m := range msgs {
		fmt.Fprintf(w, "\n%s\n", m.Text)
		if m.Kind != dialog.OutQuestion {
			continue // buttons on other messages are reached by /commands here
		}
		for i, o := range m.Options {
			fmt.Fprintf(w, "  %d. %s\n", i+1, o.Label)
		}
		if m.Step != dialog.StepLanguage {
			fmt.Fprintf(w, "  (%s)\n", c.Catalog.Text(reply.Lang, "terminal.nav", nil))
		}
	}
}
