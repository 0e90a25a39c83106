package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadFlagValues checks that every scan flag is validated: exit 2, one
// line naming the flag and the value, nothing written.
func TestBadFlagValues(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--delay", "-1s"}, "--delay -1s"},
		{[]string{"--sites", "0"}, "--sites 0"},
		{[]string{"--sites", "-3"}, "--sites -3"},
		{[]string{"--max-pages", "-5"}, "--max-pages -5"},
		{[]string{"--max-pages", "0"}, "--max-pages 0"},
		{[]string{"--max-depth", "-1"}, "--max-depth -1"},
		{[]string{"--timeout", "0"}, "--timeout 0s"},
		{[]string{"--timeout", "-1s"}, "--timeout -1s"},
		{[]string{"--user-agent", "bot\r\nX-Evil: 1"}, `--user-agent "bot\r\nX-Evil: 1"`},
		{[]string{"--user-agent", " "}, `--user-agent " "`},
		{[]string{"--fail-on", "urgent"}, `--fail-on "urgent"`},
		{[]string{"--out", ""}, `--out ""`},
		{[]string{"--out", file}, "--out " + file + " is a file"},
		{[]string{"--previous", file}, "--previous " + file + " is a file"},
		{[]string{"--previous", filepath.Join(dir, "missing")}, "--previous " + filepath.Join(dir, "missing")},
	} {
		out := filepath.Join(dir, "out")
		args := append([]string{"scan", "--out", out}, tc.args...)
		code, _, stderr := runCLI(append(args, "http://127.0.0.1:9/")...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("scan %q: exit %d, stderr %q; want exit 2 and one line naming %q", tc.args, code, stderr, tc.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("scan %q created its output folder", tc.args)
			os.RemoveAll(out)
		}
	}
	for _, args := range [][]string{{"--timeout", "0"}, {"--user-agent", "a\nb"}} {
		code, _, stderr := runCLI(append(append([]string{"extract"}, args...), "http://127.0.0.1:9/")...)
		if code != exitUsage || !strings.Contains(stderr, args[0]) {
			t.Errorf("extract %q: exit %d, stderr %q; want exit 2 naming the flag", args, code, stderr)
		}
	}
}
