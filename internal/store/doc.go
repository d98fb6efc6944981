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

	meta      "schema"  the schema version, a big-endian uint64
	          "seeded"  present once a referral table has been stored
	          "order"   the IDs of the organisations, as a JSON list, in table order
	orgs      organisation ID → the referral.Organization as JSON
	sessions  channel + "\x00" + chat → dialog.State as MarshalBinary writes it

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

A session holds where a conversation is and the answers given so far as codes
(language, need, region, age band, …) and when the person last wrote; its key
holds the channel name and whatever chat identifier the channel adapter
chooses (a hash, ideally). Never any text a person typed. Sessions are deleted
when the conversation ends and by ExpireSessions once they are old.

The referral table is public information about organisations, plus the
coordinators' notes on it.

# Concurrency

A *DB is safe for concurrent use by multiple goroutines. Read transactions
(View) run in parallel; read-write transactions (Update) run one at a time. A
*Tx is not safe for concurrent use and is valid only inside the function it
was passed to. Values returned by Tx methods are copies the caller owns; they
stay valid after the transaction ends.
*/
package store
