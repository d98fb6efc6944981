package whatsapp

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/komek-kz/komek/internal/conversation"
	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/render"
	"github.com/komek-kz/komek/internal/store"
)

// channel is the session channel name of WhatsApp conversations.
const channel = "whatsapp"

// Deps are what the channel works with besides its Config.
type Deps struct {
	DB      *store.DB
	Engine  *engine.Engine
	Catalog *locale.Catalog
	// HashKey keys the hashes of phone numbers and message IDs: the same
	// key as Telegram's chat IDs.
	HashKey []byte
	Log     *slog.Logger
	// HTTPClient calls the Cloud API (nil: a default client).
	HTTPClient *http.Client
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Locate, when set, turns a shared location into text the dialog
	// understands (the name of the region it is in).
	Locate func(lat, lon float64) (string, bool)
}

// Bot is the WhatsApp channel. Build it with New; mount Handler on a
// listener (or set Config.Listen) and call Run.
type Bot struct {
	cfg    Config
	d      Deps
	api    *client
	core   *conversation.Core
	render *render.Renderer
	queues *conversation.Queues[string]
	limit  *rate.Limiter
	// runCtx holds Run's context once it runs: webhooks arriving before
	// are answered 503, and Meta delivers them again.
	runCtx atomic.Pointer[context.Context]
	// marks are the "mark as read" calls in flight.
	marks sync.WaitGroup
}

// New checks cfg and returns a Bot; it does not contact Meta.
func New(cfg Config, d Deps) (*Bot, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if len(d.HashKey) == 0 {
		return nil, errors.New("whatsapp: no key for hashing phone numbers")
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.HTTPClient == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = cfg.Workers + 4
		d.HTTPClient = &http.Client{Transport: t}
	}
	return &Bot{
		cfg:    cfg,
		d:      d,
		api:    &client{url: cfg.APIURL, token: cfg.AccessToken, http: d.HTTPClient},
		core:   &conversation.Core{DB: d.DB, Engine: d.Engine, Log: d.Log},
		render: render.New(d.Catalog, markup{}),
		queues: conversation.NewQueues[string](cfg.Workers),
		limit:  rate.NewLimiter(rate.Limit(cfg.Rate), max(1, int(cfg.Rate))),
	}, nil
}

// markup is WhatsApp's: *bold*, nothing to escape.
type markup struct{}

func (markup) Escape(s string) string { return s }
func (markup) Bold(s string) string   { return "*" + s + "*" }

// Run delivers the replies left over from before a restart, then serves
// until ctx is done; with Config.Listen, on a listener of its own.
func (b *Bot) Run(ctx context.Context) error {
	b.d.Log.Info("whatsapp: starting", "config", b.cfg.String())
	b.runCtx.Store(&ctx)
	defer b.marks.Wait()
	defer b.queues.Wait()
	b.flushPending(ctx)
	if b.cfg.Listen == "" {
		<-ctx.Done()
		return nil
	}
	ln, err := net.Listen("tcp", b.cfg.Listen)
	if err != nil {
		return fmt.Errorf("KOMEK_LISTEN %s: %w", b.cfg.Listen, err)
	}
	mux := http.NewServeMux()
	mux.Handle(b.cfg.Path, b.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	b.d.Log.Info("whatsapp: listening", "addr", ln.Addr().String())
	select {
	case err = <-errc:
		return fmt.Errorf("whatsapp: listener: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shut)
}

// Path is where Handler expects to be mounted.
func (b *Bot) Path() string { return b.cfg.Path }

// hash is the keyed hash (HMAC-SHA-256, 16 bytes, hex) under the chat
// hash key: the same as Telegram's chat IDs.
func (b *Bot) hash(s string) string {
	m := hmac.New(sha256.New, b.d.HashKey)
	m.Write([]byte(s))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

func (b *Bot) key(phone string) store.SessionKey {
	return store.SessionKey{Channel: channel, Chat: b.hash(phone)}
}

// commands maps what a person may type to dialog commands.
var commands = map[string]dialog.Command{
	"/start": dialog.CmdStart, "/restart": dialog.CmdRestart, "/language": dialog.CmdLanguage,
	"/back": dialog.CmdBack, "/help": dialog.CmdHelp, "/exit": dialog.CmdExit,
	"/privacy": dialog.CmdPrivacy, "/forget": dialog.CmdForget,
}

// inbound is the event as the conversation core takes it.
func (b *Bot) inbound(ev event) conversation.Inbound {
	id, _ := hex.DecodeString(b.hash("msg:" + ev.id))
	in := conversation.Inbound{Key: b.key(ev.from), ID: id, At: ev.at}
	if in.At.IsZero() {
		in.At = b.d.Now().UTC()
	}
	switch ev.kind {
	case kText:
		if c, ok := commands[strings.ToLower(strings.TrimSpace(ev.text))]; ok {
			in.Input = dialog.Cmd(c)
		} else {
			in.Input = dialog.Text(ev.text)
		}
	case kChoice:
		c, err := decodeChoice(ev.data)
		if err != nil {
			in.Input = dialog.Press(dialog.StepEnded, 0, "") // forged: "out of date", and the question again
		} else {
			in.Input = dialog.Input{Kind: dialog.InputChoice, Choice: c}
		}
	case kGroup:
		in.Input = dialog.Cmd(dialog.CmdAgain)
	case kLocation:
		if b.d.Locate == nil {
			in.Kind = conversation.Note
			break
		}
		text, ok := b.d.Locate(ev.lat, ev.lon)
		if !ok {
			in.Kind = conversation.Note
			break
		}
		in.Input = dialog.Text(text)
	default:
		in.Kind = conversation.Note
	}
	return in
}

// handle applies one message through the conversation core, marks it as
// read, and confirms an erasure directly, before the webhook is answered.
// The caller flushes the outbox. What it returns, when not nil, is to be
// done once the message counts as handled: the answer to a repeated
// "forget me", which so holds up nobody.
func (b *Bot) handle(ctx context.Context, ev event) (after func()) {
	start := time.Now()
	in := b.inbound(ev)
	group := -1
	if ev.kind == kGroup {
		if _, g, ok := decodeGroup(ev.data); ok {
			group = g
		}
	}
	res, err := b.core.Handle(in, func(tx *store.Tx, r engine.Reply, _ []store.Message) ([]conversation.Item, error) {
		data, err := encode(b.plan(tx, in, ev, r, group))
		return conversation.Replies(data), err
	})
	switch {
	case err != nil:
		b.d.Log.Error("whatsapp: handle message", "chat", in.Key.Chat[:12], "err", err)
		b.sayDirect(ctx, ev.from, b.trilingual("tg.error"))
	case res.Outcome == "forget-repeat":
		after = func() { b.sayForgotten(ctx, ev.from, res.Reply) }
	case res.Forgot:
		if b.sayForgotten(ctx, ev.from, res.Reply) {
			if err := b.core.Confirm(in); err != nil {
				b.d.Log.Error("whatsapp: record the confirmation of an erasure", "err", err)
			}
		}
	}
	if res.Outcome != "duplicate" {
		id := ev.id
		b.marks.Go(func() { b.markRead(ctx, id) })
	}
	b.d.Log.Info("message", "channel", channel, "chat", in.Key.Chat[:12], "kind", ev.kind.String(),
		"from", res.Reply.From.String(), "to", res.Reply.To.String(),
		"ms", time.Since(start).Milliseconds(), "outcome", res.Outcome)
	return after
}

// plan renders what to send for one handled message (inside the
// transaction).
func (b *Bot) plan(tx *store.Tx, in conversation.Inbound, ev event, r engine.Reply, group int) []outItem {
	until := in.At.Add(b.cfg.Window).Unix()
	if in.Kind == conversation.Note {
		st, _, _ := tx.Session(in.Key) // a damaged session only costs the language
		return textItems(b.text(st.Lang, "tg.unsupported"), ev.from, until)
	}
	if r.Ending == dialog.EndExit {
		// Nothing can be deleted on the phone: say how to do it.
		return textItems(b.text(r.Lang, "wa.delete"), ev.from, until)
	}
	t := texts{list: b.text(r.Lang, "wa.list"), pick: b.text(r.Lang, "wa.pick"), typeHint: b.text(r.Lang, "wa.type")}
	var items []outItem
	// Telegram's privacy note promises that /exit deletes the messages in
	// the chat; on WhatsApp that cannot be done, so its own note says what
	// is kept without that promise (wa.privacy then says what differs).
	outs := slices.Clone(r.Outputs)
	for i := range outs {
		if outs[i].Msg == "privacy" {
			outs[i].Msg = "wa.privacy.keep"
		}
	}
	// Render gives one message per output, in order.
	for i, m := range b.render.Render(r.Lang, outs) {
		if m.Kind == dialog.OutNoted {
			// A button tapped twice: the answer is taken already, and
			// WhatsApp has no quiet note to say so; the message is marked
			// read, which is enough.
			continue
		}
		g := -1
		if m.Kind == dialog.OutQuestion {
			g = group
		}
		items = append(items, layout(m, ev.from, until, t, g)...)
		if i < len(r.Outputs) && r.Outputs[i].Msg == "privacy" {
			// What differs from Telegram, after the privacy note.
			items = append(items, textItems(b.text(r.Lang, "wa.privacy"), ev.from, until)...)
		}
	}
	return items
}

func (b *Bot) text(lang referral.Lang, id string) string {
	if !lang.Valid() {
		return b.trilingual(id)
	}
	return b.d.Catalog.Text(lang, id, nil)
}

func (b *Bot) trilingual(id string) string {
	var parts []string
	for _, l := range referral.Langs {
		parts = append(parts, b.d.Catalog.Text(l, id, nil))
	}
	return strings.Join(parts, "\n\n")
}

func encode(items []outItem) ([][]byte, error) {
	out := make([][]byte, len(items))
	for i, it := range items {
		var err error
		if out[i], err = json.Marshal(it); err != nil {
			return nil, err
		}
	}
	return out, nil
}
