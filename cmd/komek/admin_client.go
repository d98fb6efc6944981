package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/komek-kz/komek/internal/admin"
	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/internal/tableops"
)

// defaultAdminURL is where "komek serve" listens for the admin endpoint
// unless KOMEK_ADMIN_URL says otherwise.
const defaultAdminURL = "http://127.0.0.1:8081"

// adminConfig is how the table commands reach a running bot when it holds
// the database.
type adminConfig struct {
	URL   string
	Token string // never printed
}

// admin resolves the admin endpoint's flags: the token itself, or the file
// that holds it, and the endpoint's address.
func (f tableFlags) admin() (adminConfig, error) {
	c := adminConfig{URL: f.AdminURL, Token: f.AdminToken}
	if c.Token == "" && f.AdminTokenFile != "" {
		data, err := os.ReadFile(f.AdminTokenFile)
		if err != nil {
			return c, usageError{fmt.Sprintf("KOMEK_ADMIN_TOKEN_FILE / --admin-token-file: cannot read %s: %v", f.AdminTokenFile, errors.Unwrap(err))}
		}
		c.Token = strings.TrimSpace(string(data))
	}
	if u, err := url.Parse(c.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, usageError{fmt.Sprintf("KOMEK_ADMIN_URL / --admin-url: %q is not an address such as %s", c.URL, defaultAdminURL)}
	}
	return c, nil
}

// lockedAdvice is the message when the database is held and no admin token
// is configured.
func lockedAdvice(db string) error {
	return fmt.Errorf("the database %s is in use by another komek process (is \"komek serve\" running?). "+
		"To use the running bot, set KOMEK_ADMIN_TOKEN (or KOMEK_ADMIN_TOKEN_FILE) to its admin token, "+
		"and KOMEK_ADMIN_URL if it does not listen on %s; or stop the bot and run this command again", db, defaultAdminURL)
}

// adminClient talks to a running bot's admin endpoint.
type adminClient struct {
	cfg  adminConfig
	http *http.Client
}

func newAdminClient(cfg adminConfig) *adminClient {
	return &adminClient{cfg: cfg, http: &http.Client{Timeout: 60 * time.Second}}
}

func (c *adminClient) do(method, path string, body []byte) (*http.Response, error) {
	req, err := http.NewRequest(method, strings.TrimRight(c.cfg.URL, "/")+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.cfg.Token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("cannot reach the running bot's admin endpoint at %s (%v): check that \"komek serve\" runs with its admin endpoint, and KOMEK_ADMIN_URL", c.cfg.URL, errors.Unwrap(err))
	}
	switch resp.StatusCode {
	case http.StatusUnauthorized:
		resp.Body.Close()
		return nil, errors.New("the running bot refused the admin token: set KOMEK_ADMIN_TOKEN to the token the bot was started with")
	case http.StatusNotFound:
		resp.Body.Close()
		return nil, fmt.Errorf("%s has no admin endpoint: the bot was started without an admin token, or KOMEK_ADMIN_URL is wrong", c.cfg.URL)
	}
	return resp, nil
}

// table fetches the current table.
func (c *adminClient) table() ([]referral.Organization, error) {
	resp, err := c.do("GET", "/admin/referrals", nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the running bot could not send the table (%s)", resp.Status)
	}
	var orgs []referral.Organization
	if err := json.NewDecoder(resp.Body).Decode(&orgs); err != nil {
		return nil, fmt.Errorf("read the table from the running bot: %w", err)
	}
	return orgs, nil
}

// apply sends an import; see admin's POST /admin/referrals.
func (c *adminClient) apply(orgs []referral.Organization, opts tableops.Options) (tableops.Result, error) {
	body, err := json.Marshal(orgs)
	if err != nil {
		return tableops.Result{}, err
	}
	q := url.Values{"mode": {string(opts.Mode)}}
	if opts.DryRun {
		q.Set("dry_run", "1")
	}
	if opts.IfBase != "" {
		q.Set("base", opts.IfBase)
	}
	if opts.KeepTextOnly {
		q.Set("keep_text_only", "1")
	}
	resp, err := c.do("POST", "/admin/referrals?"+q.Encode(), body)
	if err != nil {
		return tableops.Result{}, err
	}
	defer resp.Body.Close()
	var r admin.Response
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return tableops.Result{}, fmt.Errorf("the running bot answered %s", resp.Status)
	}
	switch resp.StatusCode {
	case http.StatusOK, http.StatusUnprocessableEntity:
		return tableops.Result{Plan: r.Plan, Problems: r.Problems, Applied: r.Applied}, nil
	case http.StatusConflict:
		return tableops.Result{}, tableops.ErrTableChanged
	}
	return tableops.Result{}, fmt.Errorf("the running bot refused the import: %s", r.Error)
}

// backup streams a copy of the live database into w.
func (c *adminClient) backup(w io.Writer) error {
	resp, err := c.do("GET", "/admin/backup", nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the running bot could not make a backup (%s)", resp.Status)
	}
	_, err = io.Copy(w, resp.Body)
	return err
}

// dayCounts fetches the anonymous daily counters; see GET /admin/stats.
func (c *adminClient) dayCounts(from, to time.Time) ([]store.DayCount, error) {
	q := url.Values{"from": {from.Format(time.DateOnly)}, "to": {to.Format(time.DateOnly)}}
	resp, err := c.do("GET", "/admin/stats?"+q.Encode(), nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the running bot could not send the counters (%s)", resp.Status)
	}
	var out []store.DayCount
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("read the counters from the running bot: %w", err)
	}
	return out, nil
}
