// Package admin is the running bot's administration endpoint: it lets the
// komek command change the referral table, read it and back the database
// up while "komek serve" holds the database, which no second process can
// open. Mount the handler New returns on a listener bound to the loopback
// interface only.
//
// # Endpoints
//
// Every request needs the header "Authorization: Bearer <token>"; without
// it, or with another token, the answer is 401. An empty Config.Token turns
// the endpoint off: every request is answered 404.
//
//	GET  /admin/referrals   the table as a JSON list of referral.Organization
//	                        (the store's encoding), in table order
//	POST /admin/referrals?mode=replace|merge[&dry_run=1][&base=FINGERPRINT][&keep_text_only=1]
//	                        body: the incoming organisations in the same JSON
//	                        (at most MaxBody bytes). Imports them all or nothing
//	                        (tableops.Apply) and answers a Response. 200 when
//	                        applied or on a dry run, 422 with the problems when
//	                        the table would be invalid, 409 when base is given
//	                        and the table changed since, 400 for a bad request.
//	                        On success the running bot answers from the new
//	                        table at once (Config.OnTable).
//	GET  /admin/backup      a consistent copy of the database file, streamed
//	                        from one read transaction (application/octet-stream)
//	GET  /admin/stats?from=YYYY-MM-DD&to=YYYY-MM-DD
//	                        the anonymous daily counters of those days
//	                        (inclusive) as a JSON list of store.DayCount:
//	                        codes and counts, never a chat
package admin

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/store"
	"github.com/komek-kz/komek/internal/tableops"
)

// MaxBody is the largest request body accepted: far more than the referral
// table will ever need.
const MaxBody = 16 << 20

// Config is what the handler needs.
type Config struct {
	DB *store.DB
	// Token is the secret a client sends as "Authorization: Bearer <token>".
	// Empty disables the endpoint.
	Token string
	// OnTable is called with the new table after a successful import, so
	// the running engine switches to it (engine.Engine.SetTable). Nil does
	// nothing.
	OnTable func(*referral.Table)
	Log     *slog.Logger
	// Now is the clock for the backup's file name; nil means time.Now.
	Now func() time.Time
}

// Response is the answer to POST /admin/referrals.
type Response struct {
	Plan     tableops.Plan      `json:"plan"`
	Problems []referral.Problem `json:"problems,omitempty"`
	Applied  bool               `json:"applied"`
	// Error explains a refused request in plain words.
	Error string `json:"error,omitempty"`
}

type handler struct {
	cfg Config
	mux *http.ServeMux
}

// New returns the admin handler. It is safe for concurrent use.
func New(cfg Config) http.Handler {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	h := &handler{cfg: cfg, mux: http.NewServeMux()}
	h.mux.HandleFunc("GET /admin/referrals", h.getTable)
	h.mux.HandleFunc("POST /admin/referrals", h.postTable)
	h.mux.HandleFunc("GET /admin/backup", h.backup)
	h.mux.HandleFunc("GET /admin/stats", h.stats)
	return h
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.cfg.Token == "" {
		http.NotFound(w, r)
		return
	}
	if !h.authorized(r) {
		h.cfg.Log.Warn("admin: unauthorized request", "method", r.Method, "path", r.URL.Path)
		w.Header().Set("WWW-Authenticate", `Bearer realm="komek admin"`)
		http.Error(w, "unauthorized: send the admin token as Authorization: Bearer <token>", http.StatusUnauthorized)
		return
	}
	h.mux.ServeHTTP(w, r)
}

func (h *handler) authorized(r *http.Request) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(h.cfg.Token)) == 1
}

func (h *handler) getTable(w http.ResponseWriter, r *http.Request) {
	orgs, err := h.cfg.DB.Table()
	if err != nil {
		h.fail(w, "read the table", err)
		return
	}
	if orgs == nil {
		orgs = []referral.Organization{}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(orgs)
}

func (h *handler) postTable(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	mode, err := tableops.ParseMode(q.Get("mode"))
	if err != nil {
		reply(w, http.StatusBadRequest, Response{Error: err.Error()})
		return
	}
	var incoming []referral.Organization
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&incoming); err != nil {
		status := http.StatusBadRequest
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			status = http.StatusRequestEntityTooLarge
		}
		reply(w, status, Response{Error: "the body is not a JSON list of organisations: " + err.Error()})
		return
	}
	opts := tableops.Options{Mode: mode, DryRun: q.Get("dry_run") == "1" || q.Get("dry_run") == "true", IfBase: q.Get("base"),
		KeepTextOnly: q.Get("keep_text_only") == "1"}
	res, err := tableops.Apply(h.cfg.DB, incoming, opts)
	switch {
	case errors.Is(err, tableops.ErrTableChanged):
		reply(w, http.StatusConflict, Response{Error: err.Error()})
		return
	case err != nil:
		h.fail(w, "import", err)
		return
	}
	out := Response{Plan: res.Plan, Problems: res.Problems, Applied: res.Applied}
	if len(res.Problems) > 0 {
		reply(w, http.StatusUnprocessableEntity, out)
		return
	}
	if res.Applied && res.Table != nil {
		h.cfg.Log.Info("admin: referral table imported", "mode", mode, "added", res.Plan.Count(tableops.Added),
			"changed", res.Plan.Count(tableops.Changed), "removed", res.Plan.Count(tableops.Removed), "services", res.Table.Len())
		if h.cfg.OnTable != nil {
			h.cfg.OnTable(res.Table)
		}
	}
	reply(w, http.StatusOK, out)
}

func (h *handler) backup(w http.ResponseWriter, r *http.Request) {
	name := "komek-" + h.cfg.Now().UTC().Format("20060102-150405") + ".db"
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	if _, err := h.cfg.DB.WriteTo(w); err != nil {
		// The status is sent; the client sees a short body and must not
		// trust it (the CLI verifies every backup it receives).
		h.cfg.Log.Error("admin: backup", "err", err)
	}
}

func (h *handler) fail(w http.ResponseWriter, op string, err error) {
	h.cfg.Log.Error("admin: "+op, "err", err)
	reply(w, http.StatusInternalServerError, Response{Error: op + " failed; see the bot's log"})
}

func reply(w http.ResponseWriter, status int, resp Response) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(resp)
}

func (h *handler) stats(w http.ResponseWriter, r *http.Request) {
	from, err1 := time.Parse(time.DateOnly, r.URL.Query().Get("from"))
	to, err2 := time.Parse(time.DateOnly, r.URL.Query().Get("to"))
	if err1 != nil || err2 != nil {
		http.Error(w, "from and to must be dates as 2026-12-04", http.StatusBadRequest)
		return
	}
	counts, err := h.cfg.DB.DayCounts(from, to)
	if err != nil {
		h.fail(w, "read the counters", err)
		return
	}
	if counts == nil {
		counts = []store.DayCount{}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(counts)
}
