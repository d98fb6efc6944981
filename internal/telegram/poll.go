package telegram

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/komek-kz/komek/internal/store"
)

// offsetCursor is where the polling offset is kept in the database.
const offsetCursor = "telegram.offset"

// allowedUpdates are the only update kinds the bot asks Telegram for.
const allowedUpdates = `["message","edited_message","callback_query"]`

// poll receives updates by long polling until ctx is done. Each batch is
// handled (committed) before the offset moves past it, and the offset is
// kept in the database, so a restart neither repeats nor skips an update;
// an update that arrives twice anyway is dropped by its ID.
func (b *Bot) poll(ctx context.Context) error {
	// A webhook and polling exclude each other: make sure none is set.
	err := b.callRetrying(ctx, "deleteWebhook", tgbotapi.Params{"drop_pending_updates": "false"})
	if err != nil {
		return ctxOr(ctx, err)
	}
	var offset int64
	if err := b.d.DB.View(func(tx *store.Tx) (err error) { offset, err = tx.Cursor(offsetCursor); return err }); err != nil {
		return err
	}
	b.ready.Store(true)
	for ctx.Err() == nil {
		var updates []tgbotapi.Update
		err := b.retryWithin(ctx, b.cfg.PollTimeout+b.cfg.CallTimeout, func(ctx context.Context) error {
			raw, err := b.api.call(ctx, "getUpdates", tgbotapi.Params{
				"offset":          strconv.FormatInt(offset, 10),
				"limit":           "100",
				"timeout":         strconv.Itoa(int(b.cfg.PollTimeout.Seconds())),
				"allowed_updates": allowedUpdates,
			})
			if err == nil {
				err = json.Unmarshal(raw, &updates)
			}
			return err
		})
		if err != nil {
			return ctxOr(ctx, err)
		}
		if len(updates) == 0 {
			continue
		}
		next := b.handleBatch(ctx, updates)
		if ctx.Err() != nil {
			return nil // the batch may be half handled: keep the old offset
		}
		err = b.d.DB.Batch(func(tx *store.Tx) error {
			if err := tx.SetCursor(offsetCursor, next); err != nil {
				return err
			}
			// Updates before the offset never come again: nothing is
			// needed any more to recognise them after an erasure.
			return tx.ForgetFarewells(channel, next)
		})
		if err != nil {
			b.d.Log.Error("telegram: save polling offset", "err", err)
		}
		offset = next
	}
	return nil
}

// handleBatch hands each update to its chat's queue and waits until all are
// committed (not sent: sending goes on behind). It returns the next offset.
func (b *Bot) handleBatch(ctx context.Context, updates []tgbotapi.Update) int64 {
	var wg sync.WaitGroup
	var next int64
	for i := range updates {
		ev := normalize(&updates[i])
		next = max(next, ev.updateID+1)
		wg.Add(1)
		b.disp.Submit(ctx, ev.chatID, func(ctx context.Context) {
			after := b.handle(ctx, ev)
			wg.Done()
			if after != nil {
				after()
			}
		})
	}
	wg.Wait()
	return next
}

// ctxOr returns nil when ctx is done (a normal stop), else err.
func ctxOr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return err
}
