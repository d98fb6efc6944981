package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"
)

// request is one validated call handed to a method handler.
type request struct {
	ctx    context.Context
	method string
	params map[string]string
}

// handler implements one Bot API method. It returns the result (encoded as
// JSON, or rawResult verbatim) or an error answer.
type handler func(s *Server, r *request) (any, *apiError)

// rawResult is a result that is already JSON (or deliberately not).
type rawResult []byte

// handlers are the methods the fake implements.
var handlers = map[string]handler{
	"getMe":                  (*Server).getMe,
	"getUpdates":             (*Server).getUpdates,
	"setWebhook":             (*Server).setWebhook,
	"deleteWebhook":          (*Server).deleteWebhook,
	"getWebhookInfo":         (*Server).getWebhookInfo,
	"sendMessage":            (*Server).sendMessage,
	"editMessageText":        (*Server).editMessageText,
	"editMessageReplyMarkup": (*Server).editMessageReplyMarkup,
	"answerCallbackQuery":    (*Server).answerCallbackQuery,
	"deleteMessage":          (*Server).deleteMessage,
	"deleteMessages":         (*Server).deleteMessages,
	"setMyCommands":          (*Server).setMyCommands,
	"sendContact":            (*Server).sendContact,
	"sendLocation":           (*Server).sendLocation,
	"sendVenue":              (*Server).sendVenue,
}

// apiError is a non-ok answer. report marks a mistake of the bot (a
// violation of the API) that also fails the test; errors a correct bot
// must expect (a blocked user, an old message) are not reported.
type apiError struct {
	status     int
	desc       string
	retryAfter int
	report     bool
	reason     string // for the test log, when report is set
}

func badRequest(desc string) *apiError {
	return &apiError{status: http.StatusBadRequest, desc: "Bad Request: " + desc}
}

// bug returns a reported 400 answer.
func bug(desc, reason string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, desc: "Bad Request: " + desc, report: true, reason: fmt.Sprintf(reason, args...)}
}

// reply is the answer to one request.
type reply struct {
	status      int
	body        []byte
	contentType string
	drop        bool // hijack and close the connection
	gone        bool // write nothing: the client has left
}

func okReply(result any) reply {
	raw, ok := result.(rawResult)
	if !ok {
		b, err := json.Marshal(result)
		if err != nil {
			return errReply(&apiError{status: 500, desc: "Internal Server Error: fake can't encode result: " + err.Error()})
		}
		raw = b
	}
	body := append([]byte(`{"ok":true,"result":`), raw...)
	return reply{status: http.StatusOK, body: append(body, '}'), contentType: "application/json"}
}

func errReply(e *apiError) reply {
	v := map[string]any{"ok": false, "error_code": e.status, "description": e.desc}
	if e.retryAfter > 0 {
		v["parameters"] = map[string]int{"retry_after": e.retryAfter}
	}
	b, _ := json.Marshal(v)
	return reply{status: e.status, body: b, contentType: "application/json"}
}

// ServeHTTP answers one Bot API request; see the package doc.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := Call{At: time.Now()}
	half := s.halfLatency()
	travel(r.Context(), half)
	rep := s.handle(r, &c)
	if !rep.drop && !rep.gone {
		c.Status = rep.status
		if rep.status != http.StatusOK {
			c.Error = errorDescription(rep.body)
		}
	}
	s.mu.Lock()
	s.calls = append(s.calls, c)
	s.notifyLocked()
	s.mu.Unlock()
	travel(r.Context(), half)
	switch {
	case rep.drop:
		dropConnection(w)
	case rep.gone:
	default:
		w.Header().Set("Content-Type", rep.contentType)
		w.WriteHeader(rep.status)
		_, _ = w.Write(rep.body)
	}
}

func errorDescription(body []byte) string {
	var v struct {
		Description string `json:"description"`
	}
	if json.Unmarshal(body, &v) != nil || v.Description == "" {
		return strings.TrimSpace(string(body))
	}
	return v.Description
}

// handle checks and executes one request, filling c.
func (s *Server) handle(r *http.Request, c *Call) reply {
	token, method, ok := splitPath(r.URL.Path)
	c.Method = method
	if !ok {
		s.t.Errorf("telegramtest: request path %q is not /bot<token>/<method>", r.URL.Path)
		return errReply(&apiError{status: http.StatusNotFound, desc: "Not Found"})
	}
	params, files, err := readParams(r)
	c.Params = params
	if err != nil {
		s.t.Errorf("telegramtest: %s: unreadable request: %v", method, err)
		return errReply(badRequest("can't read request: " + err.Error()))
	}
	if token != s.token {
		s.t.Errorf("telegramtest: %s: wrong bot token in the request path", method)
		return errReply(&apiError{status: http.StatusUnauthorized, desc: "Unauthorized"})
	}
	m, ok := s.spec.method(method)
	if !ok {
		s.t.Errorf("telegramtest: %s: no such method in the Bot API spec (%s)", method, s.spec.Version)
		return errReply(&apiError{status: http.StatusNotFound, desc: "Not Found"})
	}
	c.Method = m.Name
	h := handlers[m.Name]
	if h == nil {
		s.t.Errorf("telegramtest: %s: method not implemented by the fake", m.Name)
		return errReply(badRequest("method not implemented by the fake"))
	}
	vs := s.spec.checkParams(m, params, files)
	if len(vs) == 0 {
		vs = checkRules(m.Name, params)
	}
	for _, v := range vs {
		s.t.Errorf("telegramtest: %s: parameter %q: %s", m.Name, v.param, v.reason)
	}
	if len(vs) > 0 {
		return errReply(&apiError{status: http.StatusBadRequest, desc: vs[0].desc})
	}
	if rep, done := s.applyFault(r.Context(), m.Name, c); done {
		return rep
	}
	res, e := h(s, &request{ctx: r.Context(), method: m.Name, params: params})
	if e != nil {
		if e.report {
			s.t.Errorf("telegramtest: %s: %s", m.Name, e.reason)
		}
		return errReply(e)
	}
	return okReply(res)
}

// splitPath splits "/bot<token>/<method>".
func splitPath(p string) (token, method string, ok bool) {
	rest, ok := strings.CutPrefix(p, "/bot")
	if !ok {
		return "", "", false
	}
	i := strings.LastIndexByte(rest, '/')
	if i <= 0 || i == len(rest)-1 {
		return "", "", false
	}
	return rest[:i], rest[i+1:], true
}

// readParams collects the parameters of a request sent as a query string,
// a urlencoded or multipart form, or a JSON object (all of which Telegram
// accepts). JSON values other than strings are kept as their JSON text.
func readParams(r *http.Request) (map[string]string, map[string]bool, error) {
	r.Body = http.MaxBytesReader(nil, r.Body, 50<<20)
	params, files := map[string]string{}, map[string]bool{}
	for k, v := range r.URL.Query() {
		params[k] = v[0]
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			return params, files, err
		}
		for k, v := range r.MultipartForm.Value {
			params[k] = v[0]
		}
		for k := range r.MultipartForm.File {
			files[k] = true
		}
	case "application/json":
		var obj map[string]json.RawMessage
		if err := json.NewDecoder(r.Body).Decode(&obj); err != nil {
			return params, files, err
		}
		for k, raw := range obj {
			var str string
			if json.Unmarshal(raw, &str) == nil {
				params[k] = str
			} else {
				params[k] = string(raw)
			}
		}
	default:
		if err := r.ParseForm(); err != nil {
			return params, files, err
		}
		for k, v := range r.PostForm {
			params[k] = v[0]
		}
	}
	return params, files, nil
}
