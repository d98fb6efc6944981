/*
Package conversation is the conversation core every channel shares:
Telegram, WhatsApp and the terminal chat differ only in how an event
arrives, how a reply is shown, and how it is sent.

# One message, from arrival to reply

Take a person tapping "Almaty" on WhatsApp (Telegram is the same with its
own words in brackets):

 1. Edge. The webhook (or getUpdates) hands the channel raw JSON. The
    channel checks it (the X-Hub-Signature-256 HMAC; Telegram: the secret
    header), decodes it once into its own event, and maps the chat to a
    conversation Key: the channel's name and a keyed hash (HMAC-SHA-256
    under KOMEK_HASH_KEY) of the phone number (chat ID). The raw
    identifier is never logged, and in the store it is only inside the
    replies waiting to be sent, sealed under the conversation's own key
    and erased with it.
 2. Queue. The event goes to its chat's queue (Queues): one job at a time
    per chat, in arrival order; different chats in parallel, a bounded
    number at once.
 3. Handle, one transaction. The channel calls Core.Handle with an
    Inbound: the key, the event's ID for de-duplication (WhatsApp: a keyed
    hash of the message ID and its timestamp; Telegram: the update ID,
    which is ordered), its Kind (Step, or Note for a sticker), the
    dialog.Input (button, text or command, with the app's language as a
    hint), the /start source to count, and the person's message ID to keep
    for a quick exit (Telegram only). In one store transaction, shared with
    other chats' events arriving at the same moment (store.DB.Batch),
    Handle
    - drops a repeat (already handled, or its conversation erased since),
    - records the event as handled,
    - keeps the person's message ID for a quick exit,
    - counts the source,
    - steps the dialog (engine.Engine.HandleTx: load the session,
    dialog.Step, save it),
    - on /exit erases the conversation (after reading its message log,
    for a channel that can delete messages),
    - on /forget erases it and leaves a farewell note naming the request,
    not the chat,
    - and calls the channel's Plan, which renders the dialog's outputs
    into the channel's own outbox items (WhatsApp: reply buttons, a
    list, or a list of region groups; Telegram: HTML messages with
    inline keyboards, or one edit of the pressed question into the next),
    appended to the conversation's outbox, sealed with its key.
    Nothing has been sent yet; if the process dies now, the outbox holds
    the replies.
 4. Acknowledge. The webhook answers 200 (Telegram polling: the offset
    moves on) only after that commit. Side calls that are not replies go
    at once, outside the paced delivery: Telegram answers the button's
    callback query; WhatsApp marks the message as read. A /forget is
    confirmed directly, outside the outbox, so nothing about the person is
    written again (Core.Confirm then records that it went out).
 5. Deliver. The channel kicks the chat's Courier, which runs apart from
    the chat's queue, so paced replies never hold up the next event. It
    reads the conversation's outbox and hands each item to the channel's
    Sender, which waits for its rate limits, sends, and retries what is
    worth retrying; urgent items first, the rest in order; then one commit
    removes the delivered items (and keeps the sent message IDs, for
    Telegram's quick exit). When a newer event of the chat was committed
    meanwhile, the courier records what it sent and reads the outbox
    again: the newer event may have dropped a question still queued (an
    item of class Question is dropped when a newer Question or Urgent item
    is appended) or added an urgent reply. After a crash the channel
    delivers every pending outbox again with resumed set (Core.Pending).

The terminal chat calls Handle with no ID (nothing to de-duplicate) and no
Plan: it prints the Reply at once.

# What each channel supplies

  - an edge that verifies and decodes, and a Key from a keyed hash;
  - a Plan: outputs → outbox items (the channel's own JSON);
  - a Sender: one item → one API call, with its limits and retries, and
    Gone for "this person can no longer receive";
  - how to confirm an erasure directly.

# What the core promises

A chat's events are handled once each, in order, and their replies are
delivered in order, none lost: every reply is committed with the state
change that caused it before anything is sent. Sent at most once depends
on the channel: Telegram probes for a message whose answer was lost before
sending it again (internal/telegram); the WhatsApp Cloud API gives no way
to, so there a lost answer may mean a reply arrives twice, and Flush
records each reply as soon as it is sent (Unverifiable) so that a crash
repeats at most one (internal/whatsapp).

# Classes of replies

A Plan gives each outbox item a Class: Reply (in order, never dropped:
results, notes), Question (dropped unsent when a newer question or an
urgent reply is decided: a person who answered again before it arrived
sees only the question that follows their newest answer), KeptQuestion (a
question that replaces older ones but is never dropped itself: Telegram's
questions that carry the echo of typed words) or Urgent (the emergency
numbers and what comes with them, a quick exit: sent before anything still
queued). The class is stored with the item, in front of the
channel's own encoding.
*/
package conversation
