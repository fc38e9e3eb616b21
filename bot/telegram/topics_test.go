package telegram

import (
	"context"
	"errors"
	"strings"
	"testing"

	"loket/bot"
	"loket/bot/telegram/telegramtest"
)

func TestCreateForumTopic(t *testing.T) {
	srv := telegramtest.New(t, "")
	c := newChannel(t, srv, nil)
	ctx := context.Background()
	srv.SetForum(-1001, true)

	tests := []struct {
		name      string
		chat      string
		topicName string
		wantForum bool
		wantErr   error
		wantSent  string
	}{
		{"forum", "-1001", "#1001 CV Maju Jaya", true, nil, "#1001 CV Maju Jaya"},
		{"plain group", "-1002", "#1002 PT Sinar", false, nil, ""},
		{"long name trimmed", "-1001", strings.Repeat("n", 200), true, nil, strings.Repeat("n", 127) + "…"},
		{"bad chat id", "abc", "x", false, bot.ErrPermanent, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(srv.Topics())
			id, forum, err := c.CreateForumTopic(ctx, tt.chat, tt.topicName)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil || forum != tt.wantForum {
				t.Fatalf("CreateForumTopic = %d, %v, %v", id, forum, err)
			}
			topics := srv.Topics()
			if !tt.wantForum {
				if id != 0 || len(topics) != before {
					t.Fatalf("plain group: id %d, topics %v", id, topics)
				}
				return
			}
			if id <= 0 || len(topics) != before+1 || topics[len(topics)-1] != tt.wantSent {
				t.Fatalf("id %d, topics %q", id, topics)
			}
		})
	}
}

func TestCreateForumTopicRefused(t *testing.T) {
	srv := telegramtest.New(t, "")
	c := newChannel(t, srv, nil)
	srv.SetForum(-1001, true)
	srv.Fail("createForumTopic", telegramtest.Failure{Code: 400, Description: "Bad Request: not enough rights to create a topic"})
	_, forum, err := c.CreateForumTopic(context.Background(), "-1001", "#1001")
	if !forum || !errors.Is(err, bot.ErrPermanent) {
		t.Fatalf("forum %v err %v, want a permanent error", forum, err)
	}
	srv.Fail("getChat", telegramtest.Failure{Code: 429, Description: "Too Many Requests", RetryAfter: 3})
	_, _, err = c.CreateForumTopic(context.Background(), "-1001", "#1001")
	var ra *bot.RetryAfterError
	if !errors.As(err, &ra) {
		t.Fatalf("err = %v, want RetryAfterError", err)
	}
}
