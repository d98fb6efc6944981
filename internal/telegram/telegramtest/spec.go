package telegramtest

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// specJSON is the Bot API description the fake checks every request
// against: a copy of PaulSonOfLars/telegram-bot-api-spec's api.json (MIT),
// kept in spec/ with its licence and provenance so that the tests need
// nothing outside the repository.
//
//go:embed spec/api.json
var specJSON []byte

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

// loadSpec decodes and indexes the embedded api.json once per process.
func loadSpec() (*apiSpec, error) {
	specOnce.Do(func() {
		specShared, specErr = readSpec("spec/api.json", specJSON)
	})
	return specShared, specErr
}

// tagPattern finds the fixed value of a subtype's "type" field in its
// description: `Scope type, must be chat` or `Type of the reaction, always "emoji"`.
var tagPattern = regexp.MustCompile(`(?:must be|always) ["“]?([a-z][a-z0-9_]*)`)

// readSpec decodes api.json (named path in errors) and builds the lookup
// indexes.
func readSpec(path string, b []byte) (*apiSpec, error) {
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
