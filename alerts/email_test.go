package alerts

import (
	"context"
	"errors"
	"io"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	smtpd "github.com/emersion/go-smtp"

	"github.com/claimwatch/claimwatch/pipeline"
)

// mailbox is a loopback SMTP server (go-smtp) that keeps what it receives.
type mailbox struct {
	mu   sync.Mutex
	msgs []received
}

type received struct {
	from string
	to   []string
	data []byte
}

type mailSession struct {
	box *mailbox
	cur received
}

func (s *mailSession) Reset()        { s.cur = received{} }
func (s *mailSession) Logout() error { return nil }
func (s *mailSession) Mail(from string, _ *smtpd.MailOptions) error {
	s.cur.from = from
	return nil
}
func (s *mailSession) Rcpt(to string, _ *smtpd.RcptOptions) error {
	if strings.HasPrefix(to, "bounce@") {
		return &smtpd.SMTPError{Code: 550, EnhancedCode: smtpd.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}
	s.cur.to = append(s.cur.to, to)
	return nil
}
func (s *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.data = b
	s.box.mu.Lock()
	s.box.msgs = append(s.box.msgs, s.cur)
	s.box.mu.Unlock()
	return nil
}

func startMailbox(t *testing.T) (*mailbox, string) {
	t.Helper()
	box := &mailbox{}
	srv := smtpd.NewServer(smtpd.BackendFunc(func(*smtpd.Conn) (smtpd.Session, error) { return &mailSession{box: box}, nil }))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return box, l.Addr().String()
}

func TestEmailDeliveredToLoopbackSMTP(t *testing.T) {
	box, addr := startMailbox(t)
	rs := mustRules(t, `rules: [{name: desk, outputs: {email: {to: [desk@example.org, chief@example.org], subject_prefix: "[cw]"}}}, {name: bounce, outputs: {email: {to: [bounce@example.org]}}}]`)
	cfg := DelivererConfig{SMTP: SMTPConfig{Addr: addr, From: "claimwatch@example.org"}}
	m := NewMetrics(nil)
	d := NewDeliverer(rs, cfg, nil, nil, m)
	rec := record(recOpts{id: "m1", title: "Attack on a market", group: ptr("al-shabaab"), linked: true, place: "Mogadishu", country: "SO", killed: ptr(7)})
	ms := mustRules(t, `rules: [{name: desk}]`).Match(rec)
	if len(ms) != 1 {
		t.Fatalf("matches = %d", len(ms))
	}
	a := NewAlert(ms[0], rec)
	a.AlertedAt = time.Now()
	if err := d.Deliver(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	box.mu.Lock()
	defer box.mu.Unlock()
	if len(box.msgs) != 1 {
		t.Fatalf("messages = %d", len(box.msgs))
	}
	got := box.msgs[0]
	if got.from != "claimwatch@example.org" || strings.Join(got.to, ",") != "desk@example.org,chief@example.org" {
		t.Fatalf("envelope %s -> %v", got.from, got.to)
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(got.data)))
	if err != nil {
		t.Fatal(err)
	}
	if k := msg.Header.Get(HeaderIdempotencyKey); k != a.Key {
		t.Fatalf("idempotency key %q, want %q", k, a.Key)
	}
	if id := msg.Header.Get("Message-Id"); id != "<"+a.Key+"@claimwatch>" {
		t.Fatalf("Message-ID %q", id)
	}
	subj := msg.Header.Get("Subject")
	if !strings.HasPrefix(subj, "[cw] [desk]") || !strings.Contains(subj, "Mogadishu") || !strings.Contains(subj, "(7 killed)") {
		t.Fatalf("subject %q", subj)
	}
	body, _ := io.ReadAll(msg.Body)
	if !strings.Contains(string(body), a.URL) || !strings.Contains(string(body), "Attack on a market") {
		t.Fatalf("body %q", body)
	}
	if testutilCount(m.Latency) != 1 {
		t.Fatal("no latency observation for the email")
	}

	// A recipient the server refuses (550) is a permanent failure.
	a.Rule = "bounce"
	if err := d.Deliver(context.Background(), a); !pipeline.IsPermanent(err) || !errors.Is(err, ErrDelivery) {
		t.Fatalf("550: %v, want permanent delivery error", err)
	}
}

func TestEmailWithoutSMTPIsPermanentAndUnreachableTransient(t *testing.T) {
	rs := mustRules(t, `rules: [{name: desk, outputs: {email: {to: [desk@example.org]}}}]`)
	a := Alert{Key: "k", Rule: "desk", Status: "claimed"}
	if err := NewDeliverer(rs, DelivererConfig{}, nil, nil, nil).Deliver(context.Background(), a); !pipeline.IsPermanent(err) {
		t.Fatalf("no smtp.addr: %v", err)
	}
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	d := NewDeliverer(rs, DelivererConfig{SMTP: SMTPConfig{Addr: addr, From: "a@b.c", Timeout: 2 * time.Second}}, nil, nil, nil)
	if err := d.Deliver(context.Background(), a); err == nil || pipeline.IsPermanent(err) {
		t.Fatalf("refused connection: %v, want transient", err)
	}
}
