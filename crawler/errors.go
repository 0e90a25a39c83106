package crawler

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Retry policy for 429 and 503 answers.
const (
	maxRetries   = 2                // retries after the first attempt
	maxRetryWait = 30 * time.Second // a longer Retry-After means "not now": no retry
	minBackoff   = 100 * time.Millisecond
)

// maxRedirects is the longest redirect chain followed; one more is an error.
const maxRedirects = 10

// outcome is a failed fetch as recorded in a Page: the error class, a detail
// for humans and, when a response arrived, its status.
type outcome struct {
	class  string
	detail string
	status int
}

// failureFromError classifies a transport error. prefix says what was being
// fetched when it is not the page itself ("robots.txt: ").
func failureFromError(ctx context.Context, err error, prefix string) *outcome {
	class := classify(ctx, err)
	return &outcome{class: class, detail: prefix + err.Error()}
}

// classify maps an error from a request to an error class. A cancelled crawl
// wins over whatever the error says.
func classify(ctx context.Context, err error) string {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		return ErrCanceled
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return ErrTimeout
	}
	if isBlocked(err) {
		return ErrBlocked
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return ErrDNS
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return ErrConnRefused
	}
	if isTLSError(err) {
		return ErrTLS
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return ErrTimeout
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return ErrConn
	}
	return ErrOther
}

func isTLSError(err error) bool {
	var (
		recErr   tls.RecordHeaderError
		alertErr tls.AlertError
		verErr   *tls.CertificateVerificationError
		authErr  x509.UnknownAuthorityError
		hostErr  x509.HostnameError
		certErr  x509.CertificateInvalidError
	)
	switch {
	case errors.As(err, &recErr), errors.As(err, &alertErr), errors.As(err, &verErr),
		errors.As(err, &authErr), errors.As(err, &hostErr), errors.As(err, &certErr):
		return true
	}
	return strings.Contains(err.Error(), "tls: ")
}

// unreachableReason says in plain words why a site's seed page p failed, or
// "" when it did not fail (or the crawl was cancelled while fetching it).
func unreachableReason(p Page, cfg Config) string {
	switch p.Error {
	case "":
		if p.OK() {
			return ""
		}
		return fmt.Sprintf("HTTP %d", p.Status)
	case ErrCanceled:
		return ""
	case ErrTimeout:
		return "timeout after " + cfg.Timeout.String()
	case ErrDNS:
		return "DNS lookup failed"
	case ErrConnRefused:
		return "connection refused"
	case ErrConn:
		return "connection failed"
	case ErrTLS:
		return "TLS error"
	case ErrBlocked:
		return "host resolves to a private or reserved address (not fetched without --allow-private)"
	case ErrHTTP4xx, ErrHTTP5xx:
		return fmt.Sprintf("HTTP %d", p.Status)
	case ErrRobots:
		return "robots.txt disallows the home page"
	case ErrRobotsUnavailable:
		return p.ErrorDetail // "robots.txt unavailable (HTTP 503)"
	case ErrRedirectLoop:
		return "redirect loop"
	case ErrTooManyRedir:
		return fmt.Sprintf("more than %d redirects", maxRedirects)
	case ErrOffScope:
		return "home page redirects to another site"
	case ErrNotHTML:
		ct := p.ContentType
		if ct == "" {
			ct = "unknown type"
		}
		return "home page is not HTML (" + ct + ")"
	case ErrTooLarge:
		return fmt.Sprintf("home page larger than %d bytes", cfg.MaxBodySize)
	default:
		return "fetch failed: " + p.ErrorDetail
	}
}

// retryWait decides whether a 429 or 503 answer is retried and after how
// long: Retry-After when given (no retry when it asks for more than
// maxRetryWait), else 2× then 4× the host's delay (at least minBackoff).
// attempt counts from 0 for the first request.
func retryWait(status int, h http.Header, attempt int, hostDelay time.Duration) (time.Duration, bool) {
	if status != http.StatusTooManyRequests && status != http.StatusServiceUnavailable {
		return 0, false
	}
	if attempt >= maxRetries {
		return 0, false
	}
	if ra := h.Get("Retry-After"); ra != "" {
		if d, ok := parseRetryAfter(ra, time.Now()); ok {
			if d > maxRetryWait {
				return 0, false
			}
			return d, true
		}
	}
	return min(max(hostDelay, minBackoff)<<(attempt+1), maxRetryWait), true
}

// parseRetryAfter reads a Retry-After value: delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int(maxRetryWait/time.Second) {
			return maxRetryWait + time.Second, true // too long anyway; avoids overflow
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// sleep waits for d or until ctx is done, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
