package alerts

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Webhook headers.
const (
	HeaderTimestamp      = "X-Claimwatch-Timestamp" // Unix seconds
	HeaderSignature      = "X-Claimwatch-Signature" // "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body)
	HeaderIdempotencyKey = "X-Claimwatch-Idempotency-Key"
)

// Sign returns the X-Claimwatch-Signature value of body sent at timestamp:
// "sha256=" + hex(HMAC-SHA256(secret, timestamp + "." + body)).
func Sign(secret []byte, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(timestamp))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Signature verification errors.
var (
	ErrBadSignature = errors.New("webhook signature does not match")
	ErrStale        = errors.New("webhook timestamp outside the allowed skew")
)

// VerifySignature checks a received webhook: the signature header against
// the body and timestamp header (constant-time), and, with maxSkew > 0, that
// the timestamp is within maxSkew of now (replay protection). It is what a
// receiver in Go runs; other languages do the same three steps.
func VerifySignature(secret []byte, h http.Header, body []byte, maxSkew time.Duration, now time.Time) error {
	ts := h.Get(HeaderTimestamp)
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: bad %s %q", ErrBadSignature, HeaderTimestamp, ts)
	}
	want := Sign(secret, ts, body)
	if !hmac.Equal([]byte(want), []byte(h.Get(HeaderSignature))) {
		return ErrBadSignature
	}
	if maxSkew > 0 {
		if d := now.Sub(time.Unix(sec, 0)); d > maxSkew || d < -maxSkew {
			return fmt.Errorf("%w: %s old", ErrStale, d)
		}
	}
	return nil
}

// webhookBody is the payload for a webhook in its format.
func webhookBody(w Webhook, a Alert) ([]byte, error) {
	if w.Format == FormatSlack {
		return json.Marshal(map[string]string{"text": Summary(a)})
	}
	return json.Marshal(a)
}

// sendWebhook POSTs one alert. 2xx is success; 408, 425, 429, 5xx and
// transport errors are transient; any other status is permanent.
func sendWebhook(ctx context.Context, c *http.Client, userAgent string, w Webhook, a Alert, now time.Time) error {
	body, err := webhookBody(w, a)
	if err != nil {
		return pipeline.Permanent(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return pipeline.Permanent(fmt.Errorf("%w: webhook %s: %v", ErrDelivery, w.URL, err))
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	for k, v := range w.Headers {
		req.Header.Set(k, v)
	}
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderIdempotencyKey, a.Key)
	if w.Secret != "" {
		req.Header.Set(HeaderSignature, Sign([]byte(w.Secret), ts, body))
	}
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("%w: webhook %s: %v", ErrDelivery, w.URL, err)
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	err = fmt.Errorf("%w: webhook %s: HTTP %d: %s", ErrDelivery, w.URL, resp.StatusCode, strings.TrimSpace(string(snippet)))
	switch {
	case resp.StatusCode == http.StatusRequestTimeout, resp.StatusCode == http.StatusTooEarly,
		resp.StatusCode == http.StatusTooManyRequests, resp.StatusCode >= 500:
		return err
	default:
		return pipeline.Permanent(err)
	}
}

// Summary is a one-line human summary of an alert (Slack text, e-mail
// subject and tail lines).
func Summary(a Alert) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] ", a.Rule)
	if a.Update {
		b.WriteString("UPDATE: ")
	}
	who := a.GroupName
	if who == "" {
		who = a.Group
	}
	if who == "" {
		who = "no group"
	}
	fmt.Fprintf(&b, "%s %s", who, a.Status)
	if inc := a.Incident; inc != nil {
		fmt.Fprintf(&b, " %s", strings.ReplaceAll(inc.Type, "_", " "))
		if inc.Place != "" {
			fmt.Fprintf(&b, " in %s", inc.Place)
			if inc.Country != "" {
				fmt.Fprintf(&b, ", %s", inc.Country)
			}
		}
		if inc.Date != "" {
			fmt.Fprintf(&b, " on %s", inc.Date)
		}
		if inc.Killed != nil {
			fmt.Fprintf(&b, " (%d killed)", *inc.Killed)
		}
	}
	if a.Update && a.PreviousStatus != "" {
		prev := a.PreviousGroup
		if prev == "" {
			prev = "no group"
		}
		fmt.Fprintf(&b, " (was: %s %s)", prev, a.PreviousStatus)
	}
	if a.Title != "" {
		fmt.Fprintf(&b, " — %s", a.Title)
	}
	if a.URL != "" {
		fmt.Fprintf(&b, " <%s>", a.URL)
	}
	return b.String()
}
