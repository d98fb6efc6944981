package store

import "errors"

// These errors can be returned by the store. Test for them with errors.Is:
// they are always wrapped in an error that names the operation and, for
// Open, the path.
var (
	// ErrLocked is returned by Open when another process (or another Open in
	// this process) holds the database and did not release it within
	// Options.LockTimeout.
	ErrLocked = errors.New("the database is in use by another komek process")

	// ErrNewerSchema is returned by Open when the file's schema version is
	// higher than this binary knows. The file is left untouched.
	ErrNewerSchema = errors.New("the database was written by a newer komek")

	// ErrNotDatabase is returned by Open when the file exists but is not a
	// bbolt database, or its header pages are damaged.
	ErrNotDatabase = errors.New("the file is not a komek database, or it is damaged")

	// ErrCorrupt is returned when a stored record cannot be decoded or a
	// bucket is missing. For a session, the caller should start that
	// conversation afresh: PutSession overwrites the damaged record.
	ErrCorrupt = errors.New("damaged record")
)
