package registry

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
)

// Entry is a line of registry.jsonl: one registry response a scan used.
// Request is the path and query relative to the API base
// ("/studies/NCT01234567?fields=..."), so a cache made against a mirror
// serves the same requests to the public API and back. Body is the
// response body exactly as received; SHA256 is its hex digest.
type Entry struct {
	Request   string `json:"request"`
	URL       string `json:"url"`
	Status    int    `json:"status"` // 200, or 404 for a study the registry does not have
	FetchedAt string `json:"fetched_at"`
	SHA256    string `json:"sha256"`
	Body      string `json:"body"`
}

// Cache holds registry responses by request and appends new ones to its
// file. A Cache is safe for concurrent use. The zero Cache (or nil) holds
// nothing and records nothing.
type Cache struct {
	mu      sync.Mutex
	entries map[string]Entry
	f       *os.File
}

// OpenCache reads the cache file at path (it may not exist yet) and, when
// record is true, opens it for appending the responses fetched from now
// on. A line that is not valid JSON, or whose body does not match its
// sha256 (a fragment left by a crash, an edit), is skipped: the request
// is made again when the registry is online.
func OpenCache(path string, record bool) (*Cache, error) {
	c := &Cache{entries: map[string]Entry{}}
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 64<<20)
	for sc.Scan() {
		var e Entry
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Request == "" || digest([]byte(e.Body)) != e.SHA256 {
			continue
		}
		c.entries[e.Request] = e
	}
	if !record {
		return c, nil
	}
	if n := bytes.LastIndexByte(data, '\n'); n+1 != len(data) {
		// A crash left a partial last line: cut it off before appending.
		if err := os.Truncate(path, int64(n+1)); err != nil {
			return nil, fmt.Errorf("repair %s: %w", path, err)
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	c.f = f
	return c, nil
}

// Get returns the cached response to a request.
func (c *Cache) Get(request string) (Entry, bool) {
	if c == nil {
		return Entry{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[request]
	return e, ok
}

// Len returns the number of cached responses.
func (c *Cache) Len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// Put records a response, in memory and (when the cache records) as one
// line of its file, written with a single write.
func (c *Cache) Put(e Entry) error {
	if c == nil {
		return nil
	}
	e.SHA256 = digest([]byte(e.Body))
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.entries[e.Request]; ok && old.SHA256 == e.SHA256 {
		return nil
	}
	c.entries[e.Request] = e
	if c.f == nil {
		return nil
	}
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if _, err := c.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("registry cache: %w", err)
	}
	return nil
}

// Close closes the cache file.
func (c *Cache) Close() error {
	if c == nil || c.f == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	err := c.f.Close()
	c.f = nil
	return err
}

func digest(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
