package referralfile

import (
	"fmt"
	"strings"
)

// lineIndex maps the paths of a file's tables and keys to the lines they are
// written on. Paths count the elements of arrays of tables from 1, in file
// order: "service[2]" is the second [[service]] header,
// "service[2].contact[1].source" the source key of that service's first
// contact. The TOML library reports no positions for keys, so the index is
// built by scanning the text; it understands headers, dotted keys, quoted
// keys, comments and multi-line strings, which is all the format uses.
type lineIndex struct {
	lines map[string]int
}

// line returns the line of path, or of its nearest enclosing table or array
// element that the index knows, or 0.
func (x *lineIndex) line(path string) int {
	for p := path; p != ""; p = parentPath(p) {
		if n, ok := x.lines[p]; ok {
			return n
		}
	}
	return 0
}

// parentPath strips the last element of a path: an index ("service[2]" →
// "service") or a key ("service[2].needs" → "service[2]").
func parentPath(p string) string {
	if strings.HasSuffix(p, "]") {
		if i := strings.LastIndexByte(p, '['); i >= 0 {
			return p[:i]
		}
	}
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i]
	}
	return ""
}

func joinPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

func indexLines(data []byte) *lineIndex {
	x := &lineIndex{lines: make(map[string]int)}
	counts := make(map[string]int) // array path → elements seen so far
	set := func(path string, line int) {
		if _, seen := x.lines[path]; !seen {
			x.lines[path] = line
		}
	}
	// resolve turns header keys into a path, adding the current index of
	// every array of tables on the way ("service.contact" → "service[2].contact[1]").
	resolve := func(keys []string) string {
		p := ""
		for _, k := range keys {
			p = joinPath(p, k)
			if n := counts[p]; n > 0 {
				p = fmt.Sprintf("%s[%d]", p, n)
			}
		}
		return p
	}
	table := ""
	closer := "" // the delimiter that ends an open multi-line string
	for i, raw := range strings.Split(string(data), "\n") {
		n := i + 1
		if closer != "" {
			if strings.Count(raw, closer)%2 == 1 {
				closer = ""
			}
			continue
		}
		s := strings.TrimSpace(raw)
		switch {
		case s == "" || s[0] == '#':
		case strings.HasPrefix(s, "[["):
			keys, _, ok := splitKeys(s[2:])
			if !ok || len(keys) == 0 {
				continue
			}
			arr := joinPath(resolve(keys[:len(keys)-1]), keys[len(keys)-1])
			counts[arr]++
			table = fmt.Sprintf("%s[%d]", arr, counts[arr])
			set(arr, n)
			set(table, n)
		case s[0] == '[':
			keys, _, ok := splitKeys(s[1:])
			if !ok || len(keys) == 0 {
				continue
			}
			table = resolve(keys)
			set(table, n)
		default:
			keys, rest, ok := splitKeys(s)
			if !ok || len(keys) == 0 || !strings.HasPrefix(rest, "=") {
				continue
			}
			p := table
			for _, k := range keys {
				p = joinPath(p, k)
				set(p, n)
			}
			closer = openMultiline(rest)
		}
	}
	return x
}

// openMultiline returns the delimiter of a multi-line string that starts on
// this line and does not end on it, or "".
func openMultiline(value string) string {
	for _, d := range []string{`"""`, `'''`} {
		if strings.Count(value, d)%2 == 1 {
			return d
		}
	}
	return ""
}

// splitKeys reads a dotted key ("service.contact", `"a b".c`) at the start
// of s and returns its parts and what follows it, spaces trimmed.
func splitKeys(s string) (keys []string, rest string, ok bool) {
	for {
		s = strings.TrimLeft(s, " \t")
		var k string
		switch {
		case s == "":
			return nil, "", false
		case s[0] == '"' || s[0] == '\'':
			end := strings.IndexByte(s[1:], s[0])
			if end < 0 {
				return nil, "", false
			}
			k, s = s[1:end+1], s[end+2:]
		default:
			end := strings.IndexFunc(s, func(r rune) bool { return !isBareKeyChar(r) })
			if end < 0 {
				end = len(s)
			}
			if end == 0 {
				return nil, "", false
			}
			k, s = s[:end], s[end:]
		}
		keys = append(keys, k)
		s = strings.TrimLeft(s, " \t")
		if !strings.HasPrefix(s, ".") {
			return keys, s, true
		}
		s = s[1:]
	}
}

func isBareKeyChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-'
}
