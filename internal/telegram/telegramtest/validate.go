package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// violation is one way a request breaks the Bot API: the parameter, a
// reason for the test log, and the description Telegram would answer with.
type violation struct {
	param  string
	reason string
	desc   string // "Bad Request: ..."
}

// checkParams checks the parameters of one call of m against the spec:
// no unknown parameter, every required one present and non-empty, every
// value of one of the parameter's types. files names multipart file parts.
func (sp *apiSpec) checkParams(m *specMethod, params map[string]string, files map[string]bool) []violation {
	var vs []violation
	var unknown []string
	for name := range params {
		if _, ok := m.field(name); !ok {
			unknown = append(unknown, name)
		}
	}
	for name := range files {
		if _, ok := m.field(name); !ok && params[name] == "" {
			unknown = append(unknown, name)
		}
	}
	slices.Sort(unknown)
	for _, name := range unknown {
		vs = append(vs, violation{name, "not a parameter of " + m.Name + " in the Bot API spec",
			"Bad Request: unknown parameter " + name})
	}
	for _, f := range m.Fields {
		v, present := params[f.Name]
		if files[f.Name] {
			continue
		}
		if !present || v == "" {
			if f.Required && !(present && emptyAllowed[m.Name+"."+f.Name]) {
				vs = append(vs, violation{f.Name, "required parameter is missing or empty", "Bad Request: " + f.Name + " is empty"})
			}
			continue
		}
		if err := sp.checkForm(f.Types, v); err != nil {
			vs = append(vs, violation{f.Name, err.Error(), "Bad Request: can't parse " + f.Name + ": " + err.Error()})
		}
	}
	return vs
}

// emptyAllowed lists required parameters whose empty value has a meaning.
var emptyAllowed = map[string]bool{
	"setWebhook.url": true, // "Use an empty string to remove webhook integration"
}

// isJSONOnly reports whether every type in types is sent JSON-encoded
// (arrays and objects), so that the value "null" means "not given": the
// library sends entities=null and allowed_updates=null for nil slices.
func isJSONOnly(types []string) bool {
	for _, t := range types {
		switch t {
		case "Integer", "Float", "Boolean", "String", "InputFile":
			return false
		}
	}
	return true
}

// checkForm checks one form value against a parameter's types.
func (sp *apiSpec) checkForm(types []string, v string) error {
	if isJSONOnly(types) && strings.TrimSpace(v) == "null" {
		return nil
	}
	var errs []string
	for _, t := range types {
		err := sp.checkFormOne(t, v)
		if err == nil {
			return nil
		}
		errs = append(errs, err.Error())
	}
	if len(errs) == 1 {
		return fmt.Errorf("%s", errs[0])
	}
	return fmt.Errorf("matches none of %s (%s)", strings.Join(types, ", "), strings.Join(errs, "; "))
}

func (sp *apiSpec) checkFormOne(t, v string) error {
	switch t {
	case "Integer":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return fmt.Errorf("%q is not an Integer", clip(v))
		}
	case "Float":
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return fmt.Errorf("%q is not a Float", clip(v))
		}
	case "Boolean":
		if v != "true" && v != "false" {
			return fmt.Errorf("%q is not a Boolean (true or false)", clip(v))
		}
	case "String", "InputFile":
		if !utf8.ValidString(v) {
			return fmt.Errorf("value is not valid UTF-8")
		}
	default:
		x, err := decodeJSON(v)
		if err != nil {
			return fmt.Errorf("want JSON-encoded %s: %v", t, err)
		}
		return sp.checkJSON([]string{t}, x, "")
	}
	return nil
}

// decodeJSON decodes exactly one JSON value, keeping numbers as json.Number.
func decodeJSON(s string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data after JSON value")
	}
	return x, nil
}

// checkJSON checks a decoded JSON value against a list of alternative
// types; path names the value in error messages ("inline_keyboard[0][1]").
// Of several failing object types it reports the one the value names by
// its "type" tag, else the one sharing most keys with it: the one the
// sender most likely meant.
func (sp *apiSpec) checkJSON(types []string, x any, path string) error {
	var best error
	bestScore := -1
	for _, t := range types {
		err := sp.checkJSONOne(t, x, path)
		if err == nil {
			return nil
		}
		if s := sp.overlap(t, x); s > bestScore {
			best, bestScore = err, s
		}
	}
	return best
}

// overlap counts the keys of object x that are fields of type t.
func (sp *apiSpec) overlap(t string, x any) int {
	obj, ok := x.(map[string]any)
	st := sp.Types[t]
	if !ok || st == nil {
		return 0
	}
	n := 0
	for k := range obj {
		if st.byName[k] != nil {
			n++
		}
	}
	if st.tag != "" && obj["type"] == st.tag {
		n += 1000 // the subtype the value names
	}
	return n
}

func (sp *apiSpec) checkJSONOne(t string, x any, path string) error {
	where := func() string {
		if path == "" {
			return ""
		}
		return path + ": "
	}
	if elem, ok := strings.CutPrefix(t, "Array of "); ok {
		arr, ok := x.([]any)
		if !ok {
			return fmt.Errorf("%swant %s, got %s", where(), t, jsonKind(x))
		}
		for i, e := range arr {
			if err := sp.checkJSON([]string{elem}, e, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	}
	switch t {
	case "Integer":
		if n, ok := x.(json.Number); ok {
			if _, err := strconv.ParseInt(string(n), 10, 64); err == nil {
				return nil
			}
		}
	case "Float":
		if _, ok := x.(json.Number); ok {
			return nil
		}
	case "Boolean":
		if _, ok := x.(bool); ok {
			return nil
		}
	case "String", "InputFile":
		if _, ok := x.(string); ok {
			return nil
		}
	default:
		return sp.checkObject(t, x, path)
	}
	return fmt.Errorf("%swant %s, got %s", where(), t, jsonKind(x))
}

// checkObject checks x against the object type t: abstract types through
// their subtypes, placeholders (no fields) accept any object, otherwise no
// unknown fields, required fields present, field types checked recursively.
func (sp *apiSpec) checkObject(t string, x any, path string) error {
	st, ok := sp.Types[t]
	if !ok {
		return fmt.Errorf("%s: type %s is not in the spec", path, t)
	}
	if len(st.Subtypes) > 0 {
		return sp.checkJSON(st.Subtypes, x, path)
	}
	obj, ok := x.(map[string]any)
	if !ok {
		return fmt.Errorf("%s: want %s object, got %s", orTop(path), t, jsonKind(x))
	}
	for _, k := range sortedKeys(obj) {
		if st.byName[k] == nil && len(st.Fields) > 0 {
			return fmt.Errorf("%s: unknown field %q in %s", orTop(path), k, t)
		}
	}
	for _, f := range st.Fields {
		v, present := obj[f.Name]
		sub := joinPath(path, f.Name)
		if !present || v == nil {
			if f.Required {
				return fmt.Errorf("%s: required field of %s is missing", sub, t)
			}
			continue
		}
		if err := sp.checkJSON(f.Types, v, sub); err != nil {
			return err
		}
		if f.Name == "type" && st.tag != "" && v != st.tag {
			return fmt.Errorf("%s: %s needs type %q, got %v", sub, t, st.tag, v)
		}
	}
	return nil
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func orTop(path string) string {
	if path == "" {
		return "value"
	}
	return path
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// jsonKind names the JSON kind of a decoded value for error messages.
func jsonKind(x any) string {
	switch x.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", x)
}

// clip shortens long values quoted in error messages.
func clip(s string) string {
	if len(s) <= 40 {
		return s
	}
	return string(bytes.ToValidUTF8([]byte(s[:40]), nil)) + "…"
}
