package main

import (
	"errors"
	"flag"
	"io"
	"os"
	"strings"
	"time"
)

// parseInterspersed parses flags that may come before or after positional
// arguments ("scan seeds.txt --out dir") and returns the positionals.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageErr("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// checkDuration rejects a negative duration flag, and a zero one unless
// zeroOK.
func checkDuration(name string, d time.Duration, zeroOK bool) error {
	switch {
	case d < 0:
		return usageErr("--%s %v: must not be negative", name, d)
	case d == 0 && !zeroOK:
		return usageErr("--%s %v: must be greater than 0", name, d)
	}
	return nil
}

// checkCount rejects an integer flag below min.
func checkCount(name string, n, min int) error {
	if n < min {
		return usageErr("--%s %d: must be at least %d", name, n, min)
	}
	return nil
}

// checkUserAgent rejects a User-Agent that is empty or holds control
// characters (CR and LF would break every request's headers).
func checkUserAgent(ua string) error {
	if strings.TrimSpace(ua) == "" {
		return usageErr("--user-agent %q: must not be empty", ua)
	}
	if i := strings.IndexFunc(ua, func(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }); i >= 0 {
		return usageErr("--user-agent %q: control character at byte %d (no CR, LF or other control characters)", ua, i)
	}
	return nil
}

// checkOutDir rejects an --out that is empty or names something other
// than a folder.
func checkOutDir(dir string) error {
	if strings.TrimSpace(dir) == "" {
		return usageErr("--out %q: give an output folder", dir)
	}
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return usageErr("--out %s is a file, not a folder", dir)
	}
	return nil
}

// maxSites bounds --sites: more connections at once than this are not a
// crawl a single machine should make.
const maxSites = 1024

// validateScanOptions checks every scan flag (after --resume filled in the
// interrupted scan's values), so a bad value stops the scan with exit 2 and
// scan.json records only values that were used as given.
func validateScanOptions(o scanOptions) error {
	c := o.crawl
	for _, err := range []error{
		checkOutDir(o.out),
		checkCount("max-pages", c.MaxPages, 1),
		checkCount("max-depth", c.MaxDepth, 0),
		checkCount("sites", c.Sites, 1),
		checkDuration("delay", c.Delay, true),
		checkDuration("timeout", c.Timeout, false),
		checkDuration("render-timeout", o.renderTO, true), // 0: the default
		checkUserAgent(c.UserAgent),
		checkFailOn(o.failOn),
		checkRequisites(o.requisites),
	} {
		if err != nil {
			return err
		}
	}
	if c.Sites > maxSites {
		return usageErr("--sites %d: at most %d", c.Sites, maxSites)
	}
	if o.previous != "" {
		if st, err := os.Stat(o.previous); err != nil {
			return usageErr("--previous %s: %v", o.previous, errors.Unwrap(err))
		} else if !st.IsDir() {
			return usageErr("--previous %s is a file, not a scan folder", o.previous)
		}
	}
	return nil
}
