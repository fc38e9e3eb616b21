package main

import (
	_ "github.com/alicebob/miniredis/v2"
	_ "github.com/chromedp/chromedp"
	_ "github.com/go-telegram/bot"
	_ "github.com/go-telegram/bot/models"
	_ "github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/nyaruka/phonenumbers"
	_ "github.com/pdfcpu/pdfcpu/pkg/api"
	_ "github.com/pressly/goose/v3"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/prometheus/client_golang/prometheus/promhttp"
	_ "github.com/redis/go-redis/v9"
	_ "github.com/robfig/cron/v3"
	_ "go.mau.fi/whatsmeow"
	_ "go.mau.fi/whatsmeow/proto/waE2E"
	_ "go.mau.fi/whatsmeow/store/sqlstore"
	_ "go.mau.fi/whatsmeow/types/events"
	_ "golang.org/x/crypto/bcrypt"
	_ "modernc.org/sqlite"
)

func main() {}
