package bot

import "time"

// maxAttempts is how many real attempts a sender's messages get.
func (e *Engine[T]) maxAttempts(s Sender) int {
	if r, ok := s.(Retrying); ok {
		return r.RetryPolicy().MaxAttempts
	}
	return e.cfg.MaxSendAttempts
}

// retryWait is the wait after a message's n-th failed attempt.
func (e *Engine[T]) retryWait(s Sender, attempt int) time.Duration {
	if r, ok := s.(Retrying); ok {
		return r.RetryPolicy().Wait(attempt)
	}
	return backoff(attempt)
}
