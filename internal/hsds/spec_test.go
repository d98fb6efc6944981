package hsds

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/komek-kz/komek/internal/referral"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// specDir is the HSDS 3.0 specification copied into testdata (with its
// licence and provenance in testdata/spec/README.md).
func specDir(t *testing.T) string {
	t.Helper()
	return filepath.Join("testdata", "spec")
}

type descriptorFile struct {
	Resources []struct {
		Name   string `json:"name"`
		Path   string `json:"path"`
		Schema struct {
			Fields []struct {
				Name string `json:"name"`
				Type string `json:"type"`
			} `json:"fields"`
		} `json:"schema"`
	} `json:"resources"`
}

func readDescriptor(t *testing.T, path string) descriptorFile {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d descriptorFile
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}

func TestResourcesMatchTheDescriptor(t *testing.T) {
	d := readDescriptor(t, filepath.Join(specDir(t), "datapackage.json"))
	if len(d.Resources) != len(resources) {
		t.Errorf("the descriptor has %d resources, the code %d", len(d.Resources), len(resources))
	}
	for _, r := range d.Resources {
		ours := resourceByName[r.Name]
		if ours == nil || ours.path != r.Path {
			t.Errorf("resource %s (%s) is not in the code as such", r.Name, r.Path)
			continue
		}
		var want, got []string
		for _, f := range r.Schema.Fields {
			want = append(want, f.Name+":"+f.Type)
		}
		for _, f := range ours.fields {
			got = append(got, f.name+":"+f.typ)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s fields:\n got %v\nwant %v", r.Name, got, want)
		}
	}
}

// TestTabularHeadersMatchTheDescriptor: every CSV file of an export has
// exactly the columns the HSDS descriptor gives its resource, in order,
// and the export's datapackage.json lists them so.
func TestTabularHeadersMatchTheDescriptor(t *testing.T) {
	spec := readDescriptor(t, filepath.Join(specDir(t), "datapackage.json"))
	dir := t.TempDir()
	if err := WriteTabular(dir, realTable(t), Options{}); err != nil {
		t.Fatal(err)
	}
	ours := readDescriptor(t, filepath.Join(dir, "datapackage.json"))
	for _, name := range []string{"organizations.csv", "services.csv", "locations.csv", "phones.csv", "languages.csv",
		"schedules.csv", "service_areas.csv", "attributes.csv", "taxonomies.csv", "taxonomy_terms.csv"} {
		if !slices.ContainsFunc(ours.Resources, func(r struct {
			Name   string `json:"name"`
			Path   string `json:"path"`
			Schema struct {
				Fields []struct {
					Name string `json:"name"`
					Type string `json:"type"`
				} `json:"fields"`
			} `json:"schema"`
		}) bool {
			return r.Path == name
		}) {
			t.Errorf("the export has no %s", name)
		}
	}
	for _, r := range ours.Resources {
		i := slices.IndexFunc(spec.Resources, func(s struct {
			Name   string `json:"name"`
			Path   string `json:"path"`
			Schema struct {
				Fields []struct {
					Name string `json:"name"`
					Type string `json:"type"`
				} `json:"fields"`
			} `json:"schema"`
		}) bool {
			return s.Name == r.Name
		})
		if i < 0 || spec.Resources[i].Path != r.Path {
			t.Errorf("resource %s (%s) is not in the HSDS descriptor", r.Name, r.Path)
			continue
		}
		var want, described []string
		for _, f := range spec.Resources[i].Schema.Fields {
			want = append(want, f.Name)
		}
		for _, f := range r.Schema.Fields {
			described = append(described, f.Name)
		}
		data, err := os.ReadFile(filepath.Join(dir, r.Path))
		if err != nil {
			t.Fatal(err)
		}
		head, err := csv.NewReader(bytes.NewReader(data)).Read()
		if err != nil {
			t.Fatalf("%s: %v", r.Path, err)
		}
		if !slices.Equal(head, want) || !slices.Equal(described, want) {
			t.Errorf("%s:\n header     %v\n described  %v\n HSDS wants %v", r.Path, head, described, want)
		}
	}
}

// TestJSONExportIsValidHSDS validates every service of the JSON export,
// in each language, against HSDS's service.json (and the schemas it
// refers to), with formats (uuid, uri, email) asserted.
func TestJSONExportIsValidHSDS(t *testing.T) {
	schema := compileSchema(t, "service.json")
	for _, lang := range referral.Langs {
		data := writeJSON(t, append(realTable(t), richOrg()), Options{Lang: lang, Label: func(id string) string { return "label of " + id }})
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		services, ok := v.([]any)
		if !ok || len(services) == 0 {
			t.Fatalf("the export is not a list of services")
		}
		for i, s := range services {
			if err := schema.Validate(s); err != nil {
				t.Errorf("%s: service %d is not valid HSDS: %v", lang, i, err)
			}
		}
	}
}

func compileSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	dir := filepath.Join(specDir(t), "schema")
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.DefaultDraft(jsonschema.Draft2020)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		if err := c.AddResource(e.Name(), doc); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	return s
}

// TestSchemaValidationBites: the validator rejects a service whose nested
// phone has a non-UUID ID and whose status is not one of HSDS's.
func TestSchemaValidationBites(t *testing.T) {
	schema := compileSchema(t, "service.json")
	bad := `{"id": "3f7b145d-84af-42d7-8fae-eaca714b02b2", "name": "x", "status": "open",
		"phones": [{"id": "not-a-uuid", "number": "1"}]}`
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	err = schema.Validate(v)
	if err == nil || !strings.Contains(err.Error(), "uuid") || !strings.Contains(err.Error(), "status") {
		t.Errorf("Validate = %v, want errors about the uuid and the status", err)
	}
}
