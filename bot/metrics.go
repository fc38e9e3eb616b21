package bot

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"loket"
)

// Metrics are the engine's Prometheus series (prefix loket_). A nil
// *Metrics records nothing.
type Metrics struct {
	inboundTotal  *prometheus.CounterVec
	outboundTotal *prometheus.CounterVec
	handlerErrors *prometheus.CounterVec
	jobsTotal     *prometheus.CounterVec
	batchSeconds  prometheus.Histogram
	acceptHandled *prometheus.HistogramVec
	batchSize     prometheus.Histogram
	sendSeconds   *prometheus.HistogramVec
	queue         *prometheus.GaugeVec
	lag           prometheus.Gauge
}

// NewMetrics registers the engine's metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		inboundTotal: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "loket_inbound_messages_total", Help: "Inbound messages by channel and result (new, duplicate, dead: refused by the database and set aside).",
		}, []string{"channel", "result"}),
		outboundTotal: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "loket_outbound_messages_total", Help: "Outbound send attempts by channel and result (sent, retry, throttled, failed).",
		}, []string{"channel", "result"}),
		handlerErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "loket_handler_errors_total", Help: "Inbound messages whose handling failed (retried, then set aside).",
		}, []string{"channel"}),
		jobsTotal: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "loket_jobs_total", Help: "Scheduled jobs run, by kind and result (done, retry, dead: set aside after its attempts, lost: its lease was taken over).",
		}, []string{"kind", "result"}),
		batchSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "loket_handle_batch_seconds", Help: "Time to handle and commit one batch of inbound messages.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
		}),
		acceptHandled: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "loket_accept_handled_seconds", Help: "Time from a message's Accept to the commit of its turn, for messages handled by the process that accepted them.",
			Buckets: []float64{0.001, 0.002, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10},
		}, []string{"channel"}),
		batchSize: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "loket_handle_batch_size", Help: "Inbound messages committed per transaction.",
			Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128},
		}),
		sendSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "loket_send_seconds", Help: "Time of one platform send call.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 14),
		}, []string{"channel"}),
		queue: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "loket_outbox_queue_depth", Help: "Queued outbound messages per channel.",
		}, []string{"channel"}),
		lag: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "loket_job_lag_seconds", Help: "Age of the oldest due, unfinished job.",
		}),
	}
	reg.MustRegister(m.inboundTotal, m.outboundTotal, m.handlerErrors, m.jobsTotal,
		m.batchSeconds, m.acceptHandled, m.batchSize, m.sendSeconds, m.queue, m.lag)
	return m
}

func (m *Metrics) inbound(all, fresh []loket.Inbound) {
	if m == nil {
		return
	}
	byCh := map[loket.Channel][2]int{}
	for _, in := range all {
		c := byCh[in.Channel]
		c[1]++
		byCh[in.Channel] = c
	}
	for _, in := range fresh {
		c := byCh[in.Channel]
		c[0]++
		c[1]--
		byCh[in.Channel] = c
	}
	for ch, c := range byCh {
		m.inboundTotal.WithLabelValues(string(ch), "new").Add(float64(c[0]))
		m.inboundTotal.WithLabelValues(string(ch), "duplicate").Add(float64(c[1]))
	}
}

// deadInbound counts a message set aside because it could not be recorded.
func (m *Metrics) deadInbound(ch loket.Channel) {
	if m != nil {
		m.inboundTotal.WithLabelValues(string(ch), "dead").Inc()
	}
}

func (m *Metrics) outbound(ch loket.Channel, result string) {
	if m != nil {
		m.outboundTotal.WithLabelValues(string(ch), result).Inc()
	}
}

func (m *Metrics) handlerError(ch loket.Channel) {
	if m != nil {
		m.handlerErrors.WithLabelValues(string(ch)).Inc()
	}
}

func (m *Metrics) job(kind, result string) {
	if m != nil {
		m.jobsTotal.WithLabelValues(kind, result).Inc()
	}
}

func (m *Metrics) batch(n int, d time.Duration) {
	if m != nil {
		m.batchSize.Observe(float64(n))
		m.batchSeconds.Observe(d.Seconds())
	}
}

// handled observes, for each message of a committed turn that this
// process accepted, the time since its Accept.
func (m *Metrics) handled(msgs []loket.Inbound, at time.Time) {
	if m == nil {
		return
	}
	for _, in := range msgs {
		if !in.AcceptedAt.IsZero() {
			m.acceptHandled.WithLabelValues(string(in.Channel)).Observe(at.Sub(in.AcceptedAt).Seconds())
		}
	}
}

func (m *Metrics) sendLatency(ch loket.Channel, d time.Duration) {
	if m != nil {
		m.sendSeconds.WithLabelValues(string(ch)).Observe(d.Seconds())
	}
}

func (m *Metrics) queueDepth(depth map[loket.Channel]int) {
	if m == nil {
		return
	}
	for _, ch := range []loket.Channel{loket.ChannelTelegram, loket.ChannelWhatsApp, loket.ChannelWebChat, loket.ChannelWebhook} {
		m.queue.WithLabelValues(string(ch)).Set(float64(depth[ch]))
	}
}

func (m *Metrics) jobLag(d time.Duration) {
	if m != nil {
		m.lag.Set(d.Seconds())
	}
}
