package loadtest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"

	"github.com/komek-kz/komek/internal/telegram/telegramtest"
)

var (
	fullRun = flag.Bool("load.full", false, "TestLoad: the full load run (several minutes), printing the figures of BENCHMARKS.md")
	soakRun = flag.Bool("load.soak", false, "TestFaultsAndKills: the long run, with more people for longer")
	report  = flag.String("load.report", "", "TestLoad: also write the figures, as Markdown, to this file")
	seed    = flag.Int64("load.seed", 1, "seed of the faults, of the kill moments and of the offered load")
	logDir  = flag.String("load.logs", "", "keep the logs of the komek and echo processes in this folder")
	workers = flag.Int("load.workers", 0, "KOMEK_WORKERS for komek in the load runs (0: its default)")
	profile = flag.String("load.profile", "", "write a CPU profile of each komek process into this folder (builds komek with -tags komekprofile)")
)

// Environment of this test binary re-executed as the echo baseline.
const (
	echoEnv      = "KOMEK_LOADTEST_ECHO" // "1" runs the echo bot instead of the tests
	echoToken    = "KOMEK_LOADTEST_TOKEN"
	echoEndpoint = "KOMEK_LOADTEST_ENDPOINT"
	echoWorkers  = "KOMEK_LOADTEST_WORKERS"
)

func TestMain(m *testing.M) {
	if os.Getenv(echoEnv) == "1" {
		os.Exit(runEcho())
	}
	flag.Parse()
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// runEcho is the echo baseline's main: telegramtest.Echo until SIGTERM.
func runEcho() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	workers, _ := strconv.Atoi(os.Getenv(echoWorkers))
	if err := telegramtest.Echo(ctx, os.Getenv(echoToken), os.Getenv(echoEndpoint), nil, workers); err != nil {
		fmt.Fprintln(os.Stderr, "echo:", err)
		return 1
	}
	return 0
}

var (
	buildOnce sync.Once
	binDir    string
	binPath   string
	buildErr  error
)

// komekBinary builds cmd/komek once per test binary, with the race
// detector when the tests have it, and returns its path.
func komekBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if binDir, buildErr = os.MkdirTemp("", "komek-loadtest-"); buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "komek")
		args := []string{"build", "-o", binPath}
		if raceEnabled {
			args = append(args, "-race")
		}
		if *profile != "" {
			args = append(args, "-tags", "komekprofile")
		}
		goTool, err := exec.LookPath("go")
		if err != nil {
			buildErr = fmt.Errorf("the load tests build komek and need the go command: %w", err)
			return
		}
		out, err := exec.Command(goTool, append(args, "github.com/komek-kz/komek/cmd/komek")...).CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build komek: %w\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}
