// Package telegram is the Telegram channel: it receives updates (by long
// polling or a webhook), turns each into a dialog input, and sends the
// replies. It is the only package that imports go-telegram-bot-api.
//
// One update, from arrival to reply:
//
//  1. The poller (getUpdates with an offset kept in the database) or the
//     webhook handler (secret header checked) decodes the update and
//     normalises it once, at the edge, into an event: chat, kind, command,
//     button, text, language.
//  2. Events of one chat run one at a time, in order; chats run in
//     parallel on a bounded pool.
//  3. In one store transaction: drop an update already handled, step the
//     dialog, render the replies and append them to the chat's outbox.
//  4. After the commit the chat's outbox is delivered in order, within the
//     global and per-chat rate limits, retrying 429 (after retry_after), 5xx
//     and timeouts; each reply leaves the outbox only once Telegram has it,
//     so neither a retry nor a restart loses or reorders a reply.
//  5. One log line per update: a keyed hash of the chat, the kind, the step
//     change, the duration and the outcome. Never what the person typed,
//     never the bot token (the library's errors carry the request URL with
//     the token; every error and log line is redacted).
package telegram
