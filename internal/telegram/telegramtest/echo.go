package telegramtest

import (
	"context"
	"net/http"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Echo runs the simplest bot go-telegram-bot-api makes possible, for load
// tests to compare the real bot with: it long-polls getUpdates and answers
// every text message with the same text by sendMessage, from workers
// goroutines at once. It has no dialog, no store, no rate limit and no
// retries (a failed call is skipped). A nil client means one that keeps a
// connection open for each worker. endpoint is the library's endpoint
// format (Server.Endpoint, or any Bot API's base URL + "/bot%s/%s").
// Echo returns nil when ctx is done, or the error of getMe or getUpdates.
func Echo(ctx context.Context, token, endpoint string, client *http.Client, workers int) error {
	if client == nil {
		// Enough idle connections for every worker, as the bot has: Go's
		// default keeps two per host and dials anew for the rest.
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = workers + 8
		client = &http.Client{Transport: t}
	}
	bot, err := tgbotapi.NewBotAPIWithClient(token, endpoint, ctxClient{ctx, client})
	if err != nil {
		return ignoreDone(ctx, err)
	}
	jobs := make(chan tgbotapi.MessageConfig, 1000)
	var wg sync.WaitGroup
	for range max(1, workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range jobs {
				_, _ = bot.Send(m)
			}
		}()
	}
	defer wg.Wait()
	defer close(jobs)
	offset := 0
	for ctx.Err() == nil {
		updates, err := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: offset, Limit: 100, Timeout: 10})
		if err != nil {
			return ignoreDone(ctx, err)
		}
		for _, u := range updates {
			offset = u.UpdateID + 1
			if u.Message != nil && u.Message.Text != "" {
				jobs <- tgbotapi.NewMessage(u.Message.Chat.ID, u.Message.Text)
			}
		}
	}
	return nil
}

// ctxClient gives the library's requests, which it builds without one, a
// context, so Echo stops when its context is done.
type ctxClient struct {
	ctx context.Context
	c   *http.Client
}

func (c ctxClient) Do(req *http.Request) (*http.Response, error) {
	return c.c.Do(req.WithContext(c.ctx))
}

// ignoreDone returns nil when ctx is done (a normal stop), else err.
func ignoreDone(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return err
}
