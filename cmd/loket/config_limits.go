package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"loket/internal/clientaddr"
)

// loadLimits reads the settings that protect Loket on the open internet:
// which proxies to believe, how much the document store may hold and
// how many web-chat streams stay open; and how long start-up waits for
// its servers.
func (c *Config) loadLimits(get func(name, def string) string) error {
	var err error
	if c.TrustedProxies, err = clientaddr.ParseProxies(get("LOKET_TRUSTED_PROXIES", "")); err != nil {
		return &configError{"LOKET_TRUSTED_PROXIES", err.Error() + " (a comma-separated list of CIDRs)"}
	}
	if c.WebhookAllow, err = clientaddr.ParseProxies(get("LOKET_WEBHOOK_ALLOW_NETS", "")); err != nil {
		return &configError{"LOKET_WEBHOOK_ALLOW_NETS", err.Error() + " (a comma-separated list of CIDRs)"}
	}
	if c.FilesQuota, err = parseSize(get("LOKET_FILES_QUOTA", "0")); err != nil {
		return &configError{"LOKET_FILES_QUOTA", err.Error()}
	}
	if c.FilesMinFree, err = parseSize(get("LOKET_FILES_MIN_FREE", "1GB")); err != nil {
		return &configError{"LOKET_FILES_MIN_FREE", err.Error()}
	}
	if v := get("LOKET_TELEGRAM_SEND_RATE", ""); v != "" {
		if c.TelegramRate, err = strconv.ParseFloat(v, 64); err != nil || c.TelegramRate <= 0 || c.TelegramRate > 10000 {
			return &configError{"LOKET_TELEGRAM_SEND_RATE", fmt.Sprintf("%q: use messages a second across chats, such as 30", v)}
		}
	}
	if v := get("LOKET_START_WAIT", startWait.String()); v != "" {
		if c.StartWait, err = time.ParseDuration(v); err != nil || c.StartWait < 0 || c.StartWait > time.Hour {
			if n, nerr := strconv.Atoi(v); nerr == nil && n >= 0 && n <= 3600 {
				c.StartWait, err = time.Duration(n)*time.Second, nil
			} else {
				return &configError{"LOKET_START_WAIT", fmt.Sprintf("%q: use a duration such as 30s or 2m (0: do not wait)", v)}
			}
		}
	}
	v := get("LOKET_WEBCHAT_STREAMS", "1000")
	if c.ChatStreams, err = strconv.Atoi(v); err != nil || c.ChatStreams < 1 {
		return &configError{"LOKET_WEBCHAT_STREAMS", fmt.Sprintf("%q: use a positive number of open chat streams, such as 1000", v)}
	}
	return nil
}

// parseSize reads a byte size: a whole number with an optional unit B,
// KB, MB, GB or TB (powers of 1024; KiB… accepted too).
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.Replace(t, "IB", "B", 1), "B")
	mult := int64(1)
	for i, u := range []string{"K", "M", "G", "T"} {
		if strings.HasSuffix(t, u) {
			t, mult = strings.TrimSuffix(t, u), int64(1)<<(10*(i+1))
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("%q is not a size such as 500MB or 20GB", s)
	}
	return n * mult, nil
}
