package loadtest

import (
	"fmt"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// microPackages hold the micro-benchmarks the full run reports.
var microPackages = []string{
	"github.com/komek-kz/komek/internal/referral",
	"github.com/komek-kz/komek/internal/dialog",
	"github.com/komek-kz/komek/internal/store",
	"github.com/komek-kz/komek/internal/render",
}

// microCount is how often each micro-benchmark runs; the report gives the
// median of the runs.
const microCount = 5

// microBenchmarks runs the micro-benchmarks with go test -bench -benchmem
// and returns a Markdown table of each one's median figures, and the raw
// output.
func microBenchmarks(t *testing.T) (table, raw string) {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"test", "-run", "^$", "-bench", ".", "-benchmem", "-count", strconv.Itoa(microCount)}, microPackages...)
	out, err := exec.Command(goTool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return medians(string(out)), string(out)
}

// medians reads go test -bench output and returns, per benchmark, the
// median of each of its metrics, as a Markdown table.
func medians(out string) string {
	type bench struct {
		name    string
		metrics map[string][]float64
		units   []string
	}
	var order []*bench
	byName := map[string]*bench{}
	pkg := ""
	for _, line := range strings.Split(out, "\n") {
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = p[strings.LastIndexByte(p, '/')+1:]
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := pkg + "." + strings.TrimSuffix(f[0], "-"+lastDash(f[0]))
		b := byName[name]
		if b == nil {
			b = &bench{name: name, metrics: map[string][]float64{}}
			byName[name] = b
			order = append(order, b)
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			unit := f[i+1]
			if _, seen := b.metrics[unit]; !seen {
				b.units = append(b.units, unit)
			}
			b.metrics[unit] = append(b.metrics[unit], v)
		}
	}
	var s strings.Builder
	s.WriteString("| benchmark | median of " + strconv.Itoa(microCount) + " runs |\n|---|---|\n")
	for _, b := range order {
		var parts []string
		for _, u := range b.units {
			vs := slices.Clone(b.metrics[u])
			slices.Sort(vs)
			parts = append(parts, formatMetric(vs[len(vs)/2], u))
		}
		fmt.Fprintf(&s, "| %s | %s |\n", b.name, strings.Join(parts, ", "))
	}
	return s.String()
}

// lastDash returns what follows the last "-" of a benchmark name (its
// GOMAXPROCS suffix), or "".
func lastDash(name string) string {
	if i := strings.LastIndexByte(name, '-'); i >= 0 {
		return name[i+1:]
	}
	return ""
}

func formatMetric(v float64, unit string) string {
	switch unit {
	case "ns/op", "p50-ns", "p99-ns":
		name := map[string]string{"ns/op": "mean", "p50-ns": "p50", "p99-ns": "p99"}[unit]
		switch {
		case v >= 1e6:
			return fmt.Sprintf("%s %.2f ms", name, v/1e6)
		case v >= 1e3:
			return fmt.Sprintf("%s %.1f µs", name, v/1e3)
		}
		return fmt.Sprintf("%s %.0f ns", name, v)
	case "p50-µs", "p99-µs":
		return fmt.Sprintf("%s %.0f µs", strings.TrimSuffix(unit, "-µs"), v)
	}
	if v == float64(int64(v)) {
		return fmt.Sprintf("%d %s", int64(v), unit)
	}
	return fmt.Sprintf("%.4g %s", v, unit)
}
