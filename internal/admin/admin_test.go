package admin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/admin"
	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/engine"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referral/referraltest"
	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/internal/tableops"
)

const token = "s3cret-token"

// bot is a running bot as far as the admin endpoint sees it: a database
// holding the fixture table, an engine answering from it, and the handler
// on a loopback test server.
type bot struct {
	db     *store.DB
	engine *engine.Engine
	srv    *httptest.Server
}

func newBot(t *testing.T, tok string) *bot {
	t.Helper()
	path := filepath.Join(t.TempDir(), "komek.db")
	db, err := store.Open(path, store.Options{Seed: func() ([]referral.Organization, error) { return referraltest.Organizations(), nil }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		again, err := store.Open(path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer again.Close()
		if err := again.Check(); err != nil {
			t.Error(err)
		}
	})
	e := engine.New(engine.Config{DB: db}, referraltest.Table())
	srv := httptest.NewServer(admin.New(admin.Config{DB: db, Token: tok, OnTable: e.SetTable}))
	t.Cleanup(srv.Close)
	return &bot{db: db, engine: e, srv: srv}
}

func (b *bot) do(t *testing.T, method, path, tok string, body []byte) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, b.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, data
}

func (b *bot) table(t *testing.T) []referral.Organization {
	t.Helper()
	orgs, err := b.db.Table()
	if err != nil {
		t.Fatal(err)
	}
	return orgs
}

func post(t *testing.T, b *bot, query string, orgs []referral.Organization) (int, admin.Response) {
	t.Helper()
	body, _ := json.Marshal(orgs)
	resp, data := b.do(t, "POST", "/admin/referrals?"+query, token, body)
	var r admin.Response
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("response %s: %v", data, err)
	}
	return resp.StatusCode, r
}

func TestAuth(t *testing.T) {
	b := newBot(t, token)
	for _, tok := range []string{"", "wrong", token + "x"} {
		for _, p := range []string{"/admin/referrals", "/admin/backup"} {
			if resp, _ := b.do(t, "GET", p, tok, nil); resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("GET %s with token %q: %d, want 401", p, tok, resp.StatusCode)
			}
		}
	}
	if resp, data := b.do(t, "GET", "/admin/referrals", token, nil); resp.StatusCode != 200 || !bytes.Contains(data, []byte(`"ID"`)) {
		t.Errorf("GET with the token: %d %s", resp.StatusCode, data)
	}
	off := newBot(t, "")
	for _, tok := range []string{"", "anything"} {
		if resp, _ := off.do(t, "GET", "/admin/referrals", tok, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("disabled endpoint: %d, want 404", resp.StatusCode)
		}
	}
}

// newLine is an organisation with an emergency number not in the fixture.
func newLine() referral.Organization {
	day := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	t := referral.Text{KK: "Жаңа желі", RU: "Новая линия", EN: "New line"}
	return referral.Organization{ID: "new-line", Kind: referral.KindState, Name: t, Services: []referral.Service{{
		ID: "new-line.emergency", Name: t, Description: t, Emergency: true, Area: referral.Area{Nationwide: true},
		Hours:    referral.Hours{Always: true},
		Contacts: []referral.Contact{{Kind: referral.Phone, Value: "112", Sources: []string{"https://example.org/112"}, Checked: day}},
	}}}
}

func TestDryRunChangesNothing(t *testing.T) {
	b := newBot(t, token)
	before := b.table(t)
	status, r := post(t, b, "mode=merge&dry_run=1", []referral.Organization{newLine()})
	if status != 200 || r.Applied || r.Plan.Count(tableops.Added) != 2 {
		t.Fatalf("dry run: %d %+v", status, r)
	}
	if !reflect.DeepEqual(b.table(t), before) || b.engine.Table().Len() != len(serviceIDs(before)) {
		t.Error("a dry run changed the table")
	}
}

func TestMergeKeepsAndReplaceRemoves(t *testing.T) {
	b := newBot(t, token)
	before := b.table(t)
	status, r := post(t, b, "mode=merge", []referral.Organization{newLine()})
	if status != 200 || !r.Applied || r.Plan.Count(tableops.Removed) != 0 {
		t.Fatalf("merge: %d %+v", status, r)
	}
	if got := b.table(t); len(got) != len(before)+1 {
		t.Errorf("after merge: %d organisations, want %d", len(got), len(before)+1)
	}
	status, r = post(t, b, "mode=replace", []referral.Organization{newLine()})
	if status != 200 || !r.Applied || r.Plan.Count(tableops.Removed) != len(before)+len(serviceIDs(before)) {
		t.Fatalf("replace: %d %+v", status, r)
	}
	if got := b.table(t); !reflect.DeepEqual(got, []referral.Organization{newLine()}) {
		t.Errorf("after replace: %+v", got)
	}
}

func TestBadBodiesChangeNothing(t *testing.T) {
	b := newBot(t, token)
	before := b.table(t)
	invalid := newLine()
	invalid.Services[0].Contacts[0].Sources = nil
	cases := []struct {
		name, query string
		body        []byte
		status      int
		want        string
	}{
		{"not JSON", "mode=merge", []byte("id = 'x'"), 400, "not a JSON list"},
		{"unknown mode", "mode=append", []byte("[]"), 400, "unknown mode"},
		{"unknown field", "mode=merge", []byte(`[{"Nope": "x"}]`), 400, "unknown field"},
		{"invalid table", "mode=merge", mustJSON([]referral.Organization{invalid}), 422, "every contact needs the URL"},
		{"stale base", "mode=merge&base=0000", mustJSON([]referral.Organization{newLine()}), 409, "changed since"},
		{"too big", "mode=merge", bytes.Repeat([]byte(" "), admin.MaxBody+1), 413, "not a JSON list"},
	}
	for _, c := range cases {
		resp, data := b.do(t, "POST", "/admin/referrals?"+c.query, token, c.body)
		if resp.StatusCode != c.status || !strings.Contains(string(data), c.want) {
			t.Errorf("%s: %d %s; want %d with %q", c.name, resp.StatusCode, data, c.status, c.want)
		}
	}
	if !reflect.DeepEqual(b.table(t), before) {
		t.Error("a refused import changed the table")
	}
}

// TestTheBotAnswersFromTheNewTableAtOnce: right after an import through
// the endpoint, a person in danger is shown the new emergency number.
func TestTheBotAnswersFromTheNewTableAtOnce(t *testing.T) {
	b := newBot(t, token)
	if shown(t, b.engine, "s1")["new-line.emergency"] {
		t.Fatal("the new line is shown before the import")
	}
	if status, r := post(t, b, "mode=merge", []referral.Organization{newLine()}); status != 200 || !r.Applied {
		t.Fatalf("import: %d %+v", status, r)
	}
	if !shown(t, b.engine, "s2")["new-line.emergency"] {
		t.Error("the bot does not show the imported emergency number")
	}
}

// shown runs a conversation to the emergency numbers and returns the IDs of
// the services shown.
func shown(t *testing.T, e *engine.Engine, chat string) map[string]bool {
	t.Helper()
	key := store.SessionKey{Channel: "test", Chat: chat}
	ctx := context.Background()
	last := func(r engine.Reply) dialog.Output { return r.Outputs[len(r.Outputs)-1] }
	r, err := e.Handle(ctx, key, dialog.Cmd(dialog.CmdStart))
	if err != nil {
		t.Fatal(err)
	}
	r, _ = e.Handle(ctx, key, dialog.Press(last(r).Step, last(r).Seq, "en"))
	r, _ = e.Handle(ctx, key, dialog.Press(last(r).Step, last(r).Seq, "yes"))
	ids := make(map[string]bool)
	for _, o := range r.Outputs {
		for _, res := range o.Results {
			ids[res.Service.ID] = true
		}
	}
	if len(ids) == 0 {
		t.Fatalf("no services shown: %+v", r.Outputs)
	}
	return ids
}

func TestBackupIsADatabase(t *testing.T) {
	b := newBot(t, token)
	resp, data := b.do(t, "GET", "/admin/backup", token, nil)
	if resp.StatusCode != 200 || len(data) == 0 {
		t.Fatalf("backup: %d, %d bytes", resp.StatusCode, len(data))
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := writeFile(path, data); err != nil {
		t.Fatal(err)
	}
	info, err := store.Verify(path, 0)
	if err != nil || info.Organizations != len(b.table(t)) {
		t.Errorf("Verify(backup) = %+v, %v", info, err)
	}
}

func serviceIDs(orgs []referral.Organization) []string {
	var ids []string
	for _, o := range orgs {
		for _, s := range o.Services {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

func mustJSON(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return data
}
