/*
Package store keeps Komek's state in one bbolt database file: the referral
table and the conversations in progress. It is the only package that imports
bbolt.

# Opening

Open creates the file (mode 0600, parent directories 0700) or opens an
existing one, brings its schema up to date and, on first start, stores the
referral table returned by Options.Seed. bbolt holds an exclusive lock on the
file while it is open: a second komek process, or a second Open in the same
process, fails after Options.LockTimeout with an error wrapping ErrLocked
instead of waiting for ever.

# Buckets

	meta        "schema"  the schema version, a big-endian uint64
	            "seeded"  present once a referral table has been stored
	            "order"   the IDs of the organisations, as a JSON list, in table order
	            "keyring" the ID of the keyring file that belongs to this file
	            "secret:conv-index" the secret of conversation IDs, unless Options.IndexKey is set
	orgs        organisation ID → the referral.Organization as JSON
	convs       conversation ID → the conversation's record (record.go): a short
	            clear header, then its session, chat record and message log, sealed
	conv-outbox conversation ID → sequence number → a pending reply, sealed
	farewells   channel + "\x00" + update ID → whether the confirmation of an
	            erasure was sent, and its language (farewell.go)
	tombstones  conversation ID → channel + "\x00" + the update that erased it,
	            for a short while (farewell.go)
	cursors, stats  channel positions and anonymous counters
	inbound     channel + "\x00" + day → keyed hash of an inbound message ID →
	            handled / erased here (and the language to confirm in), for
	            channels whose messages carry no order (WhatsApp); created on
	            first use, dropped a day at a time (inbound.go)

The sessions, chats, outbox and messages buckets are those of schema 3 and
earlier, which kept conversations in the clear; Open converts what they hold
and leaves them empty.

Beside the file, its keyring (KeyringPath: the path plus ".keys") holds one
random 256-bit key per conversation, in fixed slots.

# Schema and migrations

The schema version is the number of migrations applied. On Open the
migrations the file has not seen run in order, in one read-write
transaction, together with the first seeding: either all of it happens or
none of it. A file whose schema is newer than this binary knows is refused
with ErrNewerSchema and left untouched.

The rule: append migrations, never edit or reorder a released one. A file
written by a released komek has run exactly the released migrations; changing
one would leave such files in a state no code describes.

# What is stored, and what is not

A conversation holds where it is and the answers given so far as codes
(language, need, region, age band, …), when the person last wrote, the last
update handled and message sent, the IDs of recent messages, and the replies
not yet delivered. Never any text a person typed. Sessions are deleted when
the conversation ends; whole conversations by Erase, and by ExpireSessions
once idle past the TTL.

A conversation is stored under its ID: HMAC-SHA-256, truncated to 16 bytes,
of its channel and chat under the index secret (Options.IndexKey, which
komek derives from KOMEK_HASH_KEY, or else a random secret in the file). So
the file never holds the chat identifier a channel uses (the Telegram
channel's is itself a keyed hash of the chat ID). Everything else about the
conversation — the session, the chat record, the message log, the pending
replies with the chat ID they go to — is sealed with AES-256-GCM under the
conversation's own key (random 96-bit nonces, the ID as additional data).
Only a short header is in the clear: the keyring slot, the time of the last
activity, what the record holds (flags) and the date of its oldest logged
message; the janitor decides from it alone.

The referral table is public information about organisations, plus the
coordinators' notes on it.

# What erasing a person guarantees, and why

After Erase (a person's /forget) has committed, or ExpireSessions has erased
an idle conversation, and the call has returned, nothing in the database
file or its keyring can be read back into that conversation or tied to the
person's chat without a secret kept outside the file:

  - The records are deleted. bbolt copies pages on write, so the pages that
    held the conversation — and older versions of them from earlier
    commits — become free pages and keep their bytes until bbolt reuses
    them, which may be much later. Those bytes are ciphertext under the
    conversation's key.
  - The key was never in the database file: it is only in its keyring
    slot, which is overwritten in place with zeros and synced to disk right
    after the commit, before Update returns. The keyring is a plain file
    written in place, so no older copy of the key is left in it, and none in
    the database. Ciphertext without its key is what makes the free pages
    safe: AES-GCM gives nothing of the plaintext away.
  - What the free pages may still hold in the clear is the record's header
    and the ID of the conversation (in the convs and conv-outbox buckets).
    The ID is a keyed hash. With KOMEK_HASH_KEY set and kept outside the
    file, nobody holding only the file can tie it to a chat ID. Without it,
    the hash keys are in the file, and someone holding the file could test
    guesses of chat IDs against an ID left in a free page, until the page
    is reused: they would learn that this chat once wrote to the bot and
    when last — never what it said or asked for. Operators who want the
    stronger promise set KOMEK_HASH_KEY.
  - A crash between the commit and the overwriting of the key is completed
    at the next Open, before anyone is served: every key that no record
    uses is overwritten then. A new conversation's key is synced to the
    keyring before the record that uses it commits, so no record is ever
    left without its key.

The cost of an erasure does not depend on the size of the file: one
record, one outbox bucket, one keyring slot, one sync of each file. Nothing
rewrites the file on the request path, and no erasure holds a lock that
stops other conversations beyond its own short write transaction. Free
pages are reused by bbolt as the bot goes on; Compact, which rewrites the
whole file, is only needed to give disk space back and is for maintenance
(Open runs it once, after converting an older file's clear conversations).

Limits of the promise, outside this package: filesystems that copy on write
(btrfs, ZFS) or keep snapshots, and the wear levelling of flash drives, may
keep the old blocks of the keyring physically on the device; a backup
copies the database file but not the keyring, so the conversations in a
backup cannot be read at all (after a restore, conversations in progress
start afresh: Open recognises a keyring that is not the file's, drops the
conversations and keeps the table); and the running process's memory may
hold decrypted values until the garbage collector reuses it.

After an erasure the channel confirms it to the person directly; the
farewells bucket records, by the channel's update ID and without the chat,
whether the confirmation went out, so that a request delivered again after
a crash is confirmed exactly once. And since the conversation's record,
which told which updates were handled, is gone, the tombstones bucket keeps
the erased conversation's ID (nothing else) with the update that erased it,
so that an older update the channel delivers again after a crash is not
taken for a new conversation. Both go as soon as the channel says those
updates cannot come again (ForgetFarewells: for Telegram by polling, at the
next commit of the offset, milliseconds later), and in any case after
farewellWindow more updates. While it is kept, the tombstone's ID is what
the free pages may hold anyway, with the same guarantee (above).

# The janitor

ExpireSessions and PruneAllMessages read the records' clear headers, 1,024
at a time, in short read transactions that hold up no one, and change what
they found in write transactions of at most 16 conversations each, pausing
after each twice as long as it took, so other transactions go ahead in
between and the sweep holds the writer's lock at most a third of the time.
Memory stays that of one chunk.

# Concurrency

A *DB is safe for concurrent use by multiple goroutines. Read transactions
(View) run in parallel; read-write transactions (Update) run one at a time. A
*Tx is not safe for concurrent use and is valid only inside the function it
was passed to. Values returned by Tx methods are copies the caller owns; they
stay valid after the transaction ends.
*/
package store
