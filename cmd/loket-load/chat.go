package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// chatMessage is what a visitor posts to /chat/send: a typed text, or a
// pressed button (Button its data, Text its label).
type chatMessage struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Lang   string `json:"lang,omitempty"`
	Button string `json:"button,omitempty"`
}

// postChat posts msg to base's /chat/send; anything but 202 Accepted is
// an error. Every mode sends through it.
func postChat(client *http.Client, base string, msg chatMessage) error {
	body, err := json.Marshal(msg)
	if err != nil {
		return fmt.Errorf("send: %w", err)
	}
	resp, err := client.Post(base+"/chat/send", "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	return accepted(resp, "send")
}

// accepted reads and closes resp and says whether the server accepted
// the request (202), naming what was asked in the error.
func accepted(resp *http.Response, what string) error {
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		return fmt.Errorf("%s: %s", what, resp.Status)
	}
	return nil
}
