package terminal_test

import (
	"bytes"
	"context"
	"flag"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/komek-kz/komek/internal/crisis"
	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/gazetteer"
	"github.com/komek-kz/komek/internal/locale"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referralfile"
	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/internal/terminal"
	"github.com/komek-kz/komek/locales"
	"github.com/komek-kz/komek/referrals"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts from the current behaviour")

// newChat returns a terminal chat over a fresh database seeded with the real
// embedded referral table, the real catalogs and crisis lexicons, with a
// fixed clock.
func newChat(t *testing.T) *terminal.Chat {
	t.Helper()
	cat, err := locale.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	places, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	alarm, err := crisis.Load(locales.Crisis)
	if err != nil {
		t.Fatal(err)
	}
	orgs, problems, err := referralfile.LoadFS(referrals.FS)
	if err != nil || len(problems) > 0 {
		t.Fatalf("embedded table: %v %v", err, problems)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "komek.db"), store.Options{
		Seed: func() ([]referral.Organization, error) { return orgs, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Check(); err != nil {
			t.Error(err)
		}
		db.Close()
	})
	table, err := referral.NewTable(orgs)
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) }
	e := engine.New(engine.Config{DB: db, Lexicon: dialog.Lexicon(cat.Lexicon()), Dialog: engine.WithGazetteer(dialog.Options{ShowUnconfirmed: true, Crisis: alarm}, places), Now: clock, Log: slog.New(slog.DiscardHandler)}, table)
	return &terminal.Chat{Engine: e, Catalog: cat, Echo: true}
}

// Each testdata/transcripts/*.txtar is one conversation: its comment says
// who is writing, "input" holds what they type (one line per message), and
// "transcript" what they see. Run with -update to rewrite the transcripts,
// then read the diff as a conversation.
func TestTranscripts(t *testing.T) {
	files, err := filepath.Glob("testdata/transcripts/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			input, want := section(ar, "input"), section(ar, "transcript")
			var out bytes.Buffer
			if err := newChat(t).Run(context.Background(), strings.NewReader(input), &out); err != nil {
				t.Fatal(err)
			}
			got := out.String()
			if *update {
				setSection(ar, "transcript", got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("transcript differs (rerun with -update and review the diff):\n%s", diff(want, got))
			}
		})
	}
}

func section(ar *txtar.Archive, name string) string {
	for _, f := range ar.Files {
		if f.Name == name {
			return string(f.Data)
		}
	}
	return ""
}

func setSection(ar *txtar.Archive, name, data string) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(data)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
}

// diff shows the first differing line with some context.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n want: " + wl + "\n got:  " + gl
		}
	}
	return "(same lines, different endings)"
}

// The README shows one transcript; this keeps it identical to the tested
// one. With -update it is rewritten from the transcript file.
func TestREADMEShowsATestedTranscript(t *testing.T) {
	const readme = "../../README.md"
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	const marker = "<!-- transcript:"
	i := strings.Index(doc, marker)
	if i < 0 {
		t.Fatal("README has no <!-- transcript:NAME --> marker")
	}
	nameEnd := strings.Index(doc[i:], " -->")
	name := doc[i+len(marker) : i+nameEnd]
	ar, err := txtar.ParseFile(filepath.Join("testdata/transcripts", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	block := "```text" + section(ar, "transcript") + "```\n"
	start := i + nameEnd + len(" -->\n")
	end := start
	if strings.HasPrefix(doc[start:], "```text") {
		end = start + strings.Index(doc[start+3:], "```") + 3 + len("```\n")
	}
	if doc[start:end] == block {
		return
	}
	if !*update {
		t.Fatalf("README's transcript %s is out of date: run go test ./internal/terminal/ -update", name)
	}
	if err := os.WriteFile(readme, []byte(doc[:start]+block+doc[end:]), 0o644); err != nil {
		t.Fatal(err)
	}
}
