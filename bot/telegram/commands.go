package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"unicode/utf8"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"loket/templates"
)

// commandsJSON is the command menu per language; "id" is also the default
// menu (no language_code).
var commandsJSON = templates.TelegramCommands

var commandRe = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// loadCommands parses and checks the embedded menu.
func loadCommands(data []byte) (map[string][]models.BotCommand, error) {
	var menus map[string][]models.BotCommand
	if err := json.Unmarshal(data, &menus); err != nil {
		return nil, fmt.Errorf("telegram: parse command menu: %w", err)
	}
	if len(menus["id"]) == 0 {
		return nil, fmt.Errorf("telegram: command menu has no \"id\" (default) list")
	}
	for lang, cmds := range menus {
		if len(cmds) > 100 {
			return nil, fmt.Errorf("telegram: command menu %q: more than 100 commands", lang)
		}
		for _, c := range cmds {
			n := utf8.RuneCountInString(c.Description)
			if !commandRe.MatchString(c.Command) || n < 1 || n > 256 {
				return nil, fmt.Errorf("telegram: command menu %q: invalid command %q", lang, c.Command)
			}
		}
	}
	return menus, nil
}

// publishCommands calls setMyCommands for the default (Indonesian) menu
// and once per other language.
func (c *Channel) publishCommands(ctx context.Context) error {
	menus, err := loadCommands(commandsJSON)
	if err != nil {
		return err
	}
	langs := make([]string, 0, len(menus))
	for l := range menus {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, lang := range langs {
		p := &tg.SetMyCommandsParams{Commands: menus[lang]}
		if lang != "id" {
			p.LanguageCode = lang
		}
		if _, err := c.api.SetMyCommands(ctx, p); err != nil {
			return fmt.Errorf("telegram: set commands %q: %w", lang, err)
		}
	}
	return nil
}
