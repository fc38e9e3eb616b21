// Command loket is the one Loket binary: `loket serve`, `loket migrate`,
// `loket agent add`, `loket whatsapp pair`, `loket backup FILE`,
// `loket restore FILE`, `loket files encrypt|rotate-key`, `loket version`. It reads the
// configuration, wires the packages together and shuts down gracefully;
// it holds no helpdesk logic.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"loket"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	quietRedis()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `Loket — helpdesk bot for e-procurement vendors

Usage:
  loket serve                         run the bot, web chat, console and API
  loket migrate                       apply database migrations and exit
  loket agent add NAME [--role admin|supervisor|agent] [--name "Full Name"]
                                      create a console agent (password read from
                                      LOKET_AGENT_PASSWORD or generated and printed)
  loket whatsapp pair [--phone 62…]   link the WhatsApp number (QR code, or a
                                      pairing code for --phone)
  loket backup FILE                   write one archive of the database and the
                                      documents (safe while serving)
  loket restore FILE                  restore an archive into an empty data
                                      directory (and empty database)
  loket files encrypt                 encrypt stored documents under LOKET_FILES_KEY
  loket files rotate-key              re-encrypt them from LOKET_FILES_KEY_OLD to
                                      LOKET_FILES_KEY (both resumable, safe while serving)
  loket version                       print the version

Configuration is read from LOKET_* environment variables; see README.md.
loket COMMAND --help shows a command's usage.
`

// run executes one command on the wall clock and returns the process
// exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	return runAt(ctx, loket.SystemClock{}, args, getenv, stdout, stderr)
}

// runAt is run with the clock serve reads the time from (office hours,
// slots, reminders); tests set it to the instants the calendar rules turn on.
func runAt(ctx context.Context, clock loket.Clock, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	if u, ok := helpFor(args); ok {
		u.print(stdout)
		return 0
	}
	var err error
	switch args[0] {
	case "serve":
		err = cmdServe(ctx, clock, getenv, stdout, stderr)
	case "migrate":
		err = cmdMigrate(ctx, getenv, stdout, stderr)
	case "agent":
		err = cmdAgent(ctx, args[1:], getenv, stdout, stderr)
	case "whatsapp":
		err = cmdWhatsApp(ctx, args[1:], getenv, stdout, stderr)
	case "backup":
		err = cmdBackup(ctx, args[1:], getenv, stdout, stderr)
	case "restore":
		err = cmdRestore(ctx, args[1:], getenv, stdout, stderr)
	case "files":
		err = cmdFiles(ctx, args[1:], getenv, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "loket", version)
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "loket: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err != nil {
		var ce *configError
		if errors.As(err, &ce) {
			fmt.Fprintln(stderr, "loket: configuration:", oneLine(err.Error()))
			return 2
		}
		fmt.Fprintln(stderr, "loket:", oneLine(err.Error()))
		return 1
	}
	return 0
}

// oneLine folds a multi-line error (some drivers add detail lines) so a
// start-up failure is one line naming the variable.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
