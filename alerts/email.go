package alerts

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"net/textproto"
	"os"
	"strings"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// SMTPConfig is the mail server the Deliverer sends e-mail alerts through.
type SMTPConfig struct {
	Addr        string        `yaml:"addr"` // host:port; empty disables e-mail
	From        string        `yaml:"from"`
	Username    string        `yaml:"username"`
	Password    string        `yaml:"password"`
	PasswordEnv string        `yaml:"password_env"` // environment variable holding the password
	StartTLS    bool          `yaml:"starttls"`     // require STARTTLS (used whenever offered anyway)
	Timeout     time.Duration `yaml:"timeout"`      // whole conversation; default 30s
	HelloName   string        `yaml:"hello_name"`   // EHLO name; default localhost
}

// sendEmail sends one alert to the rule's recipients. SMTP 5xx replies are
// permanent, anything else transient.
func sendEmail(ctx context.Context, cfg SMTPConfig, e *Email, a Alert, now time.Time) error {
	if cfg.Addr == "" {
		return pipeline.Permanent(fmt.Errorf("%w: rule %s has email outputs but no smtp.addr is configured", ErrDelivery, a.Rule))
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("%w: smtp %s: %v", ErrDelivery, cfg.Addr, err)
	}
	deadline := time.Now().Add(timeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	_ = conn.SetDeadline(deadline)
	host, _, _ := net.SplitHostPort(cfg.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return smtpErr(cfg.Addr, err)
	}
	defer c.Close()
	hello := cfg.HelloName
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return smtpErr(cfg.Addr, err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}); err != nil {
			return smtpErr(cfg.Addr, err)
		}
	} else if cfg.StartTLS {
		return pipeline.Permanent(fmt.Errorf("%w: smtp %s does not offer STARTTLS", ErrDelivery, cfg.Addr))
	}
	if cfg.Username != "" {
		pw := cfg.Password
		if cfg.PasswordEnv != "" {
			pw = os.Getenv(cfg.PasswordEnv)
		}
		if err := c.Auth(smtp.PlainAuth("", cfg.Username, pw, host)); err != nil {
			return smtpErr(cfg.Addr, err)
		}
	}
	if err := c.Mail(cfg.From); err != nil {
		return smtpErr(cfg.Addr, err)
	}
	for _, to := range e.To {
		if err := c.Rcpt(to); err != nil {
			return smtpErr(cfg.Addr, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return smtpErr(cfg.Addr, err)
	}
	if _, err := w.Write(emailMessage(cfg.From, e, a, now)); err != nil {
		return smtpErr(cfg.Addr, err)
	}
	if err := w.Close(); err != nil {
		return smtpErr(cfg.Addr, err)
	}
	return smtpErr(cfg.Addr, c.Quit())
}

func smtpErr(addr string, err error) error {
	if err == nil {
		return nil
	}
	err = fmt.Errorf("%w: smtp %s: %w", ErrDelivery, addr, err)
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return pipeline.Permanent(err)
	}
	return err
}

// emailMessage is the RFC 5322 message of an alert. Message-ID carries the
// idempotency key so that mail clients thread or drop duplicates.
func emailMessage(from string, e *Email, a Alert, now time.Time) []byte {
	var b bytes.Buffer
	subject := Summary(Alert{Rule: a.Rule, Update: a.Update, Group: a.Group, GroupName: a.GroupName, Status: a.Status, Incident: a.Incident, PreviousStatus: a.PreviousStatus, PreviousGroup: a.PreviousGroup})
	if e.SubjectPrefix != "" {
		subject = e.SubjectPrefix + " " + subject
	}
	subject = strings.NewReplacer("\r", " ", "\n", " ").Replace(subject)
	hdr := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	hdr("From", from)
	hdr("To", strings.Join(e.To, ", "))
	hdr("Subject", mime.QEncoding.Encode("utf-8", subject))
	hdr("Date", now.UTC().Format(time.RFC1123Z))
	hdr("Message-ID", "<"+a.Key+"@claimwatch>")
	hdr(HeaderIdempotencyKey, a.Key)
	hdr("MIME-Version", "1.0")
	hdr("Content-Type", "text/plain; charset=utf-8")
	hdr("Content-Transfer-Encoding", "8bit")
	b.WriteString("\r\n")
	line := func(format string, args ...any) {
		s := fmt.Sprintf(format, args...)
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(s, "\r", ""), "\n", "\r\n"))
		b.WriteString("\r\n")
	}
	line("%s", Summary(a))
	line("")
	line("Rule:      %s", a.Rule)
	who := a.Group
	if a.GroupName != "" {
		who = a.GroupName + " (" + a.Group + ")"
	}
	line("Group:     %s", who)
	line("Status:    %s %s (confidence %.2f)", a.Status, a.Certainty, a.Confidence)
	if a.Update {
		line("Update:    was %s %s", a.PreviousGroup, a.PreviousStatus)
	}
	if inc := a.Incident; inc != nil {
		line("Incident:  %s %s %s %s", inc.Type, inc.Place, inc.Country, inc.Date)
		if inc.Killed != nil {
			line("Killed:    %d", *inc.Killed)
		}
	}
	line("Article:   %s", a.Title)
	line("URL:       %s", a.URL)
	if a.Evidence != "" {
		line("")
		line("> %s", a.Evidence)
	}
	line("")
	line("Alert key: %s", a.Key)
	return b.Bytes()
}
