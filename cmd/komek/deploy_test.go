package main

// The deployment files (Dockerfile, compose.yaml, deploy/) are what a
// coordinator without a developer copies and runs: these tests check that
// they keep the promises the README makes about them — tokens only from
// files, a restart policy, the database on a volume, a health check, a
// sandboxed service — and that every setting they use is one komek knows.
// There is no Docker engine and no systemd as PID 1 on CI, so the files are
// parsed and checked, not run; the release script is run for real.

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// repoRoot is the repository, seen from this package's folder.
const repoRoot = "../.."

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// helpText is what "komek help" and the --help of the commands a
// deployment runs print: between them, every flag and environment variable
// those commands know.
func helpText(t *testing.T) string {
	t.Helper()
	var out bytes.Buffer
	noEnv := func(string) string { return "" }
	for _, args := range [][]string{{"help"}, {"serve", "--help"}, {"backup", "--help"}, {"restore", "--help"}, {"health", "--help"}} {
		_ = run(context.Background(), args, noEnv, strings.NewReader(""), &out, &out)
	}
	if out.Len() == 0 {
		t.Fatal("komek help printed nothing")
	}
	return out.String()
}

// checkKnownVariable fails unless komek's help names the variable; a
// secret's NAME_FILE twin counts as NAME.
func checkKnownVariable(t *testing.T, help, where, name string) {
	t.Helper()
	known := func(n string) bool {
		return regexp.MustCompile(`\b` + regexp.QuoteMeta(n) + `\b`).MatchString(help)
	}
	if !known(name) && !(strings.HasSuffix(name, "_FILE") && known(strings.TrimSuffix(name, "_FILE"))) {
		t.Errorf("%s sets %s, which \"komek help\" does not know: a typo, or a setting that was renamed", where, name)
	}
}

// secretVariables hold secrets; deployment files may only name their
// NAME_FILE twins.
var secretVariables = []string{"TELEGRAM_TOKEN", "KOMEK_ADMIN_TOKEN", "KOMEK_WEBHOOK_SECRET", "KOMEK_HASH_KEY"}

// botToken looks like a token from @BotFather.
var botToken = regexp.MustCompile(`\d{6,}:[A-Za-z0-9_-]{30,}`)

func checkNoSecretValue(t *testing.T, where, name, value string) {
	t.Helper()
	if slices.Contains(secretVariables, name) {
		t.Errorf("%s sets %s itself: a secret belongs in a file, named by %s_FILE", where, name, name)
	}
	if botToken.MatchString(value) {
		t.Errorf("%s: %s holds what looks like a bot token", where, name)
	}
}

type composeService struct {
	Build       yaml.Node   `yaml:"build"`
	Image       string      `yaml:"image"`
	Restart     string      `yaml:"restart"`
	Environment yaml.Node   `yaml:"environment"`
	Secrets     []yaml.Node `yaml:"secrets"`
	Volumes     []yaml.Node `yaml:"volumes"`
	Ports       []string    `yaml:"ports"`
	Healthcheck *struct {
		Test    []string `yaml:"test"`
		Disable bool     `yaml:"disable"`
	} `yaml:"healthcheck"`
	Logging struct {
		Driver  string            `yaml:"driver"`
		Options map[string]string `yaml:"options"`
	} `yaml:"logging"`
}

type composeFile struct {
	Services map[string]composeService `yaml:"services"`
	Secrets  map[string]struct {
		File        string `yaml:"file"`
		Environment string `yaml:"environment"`
	} `yaml:"secrets"`
	Volumes map[string]any `yaml:"volumes"`
}

// environment reads a service's environment in either of Compose's forms
// (a map, or a list of NAME=value).
func environment(t *testing.T, n yaml.Node) map[string]string {
	t.Helper()
	env := map[string]string{}
	switch n.Kind {
	case 0:
	case yaml.MappingNode:
		if err := n.Decode(&env); err != nil {
			t.Fatalf("environment: %v", err)
		}
	case yaml.SequenceNode:
		var list []string
		if err := n.Decode(&list); err != nil {
			t.Fatalf("environment: %v", err)
		}
		for _, kv := range list {
			k, v, _ := strings.Cut(kv, "=")
			env[k] = v
		}
	default:
		t.Fatalf("environment: neither a map nor a list")
	}
	return env
}

// shortOrLong reads a Compose entry that is either "a:b" or {source, target}.
func shortOrLong(t *testing.T, n yaml.Node) (source, target string) {
	t.Helper()
	if n.Kind == yaml.ScalarNode {
		parts := strings.Split(n.Value, ":")
		if len(parts) == 1 {
			return parts[0], parts[0]
		}
		return parts[0], parts[1]
	}
	var long struct{ Source, Target string }
	if err := n.Decode(&long); err != nil {
		t.Fatalf("%v", err)
	}
	return long.Source, long.Target
}

func TestComposeFileKeepsTheDeploymentPromises(t *testing.T) {
	text := readRepoFile(t, "compose.yaml")
	var c composeFile
	if err := yaml.Unmarshal([]byte(text), &c); err != nil {
		t.Fatalf("compose.yaml does not parse: %v", err)
	}
	if len(c.Services) == 0 {
		t.Fatal("compose.yaml has no services")
	}
	if m := botToken.FindString(text); m != "" {
		t.Errorf("compose.yaml holds what looks like a bot token")
	}
	help := helpText(t)
	imageHealthcheck := strings.Contains(readRepoFile(t, "Dockerfile"), "\nHEALTHCHECK ")
	for name, s := range c.Services {
		where := "compose.yaml service " + name
		if !slices.Contains([]string{"unless-stopped", "always", "on-failure"}, s.Restart) {
			t.Errorf("%s: restart is %q; without a restart policy the bot stays down after a crash or a reboot", where, s.Restart)
		}
		mounted := map[string]bool{}
		for _, n := range s.Secrets {
			src, target := shortOrLong(t, n)
			top, ok := c.Secrets[src]
			if !ok {
				t.Errorf("%s: secret %q is not declared at the top level", where, src)
			} else if !strings.HasPrefix(top.File, "./secrets/") {
				t.Errorf("secret %q comes from %q; want a file in ./secrets (git and the image build leave that folder out)", src, top.File)
			}
			mounted["/run/secrets/"+target] = true
		}
		env := environment(t, s.Environment)
		for k, v := range env {
			checkKnownVariable(t, help, where, k)
			checkNoSecretValue(t, where, k, v)
			if strings.HasSuffix(k, "_FILE") && !mounted[v] {
				t.Errorf("%s: %s=%s is not one of the service's secrets", where, k, v)
			}
		}
		if !strings.HasPrefix(env["TELEGRAM_TOKEN_FILE"], "/run/secrets/") {
			t.Errorf("%s: TELEGRAM_TOKEN_FILE = %q, want the token from a Compose secret", where, env["TELEGRAM_TOKEN_FILE"])
		}
		if !strings.HasPrefix(env["KOMEK_ADMIN_TOKEN_FILE"], "/run/secrets/") {
			t.Errorf("%s: KOMEK_ADMIN_TOKEN_FILE = %q, want it from a Compose secret (backups while the bot runs need it)", where, env["KOMEK_ADMIN_TOKEN_FILE"])
		}
		dataVolume := ""
		for _, n := range s.Volumes {
			if src, target := shortOrLong(t, n); target == "/data" {
				dataVolume = src
			}
		}
		if _, named := c.Volumes[dataVolume]; dataVolume == "" || !named {
			t.Errorf("%s: /data is on %q; want a named volume declared under volumes:, so the database outlives the container", where, dataVolume)
		}
		switch {
		case s.Healthcheck != nil && s.Healthcheck.Disable:
			t.Errorf("%s: the health check is disabled", where)
		case s.Healthcheck != nil && !slices.Contains(s.Healthcheck.Test, "health"):
			t.Errorf("%s: healthcheck %q does not run komek health", where, s.Healthcheck.Test)
		case s.Healthcheck == nil && (!imageHealthcheck || s.Build.Kind == 0):
			t.Errorf("%s: no health check, neither its own nor the image's", where)
		}
		for _, p := range s.Ports {
			if !strings.HasPrefix(p, "127.0.0.1:") {
				t.Errorf("%s: port %q is published to every address; publish it on 127.0.0.1 and put a reverse proxy in front", where, p)
			}
		}
		if s.Logging.Options["max-size"] == "" {
			t.Errorf("%s: logs are not rotated (logging.options.max-size); they would fill the disk", where)
		}
	}
}

// unitFile is a systemd unit read as KEY=value lines: every value of a key,
// per section.
type unitFile map[string]map[string][]string

func parseUnit(t *testing.T, name string) unitFile {
	t.Helper()
	u := unitFile{}
	section := ""
	sc := bufio.NewScanner(strings.NewReader(readRepoFile(t, name)))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
			u[section] = map[string][]string{}
		case section == "":
			t.Fatalf("%s:%d: a setting before any [Section]", name, n)
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				t.Fatalf("%s:%d: %q is not KEY=value", name, n, line)
			}
			u[section][k] = append(u[section][k], v)
		}
	}
	return u
}

// sandbox is the hardening every Komek service unit must keep.
var sandbox = map[string]string{
	"NoNewPrivileges":         "yes",
	"CapabilityBoundingSet":   "",
	"ProtectSystem":           "strict",
	"ProtectHome":             "yes",
	"PrivateTmp":              "yes",
	"PrivateDevices":          "yes",
	"ProtectKernelTunables":   "yes",
	"ProtectKernelModules":    "yes",
	"ProtectKernelLogs":       "yes",
	"ProtectControlGroups":    "yes",
	"RestrictNamespaces":      "yes",
	"RestrictSUIDSGID":        "yes",
	"LockPersonality":         "yes",
	"MemoryDenyWriteExecute":  "yes",
	"RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
	"SystemCallFilter":        "@system-service",
	"SystemCallArchitectures": "native",
	"UMask":                   "0077",
}

func checkUnitSandbox(t *testing.T, name string, svc map[string][]string) {
	t.Helper()
	for k, want := range sandbox {
		if !slices.Contains(svc[k], want) {
			t.Errorf("%s: %s=%s is missing (have %q)", name, k, want, svc[k])
		}
	}
	if user := svc["User"]; svc["DynamicUser"] == nil && (len(user) == 0 || user[0] == "root" || user[0] == "0") {
		t.Errorf("%s: runs as root; want User=komek or DynamicUser=yes", name)
	}
}

// checkUnitEnvironment checks a unit's Environment= lines: only variables
// komek knows, and no secret value.
func checkUnitEnvironment(t *testing.T, help, name string, svc map[string][]string) map[string]string {
	t.Helper()
	env := map[string]string{}
	for _, line := range svc["Environment"] {
		for _, kv := range strings.Fields(line) {
			k, v, _ := strings.Cut(strings.Trim(kv, `"`), "=")
			env[k] = v
			checkKnownVariable(t, help, name, k)
			checkNoSecretValue(t, name, k, v)
		}
	}
	return env
}

func TestSystemdUnitIsSandboxedAndTakesTokensAsCredentials(t *testing.T) {
	const name = "deploy/komek.service"
	if botToken.MatchString(readRepoFile(t, name)) {
		t.Errorf("%s holds what looks like a bot token", name)
	}
	u := parseUnit(t, name)
	svc := u["Service"]
	if svc == nil || u["Install"] == nil {
		t.Fatalf("%s: want [Service] and [Install] sections, have %v", name, u)
	}
	checkUnitSandbox(t, name, svc)
	for k, want := range map[string]string{
		"ExecStart":      "/usr/local/bin/komek serve",
		"Restart":        "on-failure",
		"StateDirectory": "komek",
	} {
		if !slices.Contains(svc[k], want) {
			t.Errorf("%s: want %s=%s, have %q", name, k, want, svc[k])
		}
	}
	if len(svc["EnvironmentFile"]) == 0 {
		t.Errorf("%s: no EnvironmentFile= for the settings", name)
	}
	env := checkUnitEnvironment(t, helpText(t), name, svc)
	creds := map[string]bool{}
	for _, c := range svc["LoadCredential"] {
		id, path, _ := strings.Cut(c, ":")
		if !strings.HasPrefix(path, "/etc/komek/") {
			t.Errorf("%s: credential %s comes from %q; want a root-only file in /etc/komek", name, id, path)
		}
		creds["%d/"+id] = true
	}
	for _, k := range []string{"TELEGRAM_TOKEN_FILE", "KOMEK_ADMIN_TOKEN_FILE"} {
		if !creds[env[k]] {
			t.Errorf("%s: %s=%q is not a LoadCredential= file (%%d/NAME)", name, k, env[k])
		}
	}
}

func TestBackupTimerUnitsAreSandboxed(t *testing.T) {
	const name = "deploy/komek-backup.service"
	u := parseUnit(t, name)
	checkUnitSandbox(t, name, u["Service"])
	checkUnitEnvironment(t, helpText(t), name, u["Service"])
	if start := strings.Join(u["Service"]["ExecStart"], " "); !strings.Contains(start, "komek backup") {
		t.Errorf("%s: ExecStart=%s does not run komek backup", name, start)
	}
	timer := parseUnit(t, "deploy/komek-backup.timer")
	if len(timer["Timer"]["OnCalendar"]) == 0 || len(timer["Install"]["WantedBy"]) == 0 {
		t.Errorf("komek-backup.timer: want OnCalendar= and WantedBy=, have %v", timer)
	}
}

func TestExampleSettingsFileHasOnlyKnownSettingsAndNoSecret(t *testing.T) {
	const name = "deploy/komek.env.example"
	help := helpText(t)
	sc := bufio.NewScanner(strings.NewReader(readRepoFile(t, name)))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		// Commented-out settings are checked too: a coordinator removes
		// the # and expects them to work.
		line = strings.TrimSpace(strings.TrimPrefix(line, "#"))
		k, v, ok := strings.Cut(line, "=")
		if !ok || !regexp.MustCompile(`^[A-Z][A-Z0-9_]+$`).MatchString(k) {
			continue
		}
		checkKnownVariable(t, help, fmt.Sprintf("%s:%d", name, n), k)
		checkNoSecretValue(t, fmt.Sprintf("%s:%d", name, n), k, v)
	}
}

func TestDockerfileHasAHealthCheckANonRootUserAndTheVersion(t *testing.T) {
	text := readRepoFile(t, "Dockerfile")
	// Join continued lines, then look at the final stage only.
	text = strings.ReplaceAll(text, "\\\n", " ")
	stages := regexp.MustCompile(`(?m)^FROM `).Split(text, -1)
	final := stages[len(stages)-1]
	instr := func(s, name string) []string {
		return regexp.MustCompile(`(?m)^`+name+`\s+(.*)$`).FindAllString(s, -1)
	}
	if hc := instr(final, "HEALTHCHECK"); len(hc) != 1 || !strings.Contains(hc[0], `"health"`) {
		t.Errorf("the image's HEALTHCHECK = %q; want one that runs komek health (the image has no shell or curl)", hc)
	}
	users := instr(final, "USER")
	if len(users) == 0 {
		t.Fatal("the image has no USER: it would run as root")
	}
	if user := strings.Fields(users[len(users)-1])[1]; strings.HasPrefix(user, "root") || user == "0" || strings.HasPrefix(user, "0:") {
		t.Errorf("the image runs as %q; want a non-root user", user)
	}
	if !regexp.MustCompile(`(?m)^ARG VERSION\b`).MatchString(text) || !strings.Contains(text, "-X main.version=") {
		t.Error("the image build does not stamp the version (ARG VERSION, -ldflags -X main.version=)")
	}
	ignore := readRepoFile(t, ".dockerignore")
	for _, p := range []string{"secrets/", "backups/", "*.db"} {
		if !slices.Contains(strings.Fields(ignore), p) {
			t.Errorf(".dockerignore does not leave out %s: it would go into the build", p)
		}
	}
}

func TestReleaseScriptRefusesABadTarget(t *testing.T) {
	bash := lookBash(t)
	cmd := exec.Command(bash, filepath.Join(repoRoot, "deploy/release.sh"))
	cmd.Env = append(os.Environ(), "KOMEK_RELEASE_TARGETS=linux", "KOMEK_DIST="+t.TempDir(), "KOMEK_VERSION=v0.0.0-test")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), `bad target "linux"`) {
		t.Errorf("release.sh with target linux: %v\n%s", err, out)
	}
}

func lookBash(t *testing.T) string {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash here")
	}
	return bash
}

// TestReleaseBuildRunsOfflineAndItsBinaryStarts runs the release script for
// this machine's platform (modules from the cache only: the script sets
// GOPROXY=off) and starts the binary it made.
func TestReleaseBuildRunsOfflineAndItsBinaryStarts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds komek: skipped with -short")
	}
	bash := lookBash(t)
	dist := t.TempDir()
	target := runtime.GOOS + "/" + runtime.GOARCH
	cmd := exec.Command(bash, filepath.Join(repoRoot, "deploy/release.sh"))
	cmd.Env = append(os.Environ(), "KOMEK_RELEASE_TARGETS="+target, "KOMEK_DIST="+dist, "KOMEK_VERSION=")
	// The version comes from git; outside a git clone, from KOMEK_VERSION.
	want := "v0.0.0-test"
	if out, err := exec.Command("git", "-C", repoRoot, "describe", "--tags", "--always", "--dirty").Output(); err == nil {
		want = strings.TrimSpace(string(out))
	} else {
		t.Logf("git describe: %v; stamping %s", err, want)
		cmd.Env = append(cmd.Env, "KOMEK_VERSION="+want)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("release.sh: %v\n%s", err, out)
	}
	name := fmt.Sprintf("komek_%s_%s_%s", want, runtime.GOOS, runtime.GOARCH)
	exe := ""
	if runtime.GOOS == "windows" {
		exe = ".exe"
	}
	out, err := exec.Command(filepath.Join(dist, name+exe), "version").Output()
	if err != nil {
		t.Fatalf("%s version: %v", name, err)
	}
	if got := string(out); !strings.HasPrefix(got, "komek "+want+" (") || strings.Contains(got, " dev ") {
		t.Errorf("%s version printed %q; want the version stamped from git, %q", name, got, want)
	}
	checkSums(t, dist)
	if runtime.GOOS != "windows" {
		checkArchive(t, filepath.Join(dist, name+".tar.gz"), name)
	}
}

// checkSums checks every line of SHA256SUMS against its file.
func checkSums(t *testing.T, dist string) {
	t.Helper()
	sums, err := os.ReadFile(filepath.Join(dist, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(sums)), "\n")
	if len(lines) != 2 {
		t.Errorf("SHA256SUMS has %d lines, want the binary and its archive:\n%s", len(lines), sums)
	}
	for _, line := range lines {
		sum, file, _ := strings.Cut(line, "  ")
		b, err := os.ReadFile(filepath.Join(dist, file))
		if err != nil {
			t.Fatalf("SHA256SUMS names %s: %v", file, err)
		}
		if got := fmt.Sprintf("%x", sha256.Sum256(b)); got != sum {
			t.Errorf("%s: sha256 %s, SHA256SUMS says %s", file, got, sum)
		}
	}
}

// checkArchive wants the program, the README and the LICENSE in one folder.
func checkArchive(t *testing.T, path, top string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	seen := map[string]int64{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		seen[h.Name] = h.Mode
	}
	for name, mode := range map[string]int64{"komek": 0o755, "README.md": 0o644, "LICENSE": 0o644, "deploy/komek.service": 0o644} {
		if got, ok := seen[top+"/"+name]; !ok || got != mode {
			t.Errorf("%s: %s/%s has mode %o (present: %v), want %o", filepath.Base(path), top, name, got, ok, mode)
		}
	}
}
