package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExtractStopsWhenCancelled: SIGINT/SIGTERM cancel run's context
// (main's signal.NotifyContext); extract must stop, print nothing more and
// exit 1, as scan does.
func TestExtractStopsWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	var pages []string
	for _, name := range []string{"a.html", "b.html"} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(`<p>Stem cells for autism cost $5,000.</p>`), 0o644)
		pages = append(pages, p)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	err := run(ctx, append([]string{"extract"}, pages...), &out, &errb)
	if !errors.Is(err, context.Canceled) || exitCode(err, &errb) != exitFailed {
		t.Errorf("extract with a cancelled context: err %v (exit %d), want context.Canceled, exit %d", err, exitCode(err, &errb), exitFailed)
	}
	if out.Len() != 0 {
		t.Errorf("extract printed %d bytes after cancellation: %.200s", out.Len(), out.String())
	}
	if !strings.Contains(errb.String(), "interrupted") {
		t.Errorf("stderr %q does not say the run was interrupted", errb.String())
	}
}
