package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// healthCmd is "komek health": it asks a running bot's /readyz whether it
// is ready. Docker's HEALTHCHECK runs it (the image has no shell or curl),
// and so can systemd or a monitoring script.
type healthCmd struct {
	Listen  string        `name:"listen" env:"KOMEK_LISTEN" default:"${listen}" placeholder:"ADDR" help:"The bot's listener, as given to komek serve. Default: ${default}."`
	URL     string        `name:"url" placeholder:"URL" help:"Ask this address instead (default: /readyz on --listen)."`
	Timeout time.Duration `name:"timeout" default:"3s" placeholder:"DURATION" help:"Give up after this long. Default: ${default}."`
}

func (c *healthCmd) Run(d *deps) error {
	url := c.URL
	if url == "" {
		url = readyURL(c.Listen)
	}
	ctx, cancel := context.WithTimeout(d.ctx, c.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return usageError{fmt.Sprintf("health: %q is not an address: %v", url, err)}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("not running: nothing answers at %s (is \"komek serve\" running, with KOMEK_LISTEN=%s?)", url, c.Listen)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	reason := strings.TrimSpace(string(body))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready: %s", reason)
	}
	fmt.Fprintln(d.stdout, reason)
	return nil
}

// readyURL is /readyz on the address the bot listens on; an address that
// listens on every interface is asked on loopback.
func readyURL(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "http://" + listen + "/readyz"
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/readyz"
}
