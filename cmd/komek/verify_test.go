package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/internal/telegram/telegramtest"
)

// verifyScript answers the first items of "komek referrals verify" on the
// embedded table (leads come first): the Astana crisis line lead
// +7 7172 54 76 03 is reached (how: Enter, by phone), IOM's +7 7172 79 03 45
// is a wrong number, IOM's e-mail gets no answer (how: Enter, e-mail), then
// quit.
const verifyScript = "r\n\nw\nphone\nn\n\nq\n"

// checkVerified checks what verifyScript recorded in the table orgs.
func checkVerified(t *testing.T, orgs []referral.Organization) {
	t.Helper()
	want := map[string]struct {
		outcome     referral.Outcome
		how         string
		unconfirmed bool
	}{
		"+77172547603":      {referral.OutcomeReached, "phone", false},
		"+77172790345":      {referral.OutcomeWrongNumber, "phone", true},
		"iomastana@iom.int": {referral.OutcomeNoAnswer, "email", true},
	}
	found := 0
	for _, o := range orgs {
		for _, s := range o.Services {
			for _, c := range s.Contacts {
				w, ok := want[c.Value]
				if !ok {
					if len(c.Checks) > 0 {
						t.Errorf("%s %s: unexpected checks %+v", s.ID, c.Value, c.Checks)
					}
					continue
				}
				found++
				k, _ := c.LastCheck()
				if len(c.Checks) != 1 || k.Outcome != w.outcome || k.By != "AB" || k.How != w.how || !k.On.Equal(time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)) {
					t.Errorf("%s %s: checks %+v, want %s by AB (%s) on 2026-12-05", s.ID, c.Value, c.Checks, w.outcome, w.how)
				}
				if c.Unconfirmed != w.unconfirmed {
					t.Errorf("%s %s: unconfirmed %v, want %v", s.ID, c.Value, c.Unconfirmed, w.unconfirmed)
				}
				if w.outcome == referral.OutcomeReached && !c.Checked.Equal(k.On) {
					t.Errorf("%s %s: a reached contact is checked on %v", s.ID, c.Value, c.Checked)
				}
			}
		}
	}
	if found != len(want) {
		t.Errorf("found %d of the %d checked contacts", found, len(want))
	}
}

// A coordinator goes through the list: each outcome is stored through the
// import path, and "stale" shows it.
func TestVerifyRecordsReachedWrongNumberAndNoAnswer(t *testing.T) {
	db := filepath.Join(t.TempDir(), "komek.db")
	var out, errs bytes.Buffer
	err := run(context.Background(), []string{"referrals", "verify", "--db", db, "--by", "AB", "--on", "2026-12-05"},
		env(), strings.NewReader(verifyScript), &out, &errs)
	if err != nil {
		t.Fatalf("verify: %v\n%s\n%s", err, out.String(), errs.String())
	}
	for _, w := range []string{"Why: unconfirmed lead", "source: https://", "Ask: Is this", "When do you answer", "Recorded: wrong_number, the contact is not shown to people", "Done: 3 outcomes recorded"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("verify did not say %q:\n%s", w, out.String())
		}
	}
	checkVerified(t, tableOf(t, db))
	stale := mustKomek(t, nil, "referrals", "stale", "--db", db)
	if !strings.Contains(stale, "last check 2026-12-05: wrong_number by AB (phone)") || strings.Contains(stale, "+7 7172 54 76 03") {
		t.Errorf("stale does not show the outcome:\n%s", stale)
	}
}

// While the bot runs, verify goes through its admin endpoint; the outcome
// is in the running bot's table at once.
func TestVerifyWhileServeRuns(t *testing.T) {
	fake := telegramtest.NewServer(t)
	db := filepath.Join(t.TempDir(), "komek.db")
	adminAddr := freeAddr(t)
	token := "an-admin-token-for-tests"
	serve(t, serveEnv(fake, db, "KOMEK_ADMIN_LISTEN", adminAddr, "KOMEK_ADMIN_TOKEN", token))
	fake.NewPerson(t, 9100, "en").Say("/start") // the bot is up and holds the database
	adminEnv := env("KOMEK_DB", db, "KOMEK_ADMIN_URL", "http://"+adminAddr, "KOMEK_ADMIN_TOKEN", token)
	var out, errs bytes.Buffer
	err := run(context.Background(), []string{"referrals", "verify", "--by", "AB", "--on", "2026-12-05"},
		adminEnv, strings.NewReader(verifyScript), &out, &errs)
	if err != nil {
		t.Fatalf("verify while serving: %v\n%s\n%s", err, out.String(), errs.String())
	}
	if !strings.Contains(out.String(), "Done: 3 outcomes recorded in the running bot") {
		t.Errorf("verify said:\n%s\n%s", out.String(), errs.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"referrals", "show", "iom-kazakhstan"}, adminEnv, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `outcome = "wrong_number"`) {
		t.Errorf("the running bot's table has no outcome:\n%s", out.String())
	}
}

// People's feedback and the counters, end to end through Telegram: a
// person says a number did not work; "komek stats" (through the admin
// endpoint while the bot runs) shows it per service, small cells as <5;
// and no counter holds a chat ID.
func TestFeedbackAndStatsThroughTelegram(t *testing.T) {
	fake := telegramtest.NewServer(t)
	db := filepath.Join(t.TempDir(), "komek.db")
	adminAddr := freeAddr(t)
	token := "an-admin-token-for-tests"
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	logs := &lockedBuffer{}
	go func() {
		done <- run(ctx, []string{"serve"}, env(serveEnv(fake, db, "KOMEK_ADMIN_LISTEN", adminAddr, "KOMEK_ADMIN_TOKEN", token)...), nil, io.Discard, logs)
	}()
	ids := []int64{987654321, 987654322, 987654323, 987654324, 987654325, 987654326}
	for _, id := range ids {
		p := fake.NewPerson(t, id, "en")
		for _, step := range []string{"/start", "no", "press:Migrants: documents, wages, going home", "for me", "Almaty", "press:Another country"} {
			act(p, step)
		}
		p.Press("The number didn't work")
		p.Press("Citizens of Uzbekistan: a certificate of return if your passport is lost — Consular service of the Ministry of Foreign Affairs of Uzbekistan")
		if all := strings.Join(p.Since(0), "\n"); !strings.Contains(all, "The coordinators will check this number") {
			t.Fatalf("no thanks after the feedback:\n%s", all)
		}
	}
	p := fake.NewPerson(t, 555000111, "ru")
	act(p, "/start flyer_almaty")
	q := fake.NewPerson(t, 555000112, "ru")
	act(q, "/start 555000112") // a payload that is someone's chat ID is counted as "other"

	adminEnv := env("KOMEK_DB", db, "KOMEK_ADMIN_URL", "http://"+adminAddr, "KOMEK_ADMIN_TOKEN", token)
	var out, errs bytes.Buffer
	today := time.Now().UTC().Format(time.DateOnly)
	if err := run(context.Background(), []string{"stats", "--by", "day", "--format", "csv", "--to", today}, adminEnv, nil, &out, &errs); err != nil {
		t.Fatalf("stats while serving: %v\n%s", err, errs.String())
	}
	csv := out.String()
	for _, w := range []string{
		"period,metric,label,count",
		today + ",started,en,6",
		today + ",need,migrant,6",
		today + ",region,almaty,6",
		today + ",citizenship,foreign,6",
		today + ",feedback,consulate-uzbekistan.certificate-of-return broken,6",
		today + ",start,flyer_almaty,<5",
		today + ",start,other,<5",
	} {
		if !strings.Contains(csv, w) {
			t.Errorf("no %q in the CSV:\n%s", w, csv)
		}
	}
	stale := &bytes.Buffer{}
	if err := run(context.Background(), []string{"referrals", "stale"}, adminEnv, nil, stale, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stale.String(), "people reported 6 times that it didn't work") {
		t.Errorf("stale does not list the reported service:\n%s", stale.String())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v\n%s", err, logs.String())
	}
	noChatIDInCounters(t, db, append(ids, 555000111, 555000112))
}

// noChatIDInCounters reads the bytes of every counter in the database
// (keys and values, as stored) and checks that none holds a chat ID, as
// decimal text or as 8 bytes in either order.
func noChatIDInCounters(t *testing.T, path string, ids []int64) {
	t.Helper()
	d, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	raw, err := d.CounterBytes()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte("feedback")) || !bytes.Contains(raw, []byte("flyer_almaty")) {
		t.Fatalf("the counters are not there: %q", raw)
	}
	for _, id := range ids {
		for _, form := range [][]byte{[]byte(strconv.FormatInt(id, 10)),
			binary.BigEndian.AppendUint64(nil, uint64(id)), binary.LittleEndian.AppendUint64(nil, uint64(id))} {
			if bytes.Contains(raw, form) {
				t.Errorf("a counter holds chat %d (%q)", id, form)
			}
		}
	}
}

// A spreadsheet cannot hold per-need descriptions, partial needs or
// checks: importing one keeps those of the stored table instead of
// dropping them.
func TestSpreadsheetImportKeepsTheTextOnlyFields(t *testing.T) {
	db := filepath.Join(t.TempDir(), "komek.db")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"referrals", "verify", "--db", db, "--by", "AB", "--on", "2026-12-05"},
		env(), strings.NewReader(verifyScript), &out, io.Discard); err != nil {
		t.Fatalf("verify: %v\n%s", err, out.String())
	}
	csvFile := filepath.Join(t.TempDir(), "table.csv")
	mustKomek(t, nil, "referrals", "export", "--db", db, "--format", "csv", "-o", csvFile)
	mustKomek(t, nil, "referrals", "import", csvFile, "--db", db, "--mode", "replace", "--yes")
	orgs := tableOf(t, db)
	checkVerified(t, orgs)
	for _, o := range orgs {
		for _, s := range o.Services {
			if s.ID == "contact-centre-111.hotline" && s.NeedDescriptions[referral.NeedChildRehab].RU == "" {
				t.Error("111's description for parents was lost")
			}
			if s.ID == "unhcr-central-asia.refugees" && !s.PartlyServes(referral.NeedMigrant) {
				t.Error("UNHCR's partial need was lost")
			}
		}
	}
}

// A wrong number on a confirmed contact makes it a lead again, so the bot
// stops showing it; reached confirms and dates a lead; no answer changes
// only the record.
func TestVerifyOutcomeMarksTheContact(t *testing.T) {
	day := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	shown := referral.Contact{Kind: referral.Phone, Value: "1303", Checked: day.AddDate(-1, 0, 0)}
	record(&shown, referral.Check{Outcome: referral.OutcomeWrongNumber, By: "AB", On: day, How: "phone"}, day)
	if !shown.Unconfirmed || !shown.Checked.Equal(day.AddDate(-1, 0, 0)) {
		t.Errorf("wrong number: %+v", shown)
	}
	lead := referral.Contact{Kind: referral.Phone, Value: "1303", Unconfirmed: true}
	record(&lead, referral.Check{Outcome: referral.OutcomeReached, By: "AB", On: day, How: "phone"}, day)
	if lead.Unconfirmed || !lead.Checked.Equal(day) {
		t.Errorf("reached: %+v", lead)
	}
	quiet := referral.Contact{Kind: referral.Phone, Value: "1303"}
	record(&quiet, referral.Check{Outcome: referral.OutcomeNoAnswer, By: "AB", On: day, How: "phone"}, day)
	if quiet.Unconfirmed || !quiet.Checked.IsZero() || len(quiet.Checks) != 1 {
		t.Errorf("no answer: %+v", quiet)
	}
}
