package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// commandUsage is what `loket CMD --help` (or `loket CMD SUB --help`)
// prints: the command's usage line and what it does. A command with flags
// also lists them, from the same FlagSet it parses.
type commandUsage struct {
	text  string
	flags func() *flag.FlagSet // nil: no flags
}

var commands = map[string]commandUsage{
	"serve": {text: `usage: loket serve

Runs the bot, the web chat, the staff console and the API until interrupted
(Ctrl-C or SIGTERM), then finishes what is in hand and exits 0.
Configuration comes from LOKET_* environment variables; see README.md.
`},
	"migrate": {text: `usage: loket migrate

Applies the pending database migrations and exits.
`},
	"agent": {text: `usage: loket agent add NAME [--role admin|supervisor|agent] [--name "Full Name"]

Creates a console agent. The password is read from LOKET_AGENT_PASSWORD, or
generated and printed.
`, flags: func() *flag.FlagSet { fs, _, _ := agentAddFlags(); return fs }},
	"whatsapp": {text: `usage: loket whatsapp pair [--phone 6281234567890]

Links the WhatsApp number: shows a QR code to scan, and with --phone also a
pairing code to type into the phone.
`, flags: func() *flag.FlagSet { fs, _ := whatsappPairFlags(); return fs }},
	"backup": {text: `usage: loket backup FILE

Writes one archive of the database and the documents to FILE (a new file).
Safe while Loket serves.
`},
	"restore": {text: `usage: loket restore FILE

Restores an archive written by loket backup into an empty data directory
(and an empty database).
`},
	"files": {text: `usage: loket files encrypt | loket files rotate-key

encrypt     encrypts the stored documents under LOKET_FILES_KEY
rotate-key  re-encrypts them from LOKET_FILES_KEY_OLD to LOKET_FILES_KEY
Both are resumable and safe while Loket serves.
`},
	"version": {text: `usage: loket version

Prints the version.
`},
}

// The subcommands share their command's usage.
func init() {
	commands["agent add"] = commands["agent"]
	commands["whatsapp pair"] = commands["whatsapp"]
	commands["files encrypt"] = commands["files"]
	commands["files rotate-key"] = commands["files"]
}

func isHelpFlag(s string) bool { return s == "-h" || s == "-help" || s == "--help" }

// helpFor returns the usage of the command args name when they ask for
// help (a -h, -help or --help anywhere after the command); ok is false
// otherwise, or when the command is unknown.
func helpFor(args []string) (commandUsage, bool) {
	if len(args) < 2 || !slices.ContainsFunc(args[1:], isHelpFlag) {
		return commandUsage{}, false
	}
	if len(args) > 2 && !isHelpFlag(args[1]) {
		if u, ok := commands[args[0]+" "+args[1]]; ok {
			return u, true
		}
	}
	u, ok := commands[args[0]]
	return u, ok
}

// print writes the usage, and the flags with their defaults.
func (u commandUsage) print(w io.Writer) {
	fmt.Fprint(w, u.text)
	if u.flags == nil {
		return
	}
	fs := u.flags()
	fmt.Fprintln(w, "\nFlags:")
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// agentAddFlags are the flags of loket agent add.
func agentAddFlags() (fs *flag.FlagSet, role, name *string) {
	fs = flag.NewFlagSet("agent add", flag.ContinueOnError)
	role = fs.String("role", "agent", "admin, supervisor or agent")
	name = fs.String("name", "", "full name shown to colleagues")
	return fs, role, name
}

// whatsappPairFlags are the flags of loket whatsapp pair.
func whatsappPairFlags() (fs *flag.FlagSet, phone *string) {
	fs = flag.NewFlagSet("whatsapp pair", flag.ContinueOnError)
	phone = fs.String("phone", "", "also offer a pairing code for this number (international, e.g. 6281234567890)")
	return fs, phone
}

// usageLine is the first line of a command's usage, for errors.
func usageLine(cmd string) string {
	line, _, _ := strings.Cut(commands[cmd].text, "\n")
	return line
}
