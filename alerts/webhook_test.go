package alerts

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSignKnownVector(t *testing.T) {
	// Computed independently: printf '1700000000.{}' | openssl dgst -sha256 -hmac key
	const want = "sha256=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae"
	if got := Sign([]byte("key"), "1700000000", []byte("{}")); got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
}

func TestVerifySignature(t *testing.T) {
	secret := []byte("s3cret")
	body := []byte(`{"key":"k","rule":"r"}`)
	now := time.Unix(1_800_000_000, 0)
	ts := strconv.FormatInt(now.Unix(), 10)
	good := http.Header{}
	good.Set(HeaderTimestamp, ts)
	good.Set(HeaderSignature, Sign(secret, ts, body))
	cases := []struct {
		name   string
		secret []byte
		h      func() http.Header
		body   []byte
		now    time.Time
		want   error
	}{
		{"valid", secret, func() http.Header { return good.Clone() }, body, now, nil},
		{"wrong secret", []byte("other"), func() http.Header { return good.Clone() }, body, now, ErrBadSignature},
		{"tampered body", secret, func() http.Header { return good.Clone() }, []byte(`{"key":"k","rule":"x"}`), now, ErrBadSignature},
		{"tampered timestamp", secret, func() http.Header {
			h := good.Clone()
			h.Set(HeaderTimestamp, strconv.FormatInt(now.Unix()+1, 10))
			return h
		}, body, now.Add(time.Second), ErrBadSignature},
		{"missing signature", secret, func() http.Header { h := good.Clone(); h.Del(HeaderSignature); return h }, body, now, ErrBadSignature},
		{"bad timestamp", secret, func() http.Header { h := good.Clone(); h.Set(HeaderTimestamp, "yesterday"); return h }, body, now, ErrBadSignature},
		{"stale", secret, func() http.Header { return good.Clone() }, body, now.Add(10 * time.Minute), ErrStale},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := VerifySignature(c.secret, c.h(), c.body, 5*time.Minute, c.now)
			if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	a := Alert{Rule: "r", Update: true, Group: "is-khorasan", GroupName: "Islamic State Khorasan Province", Status: "claimed",
		PreviousStatus: "denied", PreviousGroup: "is-khorasan", Title: "Blast in Kabul", URL: "https://x.example/a",
		Incident: &AlertIncident{Type: "armed_assault", Place: "Kabul", Country: "AF", Date: "2026-11-20", Killed: ptr(3)}}
	got := Summary(a)
	for _, w := range []string{"[r] UPDATE:", "Islamic State Khorasan Province claimed armed assault in Kabul, AF on 2026-11-20 (3 killed)", "(was: is-khorasan denied)", "Blast in Kabul", "<https://x.example/a>"} {
		if !strings.Contains(got, w) {
			t.Errorf("summary %q lacks %q", got, w)
		}
	}
}
