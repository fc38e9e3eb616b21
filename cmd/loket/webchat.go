package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"loket"
	"loket/bot/webchat"
	"loket/flows"
	"loket/internal/clientaddr"
	"loket/store"
	"loket/templates"
)

// chatKeySetting holds the key that signs web-chat visitor cookies, the
// same for every replica and kept across restarts.
const chatKeySetting = "webchat.cookie_key"

// wireWebChat builds the web chat: signed visitor cookies, limits per
// client address, uploads into their own area under the storage quota.
func (s *server) wireWebChat(ctx context.Context, clock loket.Clock) (*webchat.Channel, error) {
	key, err := settingSecret(ctx, s.back.store, chatKeySetting, clock.Now())
	if err != nil {
		return nil, fmt.Errorf("web chat: %w", err)
	}
	web, err := webchat.New(webchat.Config{
		Key:     key,
		Clients: clientaddr.New(s.cfg.TrustedProxies, s.cfg.PublicURL),
		Limits:  webchat.Limits{Streams: s.cfg.ChatStreams},
		OnFull:  s.alertStaff,
	}, s.back.store, s.back.eph, s.back.limiter, clock, templates.Web, s.log)
	if err != nil {
		return nil, err
	}
	web.SetSink(s.engine)
	web.SetUploads(s.back.uploads, s.back.space)
	web.SetStored(s.back.files)
	web.SetLangs(chatLangs{s.back.store})
	s.engine.AddSender(web)
	s.web = web
	return web, nil
}

// chatLangs reads a web chat's conversation language from its contact,
// for what the web chat answers itself (an upload refused).
type chatLangs struct{ st store.Store }

func (l chatLangs) ChatLang(ctx context.Context, ch loket.Channel, chatID string) (loket.Lang, bool, error) {
	var lang loket.Lang
	err := l.st.InTx(ctx, func(tx store.Tx) error {
		ct, err := tx.ContactByAddress(ctx, ch, chatID)
		switch {
		case errors.Is(err, loket.ErrNotFound):
			return nil // no conversation yet: the page's language
		case err != nil:
			return err
		}
		lang = ct.Lang
		return nil
	})
	if err != nil {
		return "", false, fmt.Errorf("web chat: conversation language: %w", err)
	}
	return lang, lang != "", nil
}

// settingSecret returns the 32-byte secret stored under key, creating it
// on first use. Two replicas starting at once may both create one; the
// one saved last wins, and both read it back.
func settingSecret(ctx context.Context, st store.Store, key string, now time.Time) ([]byte, error) {
	var v struct {
		Key []byte `json:"key"`
	}
	read := func(tx store.Tx) (bool, error) {
		b, err := tx.Setting(ctx, key)
		if errors.Is(err, loket.ErrNotFound) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if err := json.Unmarshal(b, &v); err != nil {
			return false, err
		}
		return len(v.Key) >= 32, nil
	}
	err := st.InTx(ctx, func(tx store.Tx) error {
		if ok, err := read(tx); ok || err != nil {
			return err
		}
		v.Key = make([]byte, 32)
		_, _ = rand.Read(v.Key) // crypto/rand.Read never fails on supported platforms
		b, _ := json.Marshal(v)
		return tx.SaveSetting(ctx, key, b, now)
	})
	if err == nil {
		err = st.InTx(ctx, func(tx store.Tx) error { _, err := read(tx); return err })
	}
	if err != nil {
		return nil, fmt.Errorf("secret %s: %w", key, err)
	}
	return v.Key, nil
}

// releaseUpload removes a web-chat upload from the upload area once the
// document pipeline has judged it.
func releaseUpload(ctx context.Context, web *webchat.Channel, job *loket.Job, log *slog.Logger) {
	var p flows.CheckPayload
	if json.Unmarshal(job.Payload, &p) != nil || p.Channel != loket.ChannelWebChat {
		return
	}
	if err := web.Release(ctx, p.Ref); err != nil {
		log.Warn("release a checked upload; the sweep will remove it", "err", err)
	}
}
