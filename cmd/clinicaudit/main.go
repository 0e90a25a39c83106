// Command clinicaudit audits the websites of stem-cell clinics: it crawls
// them politely, extracts the conditions, cell types and prices they claim,
// checks the claims against a cited evidence table and writes PDF, JSONL
// and CSV reports. Run `clinicaudit help` for the commands.
//
// This package wires the pipeline (seeds -> crawler -> extract -> assess ->
// report) and owns flags, signals, output paths and exit codes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is the tool version written into scan.json and every report.
const version = "0.1.0"

// Exit codes from the product spec.
const (
	exitOK       = 0
	exitFailed   = 1
	exitUsage    = 2
	exitSeverity = 3
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitError carries an exit code other than 1.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageErr marks bad usage or a bad input file (exit 2).
func usageErr(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// errSeverity is returned when --fail-on found a finding at or above the
// threshold (exit 3). The run itself succeeded.
var errSeverity = errors.New("findings at or above the --fail-on severity")

// exitCode maps an error from run to the process exit status, printing it.
// All user-facing error wording ends here.
func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK // --help printed the usage
	}
	if errors.Is(err, errSeverity) {
		return exitSeverity
	}
	fmt.Fprintf(stderr, "clinicaudit: %v\n", err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return exitFailed
}

const usage = `clinicaudit audits the websites of stem-cell clinics.

Usage:
  clinicaudit demo [--out DIR]                 scan the built-in demo clinics (no network needed)
  clinicaudit scan [flags] SEED...             crawl sites, extract, assess, write the output folder
  clinicaudit extract FILE-OR-URL...           print the claims in saved pages as JSON Lines
  clinicaudit report [--evidence FILE] DIR     re-assess and re-render an output folder
  clinicaudit diff OLD-DIR NEW-DIR             what changed between two scans (JSON Lines, changes.jsonl)
  clinicaudit evidence check FILE              validate an evidence table (line-numbered errors)
  clinicaudit evidence list                    print the built-in evidence table
  clinicaudit trials NCT...                    what ClinicalTrials.gov says about registry numbers (JSON Lines)
  clinicaudit version

A SEED is a URL or a file of seeds (one URL a line, optionally URL<TAB>name).

Examples:
  clinicaudit demo
  clinicaudit scan --out audits/2026-11 --previous audits/2026-10 seeds.txt
  clinicaudit scan https://clinic.example/
  clinicaudit extract saved-page.html
  clinicaudit report --evidence my-evidence.csv audits/2026-11

Run 'clinicaudit scan --help' for the scan flags.
Exit status: 0 success, 1 the run failed, 2 bad usage or input, 3 findings at or above --fail-on.
`

// run executes one command line. It never writes to os.Stdout or
// os.Stderr directly, so tests can call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageErr("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "demo":
		return runDemo(ctx, rest, stdout, stderr)
	case "scan":
		return runScan(ctx, rest, stdout, stderr)
	case "extract":
		return runExtract(ctx, rest, stdout, stderr)
	case "report":
		return runReport(ctx, rest, stdout, stderr)
	case "evidence":
		return runEvidence(rest, stdout, stderr)
	case "diff":
		return runDiff(ctx, rest, stdout, stderr)
	case "trials":
		return runTrials(ctx, rest, stdout, stderr)
	case "version", "--version":
		fmt.Fprintf(stdout, "clinicaudit %s\n", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageErr("unknown command %q", cmd)
}
