/*
Package whatsapp is the WhatsApp channel: the WhatsApp Business Platform's
Cloud API, on the conversation core (internal/conversation) that Telegram
and the terminal chat share.

# The client: our own, and why

The bot needs one endpoint, POST /<phone-number-id>/messages (to send text,
reply buttons and lists, and to mark a message as read), and the JSON of
the "messages" webhook. The Go libraries for the Cloud API are either
unofficial clients of the WhatsApp Web protocol (whatsmeow: not the Cloud
API, and against WhatsApp's terms for a business), or small wrappers kept
by one person, with a surface many times what the bot uses and no
guarantee of following Meta's versioned changes. A client of about a
hundred lines on net/http (client.go) is smaller than any of them to audit,
and the strict fake (whatsapptest) checks it against the documented
limits. The Graph API version is in WHATSAPP_API_URL.

# Inbound

The webhook answers Meta's verification GET (hub.mode=subscribe, the verify
token compared in constant time, the challenge echoed) and accepts a POST
only with a valid X-Hub-Signature-256: HMAC-SHA256 of the raw body under
the app secret, compared in constant time, before any JSON is read.
Missing or wrong: 401, nothing stored. Bodies over 1 MiB: 413. Malformed
or another object: 400. It answers 200 once every message in the body is
committed (a few milliseconds); a notification that does not get its 200 is
delivered again by Meta, and handled once (below).

Text, reply-button and list replies, and locations are read (a location
becomes the name of the region it is in, through the gazetteer, as if
typed); stickers, photos, voice notes, reactions get "I can only read
text". Statuses of the bot's messages are read; a failed one is logged
with Meta's error code, never with the recipient. Each message is marked
as read, outside the chat's paced delivery.

# Identity and de-duplication

A conversation's key is HMAC-SHA-256 of the phone number (wa_id) under
the same key as Telegram's chat IDs (KOMEK_HASH_KEY), 16 bytes in hex; the
logs show its first 12 characters. The store keys the conversation by a
further keyed hash of that. The number itself is only inside the replies
waiting to be sent, sealed under the conversation's own key and destroyed
with it; it is never logged. Message IDs (wamid…, which spell the
sender's number in base64) are de-duplicated by a keyed hash of them, filed
under the day of the message's own timestamp (store.Tx.NoteInbound), kept
eight days: Meta redelivers for up to seven. The note survives the
conversation's erasure, so a message delivered again after /forget does
not start the conversation anew.

# Outbound: how questions look

A question is laid out (items.go) as:

  - reply buttons when its options and navigation fit (at most 3, titles
    of at most 20 characters), or when its options alone do — then the
    navigation is typed (/back, /exit), as the welcome says;
  - a list (one "Choose" button of at most 20 characters; at most 10 rows;
    row titles cut at 24 characters with the whole label as the row's
    description, at most 72; a body of at most 1,024 characters, else the
    text goes first as its own message);
  - for more options than a list holds (the 21 regions): a list of groups
    of nearly equal size ("1–7: Astana", with the group's names in the
    description), and a tap on a group shows the list of that group's
    regions (dialog.CmdAgain asks the question again): two taps. The
    question's text also numbers every region and says that typing the
    number or a town works.

Every choice's ID is "1|<step>|<seq>|<value>", checked by the dialog like
Telegram's callback data: a stale or forged one is answered politely.
Texts are split at 4,096 characters, at line breaks where possible.
Bold is *bold*.

# Delivery: the 24-hour window, limits, and what "once" means

The bot never writes first. Every outbox item carries the end of the
customer-service window of the message that caused it (24 hours less five
minutes); a reply still queued after that — after a long outage — is
dropped, never sent, and an answer 131047 (re-engagement) drops it too.
Sends wait for a global limiter (WHATSAPP_RATE, default 50/s under Meta's
80/s). Throughput (130429), pair-rate (131056), spam-rate (131048) and
application limits (4, 80007), 5xx, 131000 and 131016, and calls that got
no answer are retried with exponential backoff and jitter (from 6 s after
a pair-rate or spam-rate error), for as long as the window lasts. Other
errors drop that one reply and go on with the next.

What the channel promises: every reply committed is sent, in order, unless
the window closed or Meta refused it for good. It cannot promise that a
reply is sent only once: the Cloud API takes no idempotency key and has no
way to look up what was sent, so when a send's answer is lost (a timeout,
a 5xx after the message went out, the process killed between the send and
the commit that records it), the reply is sent again. Each reply is
recorded as soon as it is sent (conversation.Unverifiable), so such a
repeat is of one reply, right after itself. Telegram can check for such a
message before sending again; WhatsApp cannot.

# Safety: what differs from Telegram

The Cloud API cannot delete a message from anyone's phone. So the quick
exit (/exit) erases everything on the server, exactly as on Telegram, and
tells the person, in their language, how to delete the chat and clear
WhatsApp's notifications; /forget does the same after its confirmation;
/privacy adds what differs from Telegram. Referral messages cannot be
protected from forwarding or screenshots, and WhatsApp (Meta) knows that
the number wrote to this business number. The README says so to operators.
*/
package whatsapp
