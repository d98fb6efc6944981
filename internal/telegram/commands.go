package telegram

import (
	"context"
	"encoding/json"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/komek-kz/komek/internal/referral"
)

// menuCommands are the commands shown in Telegram's menu, in order; each
// has a description "cmd.<name>" in the catalogs.
var menuCommands = []string{"start", "language", "restart", "help", "privacy", "forget", "exit"}

// registerCommands sets the command menu for Kazakh, Russian and English
// users, and the default (English) for everyone else. A failure is logged,
// not fatal: the commands work without the menu.
func (b *Bot) registerCommands(ctx context.Context) {
	for _, lang := range []referral.Lang{"", referral.Kazakh, referral.Russian, referral.English} {
		descLang := lang
		if lang == "" {
			descLang = referral.English
		}
		cmds := make([]tgbotapi.BotCommand, len(menuCommands))
		for i, c := range menuCommands {
			cmds[i] = tgbotapi.BotCommand{Command: c, Description: b.d.Catalog.Text(descLang, "cmd."+c, nil)}
		}
		data, _ := json.Marshal(cmds)
		params := tgbotapi.Params{"commands": string(data)}
		if lang != "" {
			params["language_code"] = string(lang)
		}
		err := b.callRetrying(ctx, "setMyCommands", params)
		if err != nil && ctx.Err() == nil {
			b.d.Log.Warn("telegram: set command menu", "language", string(lang), "err", err)
		}
	}
}
