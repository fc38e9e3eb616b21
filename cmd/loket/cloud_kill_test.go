package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"regexp"
	"testing"
	"time"

	ct "loket/bot/whatsappcloud/cloudtest"
)

// TestCloudServeHelperProcess is the child of TestCloudAPIKillNineLosesNothing
// and TestEmbeddedKillNineKeepsEveryAcceptedMessage: `loket serve` in its
// own process, configured by the environment.
func TestCloudServeHelperProcess(t *testing.T) {
	if os.Getenv("LOKET_TEST_SERVE_CHILD") != "1" {
		t.Skip("helper process of the kill -9 tests")
	}
	os.Exit(runAt(context.Background(), testClock(t), []string{"serve"}, os.Getenv, os.Stdout, os.Stderr))
}

// startChild runs `loket serve` in a child process and returns it with
// its base URL.
func startChild(t *testing.T, env []string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCloudServeHelperProcess$")
	cmd.Env = append(os.Environ(), "LOKET_TEST_SERVE_CHILD=1", "LOKET_HTTP_ADDR=127.0.0.1:0", "LOKET_ADMIN_PASSWORD=S3cret-pass!")
	for i := 0; i+1 < len(env); i += 2 {
		cmd.Env = append(cmd.Env, env[i]+"="+env[i+1])
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`Web chat: (http://[0-9.:]+)/chat`)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	select {
	case base := <-addr:
		return cmd, base
	case <-time.After(30 * time.Second):
		t.Fatal("the child serve did not start")
	}
	return nil, ""
}

// TestCloudAPIKillNineLosesNothing kills `loket serve` with SIGKILL while
// an answer is still unsent (Meta's API is down), starts it again, lets
// Meta redeliver the webhook, and checks the vendor gets that answer
// exactly once.
func TestCloudAPIKillNineLosesNothing(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts child processes")
	}
	api := ct.New(t)
	env := cloudEnv(api, t.TempDir())
	child, base := startChild(t, env)
	v := &cloudVendorChat{t: t, api: api, hook: base + "/whatsapp/webhook"}
	v.say("halo")
	v.expect("Silakan pilih")

	api.Down(true)
	body := api.Message(cloudVendor, "Budi", "wamid.vendor-status", "text", ct.Obj{"body": "jam layanan"})
	if code := api.Post(v.hook, body); code != 200 {
		t.Fatalf("webhook: %d", code)
	}
	time.Sleep(300 * time.Millisecond) // a send attempt meets the outage
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = child.Wait()
	before := len(v.toVendor())

	_, base = startChild(t, env)
	v.hook = base + "/whatsapp/webhook"
	if code := postRetrying(api, v.hook, body); code != 200 { // Meta delivers it again
		t.Fatalf("redelivered webhook: %d", code)
	}
	api.Down(false)
	hours := v.expect("10.00")
	v.say("menu") // a sentinel after the redelivered message
	v.expect("ilakan pilih")
	answers := 0
	for _, s := range v.toVendor()[before:] {
		if s.Body == hours.Body {
			answers++
		}
	}
	if answers != 1 {
		t.Fatalf("the answer to the message in flight arrived %d times, want once", answers)
	}
}
