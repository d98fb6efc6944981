package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/referralfile"
	"github.com/komek-kz/komek/internal/tableops"
)

// referralsCmd is "komek referrals …": checking, importing, exporting and
// reading the referral table. FILE is a .toml file or a folder of them (the
// text format), a spreadsheet .csv, an HSDS .json, or an HSDS data package
// folder (with services.csv); --format says which when the name does not.
// While "komek serve" runs it holds the database; these commands then go
// through its admin endpoint, given its token.
type referralsCmd struct {
	Validate validateCmd `cmd:"" help:"Check files and report every problem with its place. Changes nothing."`
	Import   importCmd   `cmd:"" help:"Import files, all or nothing; shows the changes first and asks."`
	Export   exportCmd   `cmd:"" help:"Write the table as text, a spreadsheet (csv), or Open Referral HSDS (hsds-json, hsds-csv)."`
	List     listCmd     `cmd:"" help:"Every service, with the date its contacts were checked."`
	Show     showCmd     `cmd:"" help:"One organisation or service, in the text format."`
	Stale    staleCmd    `cmd:"" help:"Contacts not checked for a while, and unconfirmed ones: the coordinators' to-do list."`
	Verify   verifyCmd   `cmd:"" help:"Walk through the contacts to check, one by one, and record each outcome (reached, wrong number, no answer)."`
}

// fileFlags are the files of validate and import, and how to read them.
type fileFlags struct {
	langFlag `embed:""`
	Format   string   `name:"format" placeholder:"FORMAT" help:"The files' format when their names do not tell: ${formats}."`
	Files    []string `arg:"" name:"file" help:"Files or folders to read."`
}

// errProblems is returned when files have problems; they were printed.
var errProblems = errors.New("nothing was changed")

// validateCmd is "komek referrals validate FILE…".
type validateCmd struct {
	fileFlags `embed:""`
}

func (c *validateCmd) Run(d *deps) error {
	stdout := d.stdout
	r, err := readFiles(c.Files, c.Format, c.lang())
	if err != nil {
		return err
	}
	printProblems(stdout, r)
	errs, todos := referralfile.SplitProblems(r.problems)
	if len(errs) > 0 {
		return fmt.Errorf("%s: fix them and run validate again", count(len(errs), "problem"))
	}
	fmt.Fprintf(stdout, "No problems: %s, %s.\n", count(len(r.orgs), "organisation"), count(services(r.orgs), "service"))
	if len(todos) > 0 {
		fmt.Fprintf(stdout, "%s for entries with no confirmed contact: they can be imported, and are never shown to anyone until completed and confirmed.\n", count(len(todos), "thing to do"))
	}
	return nil
}

func printProblems(w io.Writer, r readResult) {
	for _, n := range r.notices {
		fmt.Fprintln(w, "left out:", n)
	}
	for _, p := range r.problems {
		fmt.Fprintln(w, p)
	}
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func services(orgs []referral.Organization) int {
	n := 0
	for _, o := range orgs {
		n += len(o.Services)
	}
	return n
}

// importCmd is "komek referrals import FILE…".
type importCmd struct {
	tableFlags `embed:""`
	fileFlags  `embed:""`
	Mode       string `name:"mode" default:"merge" enum:"merge,replace" help:"merge adds and updates and never removes; replace makes the files the whole table. Default: ${default}."`
	DryRun     bool   `name:"dry-run" help:"Show the changes only."`
	Yes        bool   `name:"yes" help:"Apply without asking."`
}

func (c *importCmd) Run(d *deps) error {
	stdin, stdout, stderr := d.stdin, d.stdout, d.stderr
	m, err := tableops.ParseMode(c.Mode)
	if err != nil {
		return usageError{"import: --mode: use merge or replace"}
	}
	ac, err := c.admin()
	if err != nil {
		return err
	}
	r, err := readFiles(c.Files, c.Format, c.lang())
	if err != nil {
		return err
	}
	printProblems(stdout, r)
	if errs, _ := referralfile.SplitProblems(r.problems); len(errs) > 0 {
		return fmt.Errorf("%s in the files; %w", count(len(errs), "problem"), errProblems)
	}
	ts, err := openStore(c.DB, ac, stderr, !c.DryRun)
	if err != nil {
		return err
	}
	defer ts.Close()
	return importInto(ts, r.orgs, tableops.Options{Mode: m, KeepTextOnly: r.lossy}, c.DryRun, c.Yes, stdin, stdout)
}

// importInto shows the plan, asks, and applies it if the table did not
// change in between.
func importInto(ts tableStore, orgs []referral.Organization, opts tableops.Options, dry, yes bool, stdin io.Reader, stdout io.Writer) error {
	dryOpts := opts
	dryOpts.DryRun = true
	plan, err := ts.Apply(orgs, dryOpts)
	if err != nil {
		return err
	}
	if len(plan.Problems) > 0 {
		for _, p := range plan.Problems {
			fmt.Fprintln(stdout, p)
		}
		return fmt.Errorf("the table would have %s; %w", count(len(plan.Problems), "problem"), errProblems)
	}
	printPlan(stdout, ts.Where(), plan.Plan)
	if dry || plan.Plan.Empty() {
		return nil
	}
	if err := confirm(stdin, stdout, yes, "Apply these changes?"); err != nil {
		return err
	}
	opts.IfBase = plan.Plan.Base
	res, err := ts.Apply(orgs, opts)
	if err != nil {
		return err
	}
	if !res.Applied {
		return fmt.Errorf("the import was refused; %w", errProblems)
	}
	fmt.Fprintf(stdout, "Done: the table now has %s and %s.\n", count(res.Plan.Organizations, "organisation"), count(res.Plan.Services, "service"))
	return nil
}

func printPlan(w io.Writer, where string, p tableops.Plan) {
	how := map[tableops.Mode]string{tableops.Merge: "merge: adds and updates, never removes", tableops.Replace: "replace: the files become the whole table"}[p.Mode]
	fmt.Fprintf(w, "Import into %s (%s):\n", where, how)
	if p.Empty() {
		fmt.Fprintln(w, "  nothing changes: the table already holds exactly this.")
		return
	}
	mark := map[tableops.Op]string{tableops.Added: "+ added  ", tableops.Changed: "~ changed", tableops.Removed: "- removed"}
	for _, c := range p.Changes {
		kind := "organisation"
		if c.Service {
			kind = "service     "
		}
		fmt.Fprintf(w, "  %s %s %s\n", mark[c.Op], kind, c.ID)
	}
	fmt.Fprintf(w, "%d added, %d changed, %d removed. The table will have %s and %s.\n",
		p.Count(tableops.Added), p.Count(tableops.Changed), p.Count(tableops.Removed),
		count(p.Organizations, "organisation"), count(p.Services, "service"))
}

// confirm asks question on a terminal; without one, only --yes applies.
func confirm(stdin io.Reader, stdout io.Writer, yes bool, question string) error {
	if yes {
		return nil
	}
	if !isTerminal(stdin) {
		return usageError{"nothing was changed: standard input is not a terminal, so there is nobody to ask; run again with --yes to apply"}
	}
	fmt.Fprintf(stdout, "%s [y/N] ", question)
	line, _ := bufio.NewReader(stdin).ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
		return errors.New("nothing was changed: not confirmed")
	}
	return nil
}
