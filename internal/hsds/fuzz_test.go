package hsds

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadJSON: ReadJSON never panics, whatever the file holds, and every
// problem and notice says something.
func FuzzReadJSON(f *testing.F) {
	f.Add(writeJSON(f, realTable(f)[:2], Options{}))
	f.Add([]byte(`{"contents": [{"id": "x", "name": "n", "organization": {"id": "o", "name": "o"}, "phones": [{"number": "1"}]}]}`))
	f.Add([]byte(`{"organizations.csv": [{"id": "o"}], "services.csv": [{"id": "s", "organization_id": "o"}]}`))
	data, err := os.ReadFile(filepath.Join("testdata", "spec", "examples", "organization_full.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, ps, ns := ReadJSON("fuzz.json", data, Options{})
		for _, p := range append(ps, ns...) {
			if p.Message == "" {
				t.Fatalf("empty message: %#v", p)
			}
		}
	})
}
