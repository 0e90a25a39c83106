package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
)

// JSONL writes JSON Lines. Each Write is a single write(2) of one complete
// line, so a crash can leave at most a final fragment without its "\n",
// which ReadJSONL ignores and OpenJSONL in append mode removes.
// A JSONL is safe for concurrent use.
type JSONL struct {
	mu   sync.Mutex
	f    *os.File
	path string
	buf  bytes.Buffer
}

// OpenJSONL opens path for writing JSON Lines, creating it if needed. With
// appendMode the existing lines are kept and a trailing fragment left by a
// crash is cut off first; without it the file is truncated.
func OpenJSONL(path string, appendMode bool) (*JSONL, error) {
	flags := os.O_RDWR | os.O_CREATE
	if appendMode {
		flags |= os.O_APPEND
	} else {
		flags |= os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return nil, err
	}
	if appendMode {
		if err := dropFragment(f); err != nil {
			f.Close()
			return nil, fmt.Errorf("repair %s: %w", path, err)
		}
	}
	return &JSONL{f: f, path: path}, nil
}

// dropFragment truncates f after its last "\n", removing a partial line.
func dropFragment(f *os.File) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	size := st.Size()
	if size == 0 {
		return nil
	}
	const chunk = 64 << 10
	buf := make([]byte, chunk)
	end := size
	for end > 0 {
		start := max(end-chunk, 0)
		n, err := f.ReadAt(buf[:end-start], start)
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
			keep := start + int64(i) + 1
			if keep == size {
				return nil
			}
			return f.Truncate(keep)
		}
		end = start
	}
	return f.Truncate(0) // no complete line at all
}

// Write appends v as one line.
func (j *JSONL) Write(v any) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return fmt.Errorf("write %s: %w", j.path, os.ErrClosed)
	}
	j.buf.Reset()
	enc := json.NewEncoder(&j.buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil { // Encode adds the "\n"
		return fmt.Errorf("encode line for %s: %w", j.path, err)
	}
	if _, err := j.f.Write(j.buf.Bytes()); err != nil {
		return fmt.Errorf("write %s: %w", j.path, err)
	}
	return nil
}

// Close flushes the file to stable storage and closes it.
func (j *JSONL) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	f := j.f
	j.f = nil
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", j.path, err)
	}
	return f.Close()
}

// ReadJSONL reads a JSON Lines file of T. Blank lines are skipped, a final
// line without "\n" (left by a crash) is ignored, and a line that does not
// parse is an error naming the file and line.
func ReadJSONL[T any](path string) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	var out []T
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return out, nil // a non-empty line here has no "\n": a crash remnant
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var v T
		if err := json.Unmarshal(line, &v); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		out = append(out, v)
	}
}

// writeJSONLines encodes each item as one line.
func writeJSONLines[T any](w io.Writer, items []T) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, it := range items {
		if err := enc.Encode(it); err != nil {
			return err
		}
	}
	return nil
}
