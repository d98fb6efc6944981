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
//     parallel on a bounded pool. A job only handles: it never waits for
//     delivery, so the poller and other chats never wait for a chat whose
//     replies are being paced.
//  3. In one store transaction: drop an update already handled, step the
//     dialog, render the replies and append them to the chat's outbox,
//     each with its class (plan.go): a question (dropped if a newer input
//     replaces it before it went out), a reply, or urgent (the emergency
//     numbers and a quick exit: sent first). A press on the latest
//     question becomes one edit of that message into the next question.
//  4. Right after the commit the button's callback query is answered (a
//     toast when the press repeated an answer), and the chat's courier
//     (conversation.Courier) delivers the outbox, within the global and
//     per-chat limits on new messages (edits and deletions do not count;
//     urgent messages do not wait for the chat's), retrying 429 (after
//     retry_after), 5xx and timeouts; each reply leaves the outbox only once
//     Telegram has it, so neither a retry nor a restart loses or reorders a
//     reply.
//  5. One log line per update: a keyed hash of the chat, the kind, the step
//     change, the duration and the outcome. Never what the person typed,
//     never the bot token (the library's errors carry the request URL with
//     the token; every error and log line is redacted).
package telegram
