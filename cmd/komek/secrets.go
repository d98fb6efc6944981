package main

import (
	"fmt"
	"os"
	"strings"
)

// secret reads a secret from the variable name, or from the file named by
// name+"_FILE" (for Docker and systemd secrets); a flag value, when given,
// wins. A file's trailing newline is dropped.
func secret(getenv func(string) string, name, flagValue, flagFile string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	file := flagFile
	if file == "" {
		file = getenv(name + "_FILE")
	}
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
		return "", fmt.Errorf("%s_FILE: %w", name, err)
	}
	return strings.TrimRight(string(data), "\r\n"), nil
}
