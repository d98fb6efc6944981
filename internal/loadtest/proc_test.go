package loadtest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/telegram/telegramtest"
)

// proc is a child process, komek serve or the echo baseline, that can be
// stopped, killed and started again with the same command. Its standard
// error goes to a log file kept across restarts.
type proc struct {
	t       *testing.T
	name    string
	bin     string
	args    []string
	env     []string
	logPath string
	cmd     *exec.Cmd
	exited  chan struct{} // closed when the current process has exited
	// expected is set while the test itself stops or kills the process;
	// any other exit fails the test.
	expected atomic.Bool
	// profile is the CPU profile a komekprofile build writes on SIGUSR1.
	profile string
}

// startProc starts bin with args and exactly env (plus PATH, HOME and
// TMPDIR), logging to a file in the test's temporary folder.
func startProc(t *testing.T, name, bin string, args, env []string) *proc {
	t.Helper()
	for _, k := range []string{"PATH", "HOME", "TMPDIR"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	dir := t.TempDir()
	if *logDir != "" {
		dir = *logDir
	}
	logName := strings.NewReplacer("/", "_", " ", "_", ",", "").Replace(t.Name())
	p := &proc{t: t, name: name, bin: bin, args: args, env: env,
		logPath: filepath.Join(dir, fmt.Sprintf("%s-%s-%d.log", logName, name, profiles.Add(1)))}
	p.start()
	t.Cleanup(func() {
		if p.running() {
			p.kill()
		}
	})
	return p
}

func (p *proc) start() {
	p.t.Helper()
	logf, err := os.OpenFile(p.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		p.t.Fatal(err)
	}
	p.cmd = exec.Command(p.bin, p.args...)
	p.cmd.Env = p.env
	p.cmd.Stderr, p.cmd.Stdout = logf, logf
	if err := p.cmd.Start(); err != nil {
		logf.Close()
		p.t.Fatalf("start %s: %v", p.name, err)
	}
	p.expected.Store(false)
	exited, cmd := make(chan struct{}), p.cmd
	p.exited = exited
	go func() {
		err := cmd.Wait()
		logf.Close()
		if !p.expected.Load() {
			p.t.Errorf("%s exited by itself: %v\n%s", p.name, err, p.logTail())
		}
		close(exited)
	}()
}

func (p *proc) pid() int { return p.cmd.Process.Pid }

func (p *proc) running() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// kill kills the process with SIGKILL and waits until it is gone.
func (p *proc) kill() {
	p.expected.Store(true)
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.exited
}

// stop asks the process to stop (SIGTERM), waits, and fails the test if it
// does not exit cleanly within a minute.
func (p *proc) stop() {
	p.t.Helper()
	p.expected.Store(true)
	p.saveProfile()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(time.Minute):
		p.kill()
		p.t.Errorf("%s did not stop within a minute of SIGTERM", p.name)
		return
	}
	if st := p.cmd.ProcessState; st == nil || !st.Success() {
		p.t.Errorf("%s stopped with %v\n%s", p.name, st, p.logTail())
	}
}

// saveProfile has a komekprofile build write its CPU profile, and waits
// (up to ten seconds) until it has.
func (p *proc) saveProfile() {
	if p.profile == "" {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGUSR1)
	for range 200 {
		if _, err := os.Stat(p.profile); err == nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.t.Errorf("%s wrote no CPU profile to %s", p.name, p.profile)
}

// restart kills the process with SIGKILL and starts it again.
func (p *proc) restart() {
	p.kill()
	p.start()
}

// logTail returns the last lines of the log.
func (p *proc) logTail() string {
	b, _ := os.ReadFile(p.logPath)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-20):], "\n")
}

// usage is what /proc says about a process at one moment.
type usage struct {
	cpu time.Duration // user + system CPU time so far
	hwm int64         // peak resident set size, bytes (VmHWM)
	rss int64         // resident set size now, bytes (VmRSS)
}

// clockTick is the unit of /proc/<pid>/stat's times: USER_HZ, 100 on
// Linux everywhere.
const clockTick = 10 * time.Millisecond

func (p *proc) usage() usage {
	p.t.Helper()
	u, err := readUsage(p.pid())
	if err != nil {
		p.t.Logf("%s: no CPU or RSS figures: %v", p.name, err) // not Linux
	}
	return u
}

func readUsage(pid int) (usage, error) {
	var u usage
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return u, err
	}
	// Fields after the command name, which is in parentheses and may hold
	// spaces: state is field 3, utime 14 and stime 15.
	f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	if len(f) < 13 {
		return u, errors.New("short /proc stat")
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	u.cpu = time.Duration(ut+st) * clockTick
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return u, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			u.hwm = kiB(v)
		}
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			u.rss = kiB(v)
		}
	}
	return u, nil
}

// kiB reads a /proc/<pid>/status figure such as "  1234 kB" as bytes.
func kiB(v string) int64 {
	kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
	return kb * 1024
}

// freeAddr returns a loopback address with a port free right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// Raised outgoing limits for the load runs: Telegram allows about 30
// messages a second in all and about one a second per chat; the fake has
// no limits, and the runs measure the bot's own cost, so the limits are
// set far above anything the runs reach. The worker pool keeps its
// default (16).
const (
	loadRate      = "1000000"
	loadChatRate  = "1000000"
	loadChatBurst = "1000"
)

// profiles numbers the CPU profiles of a run.
var profiles atomic.Int64

// serveConfig is how a komek serve child runs.
type serveConfig struct {
	db          string
	webhook     bool
	listen      string // webhook mode: a fixed address, so a restart keeps it
	callTimeout string // "" for the default
	workers     int    // 0 for the default
	// shipped keeps komek's own outgoing limits (KOMEK_RATE,
	// KOMEK_CHAT_RATE, KOMEK_CHAT_BURST unset) instead of raising them.
	shipped bool
	extra   []string
}

// startKomek starts komek serve against fake.
func startKomek(t *testing.T, fake *telegramtest.Server, c serveConfig) *proc {
	t.Helper()
	listen := c.listen
	if listen == "" {
		listen = "127.0.0.1:0"
	}
	env := []string{
		"TELEGRAM_TOKEN=" + fake.Token(), "TELEGRAM_API_URL=" + fake.URL(), "KOMEK_DB=" + c.db,
		"KOMEK_LISTEN=" + listen, "KOMEK_HASH_KEY=loadtest-hash-key-0123456789",
		"KOMEK_LOG_LEVEL=info",
	}
	if !c.shipped {
		env = append(env, "KOMEK_RATE="+loadRate, "KOMEK_CHAT_RATE="+loadChatRate, "KOMEK_CHAT_BURST="+loadChatBurst)
	}
	if c.webhook {
		env = append(env, "KOMEK_WEBHOOK_URL=http://"+listen+"/telegram", "KOMEK_WEBHOOK_SECRET=loadtest-webhook-secret")
	}
	if c.workers > 0 {
		env = append(env, fmt.Sprintf("KOMEK_WORKERS=%d", c.workers))
	}
	if c.callTimeout != "" {
		env = append(env, "KOMEK_CALL_TIMEOUT="+c.callTimeout)
	}
	env = append(env, c.extra...)
	var prof string
	if *profile != "" {
		name := strings.NewReplacer("/", "_", " ", "_", ",", "").Replace(t.Name())
		prof = filepath.Join(*profile, fmt.Sprintf("%s-%d.cpu", name, profiles.Add(1)))
		env = append(env, "KOMEK_CPU_PROFILE="+prof)
		_ = os.Remove(prof)
	}
	p := startProc(t, "komek", komekBinary(t), []string{"serve"}, env)
	p.profile = prof
	return p
}

// startEcho starts the echo baseline against fake: this test binary again.
func startEcho(t *testing.T, fake *telegramtest.Server, workers int) *proc {
	t.Helper()
	env := []string{echoEnv + "=1", echoToken + "=" + fake.Token(), echoEndpoint + "=" + fake.Endpoint(),
		echoWorkers + "=" + strconv.Itoa(workers)}
	return startProc(t, "echo", os.Args[0], []string{"-test.run=^$"}, env)
}
