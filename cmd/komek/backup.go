package main

import (
	"context"
	"errors"
	"io"
)

// runBackup is "komek backup FILE". (Being written: issue 6.)
func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return errors.New("backup: not built yet")
}

// runRestore is "komek restore FILE". (Being written: issue 6.)
func runRestore(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("restore: not built yet")
}
