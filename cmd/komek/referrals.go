package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/komek-kz/komek/internal/referralfile"
	"io"
	"strings"

	"github.com/komek-kz/komek/internal/referral"
	"github.com/komek-kz/komek/internal/tableops"
)

// runReferrals is "komek referrals …": checking, importing, exporting and
// reading the referral table.
func runReferrals(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, referralsUsage)
		return usageError{"referrals: say what to do: validate, import, export, list, show or stale"}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "validate":
		return runValidate(rest, getenv, stdout, stderr)
	case "import":
		return runImport(rest, getenv, stdin, stdout, stderr)
	case "export":
		return runExport(rest, getenv, stdout, stderr)
	case "list", "show", "stale":
		return runRead(cmd, rest, getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, referralsUsage)
		return nil
	}
	return usageError{fmt.Sprintf("referrals: unknown command %q: use validate, import, export, list, show or stale", cmd)}
}

const referralsUsage = `Managing the referral table:
  komek referrals validate FILE…       check files, report every problem with its place
  komek referrals import FILE…         import all or nothing; shows the changes first
        --mode merge|replace           merge (default) adds and updates and never removes;
                                       replace makes the files the whole table
        --dry-run                      show the changes only
        --yes                          apply without asking
  komek referrals export --format text|csv|hsds-json|hsds-csv [-o PATH] [--lang kk|ru|en]
        text and hsds-csv write a folder (-o is required); csv and hsds-json write
        a file, or standard output; --semicolon and --bom for spreadsheets (csv)
  komek referrals list                 every service, with the date its contacts were checked
  komek referrals show ID              one organisation or service, in the text format
  komek referrals stale --older-than 180d
                                       contacts not checked since, and unconfirmed ones
  komek backup FILE                    a consistent copy of the live database
  komek restore FILE [--yes]           replace the database with a backup (stop the bot first)

FILE is a .toml file or a folder of them (the text format), a spreadsheet .csv,
an HSDS .json, or an HSDS data package folder (with services.csv). --format
says which when the name does not. --lang is the language of HSDS names.

While "komek serve" runs it holds the database; these commands then go through
its admin endpoint, given its token:
  --admin-url URL          KOMEK_ADMIN_URL          default http://127.0.0.1:8081
  --admin-token-file FILE  KOMEK_ADMIN_TOKEN_FILE   a file holding the bot's admin token
  --admin-token TOKEN      KOMEK_ADMIN_TOKEN        the token itself (the file is safer)
  --db FILE                KOMEK_DB                 the database (default komek.db)
`

// errProblems is returned when files have problems; they were printed.
var errProblems = errors.New("nothing was changed")

func langFlag(fs *flag.FlagSet) *string {
	return fs.String("lang", "en", "language of HSDS names and descriptions: kk, ru or en")
}

func parseLang(s string) (referral.Lang, error) {
	if l := referral.Lang(s); l.Valid() {
		return l, nil
	}
	return "", usageError{fmt.Sprintf("--lang: %q is not kk, ru or en", s)}
}

func runValidate(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, _ := newFlagSet("validate", getenv, stderr)
	format := fs.String("format", "", "the files' format when their names do not tell: "+strings.Join(formats, ", "))
	lang := langFlag(fs)
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	l, err := parseLang(*lang)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError{"validate: give the files to check"}
	}
	r, err := readFiles(files, *format, l)
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

func runImport(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs, common := newFlagSet("import", getenv, stderr)
	format := fs.String("format", "", "the files' format when their names do not tell: "+strings.Join(formats, ", "))
	mode := fs.String("mode", "merge", "merge (add and update, never remove) or replace (the files become the whole table)")
	dry := fs.Bool("dry-run", false, "show the changes only")
	yes := fs.Bool("yes", false, "apply without asking")
	lang := langFlag(fs)
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	m, err := tableops.ParseMode(*mode)
	if err != nil {
		return usageError{"import: --mode: use merge or replace"}
	}
	l, err := parseLang(*lang)
	if err != nil {
		return err
	}
	ac, err := common.admin()
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError{"import: give the files to import"}
	}
	r, err := readFiles(files, *format, l)
	if err != nil {
		return err
	}
	printProblems(stdout, r)
	if errs, _ := referralfile.SplitProblems(r.problems); len(errs) > 0 {
		return fmt.Errorf("%s in the files; %w", count(len(errs), "problem"), errProblems)
	}
	ts, err := openStore(common.db, ac, stderr)
	if err != nil {
		return err
	}
	defer ts.Close()
	return importInto(ts, r.orgs, m, *dry, *yes, stdin, stdout)
}

// importInto shows the plan, asks, and applies it if the table did not
// change in between.
func importInto(ts tableStore, orgs []referral.Organization, m tableops.Mode, dry, yes bool, stdin io.Reader, stdout io.Writer) error {
	plan, err := ts.Apply(orgs, tableops.Options{Mode: m, DryRun: true})
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
	res, err := ts.Apply(orgs, tableops.Options{Mode: m, IfBase: plan.Plan.Base})
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
