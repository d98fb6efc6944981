// Package telegramtest is a fake Telegram Bot API server for tests of the
// bot. It checks every request against the Bot API description in
// spec/api.json (the Bot API as JSON, embedded; see spec/README.md), scripts
// users who write to the bot, records what the bot does, and injects faults.
//
// # Requests
//
// NewServer starts an httptest server; point the bot at Endpoint() (the
// format go-telegram-bot-api's NewBotAPIWithClient takes) or at
// URL()+"/bot<token>/<method>". Requests may be urlencoded or multipart
// forms, JSON objects or query strings; nested objects (reply_markup,
// allowed_updates, …) are JSON-encoded strings, and "null" for an array or
// object parameter means "not given" (the library sends entities=null).
//
// Each request is checked, in this order; the first failing check decides
// the answer and every violation is also reported with t.Errorf:
//
//   - the path is /bot<token>/<method> with the server's token (else 401);
//   - the method exists in api.json (else 404 "Not Found") and the fake
//     implements it (else 400 "method not implemented by the fake");
//   - no parameter the method lacks, required ones non-empty, each value
//     of one of its types, objects checked field by field (unknown fields,
//     missing required fields, wrong types, the subtype's "type" tag);
//   - the limits in rules.go: text 1–4096 UTF-16 units after entity
//     parsing, well-formed HTML (see parseHTML), callback_data 1–64 bytes,
//     exactly one action per inline button, http(s)/tg URLs on buttons,
//     callback answers ≤ 200, setMyCommands formats, secret_token format,
//     1–100 ids for deleteMessages;
//   - then, after any injected fault, the method's own state checks:
//     chat_id must be a chat that wrote to the bot (else "chat not found",
//     reported), edits and deletions must name messages that exist.
//
// Errors a correct bot must expect are answered like Telegram but not
// reported: a blocked user (403), "message is not modified", a message
// already deleted, "message can't be deleted" (older than 48 hours), 409
// for a getUpdates ended by a newer one.
//
// # Users and updates
//
// SendText, SendCommand, Press and the other script methods add the user's
// message to the chat and queue an update; update ids increase by one from
// 1. Message ids increase by one per chat and are shared by the user's and
// the bot's messages, as in a private chat. Updates wait in one queue: the
// bot takes them with getUpdates (offset confirms) or, after setWebhook,
// the server POSTs them to the webhook one at a time, in order.
//
// # Observing
//
// Load tests: OnChange hands every message the bot sends or edits to a
// hook as the server applies it, and Echo is a bare library bot to compare
// a bot with (hooks.go, echo.go).
//
// Calls, Messages, BotMessages, Callbacks, Unanswered, Commands, Webhook,
// Deliveries and Pending return copies of the recorded state. Tests wait
// with WaitFor, WaitMessages or WaitIdle and a context deadline, never
// with sleeps.
//
// # Not checked
//
// MarkdownV2 and Markdown texts (only their raw length is counted); the
// offsets of an explicit entities parameter; Telegram's flood limits
// (inject them with Fail or FailRate); buttons per row; coordinate ranges;
// the webhook's HTTPS and port rules and max_connections (updates go one
// at a time, or as many as WithWebhookConnections says); method calls in a webhook's response body (not executed);
// inline messages, media uploads and captions; and whether the bot honours
// retry_after (Call.At lets a test check it).
package telegramtest
