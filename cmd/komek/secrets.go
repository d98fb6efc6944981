package main

import (
	"fmt"
	"os"
	"strings"
)

// secret reads a secret from the variable name, or from file: the file
// named by name+"_FILE" or its flag (for Docker and systemd secrets). A
// file's trailing newline is dropped. Setting both is a mistake: which one
// is meant cannot be known.
func secret(getenv func(string) string, name, file string) (string, error) {
	if v := getenv(name); v != "" {
		if file != "" {
			return "", usageError{fmt.Sprintf("set %s or %s_FILE, not both", name, name)}
		}
		return v, nil
	}
	if file == "" {
		return "", nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return "", usageError{fmt.Sprintf("%s_FILE: cannot read the secret: %v", name, err)}
	}
	return strings.TrimRight(string(data), "\r\n"), nil
}
