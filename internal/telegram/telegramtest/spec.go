package telegramtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// SpecEnv names the environment variable that, when set, holds the path of
// the Bot API description (api.json) to check requests against. When it is
// unset the spec is found by walking up from the working directory until a
// directory contains specRelPath.
const SpecEnv = "KOMEK_TELEGRAM_SPEC"

// specRelPath is where api.json lives relative to the directory that holds
// both the repository (main/) and shared/.
const specRelPath = "shared/spec/telegram-bot-api/api.json"

// apiSpec is the decoded api.json: every Bot API method and type.
type apiSpec struct {
	Version string                 `json:"version"`
	Methods map[string]*specMethod `json:"methods"`
	Types   map[string]*specType   `json:"types"`

	byLower map[string]*specMethod // method names are case-insensitive in the Bot API
}

// specMethod is one method of the Bot API with its parameters.
type specMethod struct {
	Name    string      `json:"name"`
	Returns []string    `json:"returns"`
	Fields  []specField `json:"fields"`
}

// specField is a method parameter or a type field.
type specField struct {
	Name        string   `json:"name"`
	Types       []string `json:"types"`
	Required    bool     `json:"required"`
	Description string   `json:"description"`
}

// specType is a Bot API type: an object with fields, or an abstract type
// with subtypes (such as BotCommandScope), or a placeholder with neither.
type specType struct {
	Name     string      `json:"name"`
	Fields   []specField `json:"fields"`
	Subtypes []string    `json:"subtypes"`

	byName map[string]*specField
	// tag is the value the "type" field must have, read from its
	// description ("must be chat", `always "emoji"`); empty if none.
	tag string
}

var (
	specOnce   sync.Once
	specShared *apiSpec
	specErr    error
)

// loadSpec reads and indexes api.json once per process.
func loadSpec() (*apiSpec, error) {
	specOnce.Do(func() {
		path, err := findSpec()
		if err != nil {
			specErr = err
			return
		}
		specShared, specErr = readSpec(path)
	})
	return specShared, specErr
}

// findSpec returns the path of api.json from SpecEnv or by walking up from
// the working directory.
func findSpec() (string, error) {
	if p := os.Getenv(SpecEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("telegramtest: %s=%q: %w", SpecEnv, p, err)
		}
		return p, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("telegramtest: find spec: %w", err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		p := filepath.Join(dir, filepath.FromSlash(specRelPath))
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	return "", fmt.Errorf("telegramtest: no %s in %s or any parent directory "+
		"(the repository is expected at <x>/main with the spec at <x>/shared/...); set %s to its path",
		specRelPath, wd, SpecEnv)
}

// tagPattern finds the fixed value of a subtype's "type" field in its
// description: `Scope type, must be chat` or `Type of the reaction, always "emoji"`.
var tagPattern = regexp.MustCompile(`(?:must be|always) ["“]?([a-z][a-z0-9_]*)`)

// readSpec decodes api.json at path and builds the lookup indexes.
func readSpec(path string) (*apiSpec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("telegramtest: read spec: %w", err)
	}
	var sp apiSpec
	if err := json.Unmarshal(b, &sp); err != nil {
		return nil, fmt.Errorf("telegramtest: decode spec %s: %w", path, err)
	}
	if len(sp.Methods) == 0 || len(sp.Types) == 0 {
		return nil, errors.New("telegramtest: spec " + path + " has no methods or types")
	}
	sp.byLower = make(map[string]*specMethod, len(sp.Methods))
	for name, m := range sp.Methods {
		sp.byLower[strings.ToLower(name)] = m
	}
	for _, t := range sp.Types {
		t.byName = make(map[string]*specField, len(t.Fields))
		for i := range t.Fields {
			f := &t.Fields[i]
			t.byName[f.Name] = f
			if f.Name == "type" {
				if m := tagPattern.FindStringSubmatch(f.Description); m != nil {
					t.tag = m[1]
				}
			}
		}
	}
	return &sp, nil
}

// method returns the method named name, compared case-insensitively as
// Telegram does.
func (sp *apiSpec) method(name string) (*specMethod, bool) {
	m, ok := sp.byLower[strings.ToLower(name)]
	return m, ok
}

// field returns the parameter named name of m.
func (m *specMethod) field(name string) (*specField, bool) {
	for i := range m.Fields {
		if m.Fields[i].Name == name {
			return &m.Fields[i], true
		}
	}
	return nil, false
}
