package main

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/komek-kz/komek/internal/dialog"
	"github.com/komek-kz/komek/internal/store"
)

// statsCmd is "komek stats": the anonymous counters, per day or per week.
type statsCmd struct {
	tableFlags `embed:""`
	Days       int    `name:"days" default:"28" placeholder:"N" help:"How many days to count, ending with --to. Default: ${default}."`
	To         string `name:"to" placeholder:"DATE" help:"The last day counted, as 2026-12-04 (UTC). Default: today."`
	By         string `name:"by" default:"week" enum:"day,week" help:"Count per day or per week (weeks start on Monday): day or week. Default: ${default}."`
	Format     string `name:"format" default:"text" enum:"text,csv" help:"text to read, or csv for a spreadsheet or a donors' report. Default: ${default}."`
}

// smallCell is the smallest count shown as a number; smaller ones are
// shown as "<5", so that a rare answer cannot point to one person.
const smallCell = 5

// metricOrder is the order of the metrics in the output.
var metricOrder = []string{"started", "start", dialog.MetricLang, dialog.MetricNeed, dialog.MetricWho,
	dialog.MetricRegion, dialog.MetricCitizenship, dialog.MetricCrisis, dialog.MetricUnmet, dialog.MetricFeedback}

func (c *statsCmd) Run(d *deps) error {
	if c.Days < 1 || c.Days > 3660 {
		return usageError{"--days must be between 1 and 3660"}
	}
	to := time.Now().UTC().Truncate(24 * time.Hour)
	if c.To != "" {
		t, err := time.Parse(time.DateOnly, c.To)
		if err != nil {
			return usageError{fmt.Sprintf("--to: %q is not a date such as 2026-12-04", c.To)}
		}
		to = t
	}
	from := to.AddDate(0, 0, 1-c.Days)
	ts, err := c.open(d.stderr, false)
	if err != nil {
		return err
	}
	defer ts.Close()
	counts, err := ts.DayCounts(from, to)
	if err != nil {
		return err
	}
	rows := aggregate(counts, c.By == "week")
	if c.Format == "csv" {
		return writeStatsCSV(d.stdout, rows)
	}
	writeStatsText(d.stdout, rows, from, to, c.By)
	return nil
}

// statRow is one counter summed over a period.
type statRow struct {
	Period        time.Time
	Metric, Label string
	N             uint64
}

// aggregate sums the daily counters per day, or per week starting on
// Monday, in period, metric and label order.
func aggregate(counts []store.DayCount, weekly bool) []statRow {
	sums := map[statRow]uint64{}
	for _, c := range counts {
		p := c.Day
		if weekly {
			p = p.AddDate(0, 0, -((int(p.Weekday()) + 6) % 7))
		}
		sums[statRow{Period: p, Metric: c.Metric, Label: c.Label}] += c.N
	}
	rows := make([]statRow, 0, len(sums))
	for k, n := range sums {
		k.N = n
		rows = append(rows, k)
	}
	rank := func(m string) int {
		if i := slices.Index(metricOrder, m); i >= 0 {
			return i
		}
		return len(metricOrder)
	}
	slices.SortFunc(rows, func(a, b statRow) int {
		return cmp.Or(a.Period.Compare(b.Period), cmp.Compare(rank(a.Metric), rank(b.Metric)),
			cmp.Compare(a.Metric, b.Metric), cmp.Compare(a.Label, b.Label))
	})
	return rows
}

// shownCount is a count as published: "<5" below smallCell.
func shownCount(n uint64) string {
	if n < smallCell {
		return "<5"
	}
	return strconv.FormatUint(n, 10)
}

func writeStatsCSV(w io.Writer, rows []statRow) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"period", "metric", "label", "count"})
	for _, r := range rows {
		_ = cw.Write([]string{r.Period.Format(time.DateOnly), r.Metric, r.Label, shownCount(r.N)})
	}
	cw.Flush()
	return cw.Error()
}

func writeStatsText(w io.Writer, rows []statRow, from, to time.Time, by string) {
	per := "per week (weeks start on Monday; the period is the week's Monday)"
	if by == "day" {
		per = "per day"
	}
	fmt.Fprintf(w, "Anonymous counts from %s to %s (UTC), %s. Counts below %d are shown as \"<5\".\n",
		from.Format(time.DateOnly), to.Format(time.DateOnly), per, smallCell)
	if len(rows) == 0 {
		fmt.Fprintln(w, "Nothing was counted in these days.")
		return
	}
	fmt.Fprintf(w, "%-10s  %-11s  %-60s  %5s\n", "period", "metric", "label", "count")
	for _, r := range rows {
		fmt.Fprintf(w, "%-10s  %-11s  %-60s  %5s\n", r.Period.Format(time.DateOnly), r.Metric, r.Label, shownCount(r.N))
	}
}
