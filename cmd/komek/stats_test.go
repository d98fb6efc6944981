package main

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/komek-kz/komek/internal/store"
)

// The README's example of "komek stats" is in the format the command
// writes: the same heading for its dates, the same columns, known metrics,
// and small cells as <5.
func TestREADMEStatsExampleHasTheCommandsFormat(t *testing.T) {
	readme := readRepoFile(t, "README.md")
	i := strings.Index(readme, "$ komek stats --by week --to 2026-12-06\n")
	if i < 0 {
		t.Fatal("the README has no komek stats example")
	}
	block := strings.SplitN(readme[i:], "\n$ ", 2)[0]
	lines := strings.Split(block, "\n")[1:]

	var want bytes.Buffer
	to := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	writeStatsText(&want, aggregate([]store.DayCount{{Day: to, Metric: "need", Label: "migrant", N: 11}}, true), to.AddDate(0, 0, -27), to, "week")
	wantLines := strings.Split(want.String(), "\n")
	if lines[0] != wantLines[0] || lines[1] != wantLines[1] {
		t.Errorf("the README's heading differs from the command's:\n got %q\n     %q\nwant %q\n     %q", lines[0], lines[1], wantLines[0], wantLines[1])
	}
	row := regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})  (\S+) +(.+?) +(<5|\d+)$`)
	for _, l := range lines[2:] {
		m := row.FindStringSubmatch(l)
		if m == nil || len(l) != len(wantLines[2]) && len([]rune(l)) != len([]rune(wantLines[2])) {
			t.Errorf("README row %q is not in the command's format (%q)", l, wantLines[2])
			continue
		}
		if !slices.Contains(metricOrder, m[2]) {
			t.Errorf("README row %q: unknown metric %q", l, m[2])
		}
		if m[4] != "<5" && len(m[4]) == 1 && m[4][0] < '5' {
			t.Errorf("README row %q shows a count below 5", l)
		}
	}
}
