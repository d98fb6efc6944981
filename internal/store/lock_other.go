//go:build !unix

package store

import (
	"errors"
	"time"
)

// lockFile checks that no other process holds path: it opens the file with
// bbolt, which locks it, and closes it again at once. It is a best effort
// where flock is not available: the file is not held during the restore.
func lockFile(path string, timeout time.Duration) (func(), error) {
	b, err := openBolt(path, timeout)
	if errors.Is(err, ErrLocked) {
		return nil, err
	}
	if err == nil {
		b.Close()
	}
	return func() {}, nil
}
