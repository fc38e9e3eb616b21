package console

import (
	"fmt"
	"html/template"
	"strings"
	"unicode/utf8"
)

// Charts are hand-written SVG, drawn on the server: no script, text
// labels on every bar, a <title> and <desc> for screen readers, and a
// viewBox so they scale down to a phone.

var chartColors = []string{"#2563eb", "#16a34a", "#ea580c", "#9333ea", "#0891b2", "#ca8a04"}

// series is one named set of values, one per category.
type series struct {
	Name   string
	Values []float64
}

func esc(s string) string { return template.HTMLEscapeString(s) }

func svgOpen(b *strings.Builder, id, title, desc string, w, h int) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-t %s-d" font-family="system-ui, sans-serif" font-size="13">`, w, h, id, id)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(desc))
}

// hbarChart draws one horizontal bar per label with its value written
// next to it; max is the scale (0 = the largest value); empty is the text
// shown when there are no labels. Values are written in nf.
func hbarChart(nf numFormat, id, title, empty string, labels []string, values []float64, max float64, unit string) template.HTML {
	// A label longer than labelClip characters is cut: the label column
	// holds about that many at this size (a longer one ran off the left).
	const w, labelW, rowH, top, labelClip = 640, 250, 30, 8, 29
	if max <= 0 {
		for _, v := range values {
			max = fmaxf(max, v)
		}
	}
	h := top*2 + rowH*max1(len(labels))
	var desc []string
	for i, l := range labels {
		desc = append(desc, l+": "+nf.num(values[i])+unit)
	}
	var b strings.Builder
	svgOpen(&b, id, title, strings.Join(desc, "; "), w, h)
	if len(labels) == 0 {
		fmt.Fprintf(&b, `<text x="8" y="%d" fill="#555">%s</text>`, top+18, esc(empty))
	}
	barW := float64(w - labelW - 70)
	for i, l := range labels {
		y := top + i*rowH
		bw := 0.0
		if max > 0 {
			bw = values[i] / max * barW
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" fill="#222">%s</text>`, labelW-8, y+19, esc(clip(l, labelClip)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" rx="3" fill="%s"><title>%s</title></rect>`,
			labelW, y+5, bw, rowH-10, chartColors[0], esc(l+": "+nf.num(values[i])+unit))
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="#222">%s</text>`, float64(labelW)+bw+6, y+19, esc(nf.num(values[i])+unit))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// vbarChart draws grouped vertical bars (one group per category, one bar
// per series), or stacked ones, with a legend and value labels when
// there is room. Category labels are thinned to stay readable. max is
// the top of the scale (0 = the largest value). Values are written in nf.
func vbarChart(nf numFormat, id, title string, cats []string, ss []series, stacked bool, max float64) template.HTML {
	const w, h, left, bottom, top = 640, 290, 36, 48, 44
	plotW, plotH := float64(w-left-8), float64(h-top-bottom)
	if max <= 0 {
		max = largest(cats, ss, stacked)
		// Counts get a scale whose middle line is a count too: a top of 3
		// labelled its middle 1.50 tickets.
		if counts(ss) && (max == 0 || max != float64(int64(max)/2*2)) {
			max = float64(int64(max)/2*2 + 2)
		}
	}
	if max == 0 {
		max = 1
	}
	var desc []string
	for i, c := range cats {
		var parts []string
		for _, s := range ss {
			parts = append(parts, s.Name+" "+nf.num(s.Values[i]))
		}
		desc = append(desc, c+": "+strings.Join(parts, ", "))
	}
	var b strings.Builder
	svgOpen(&b, id, title, strings.Join(desc, "; "), w, h)
	x := left
	for i, s := range ss { // legend, each name as wide as it is (about 8 px a letter)
		fmt.Fprintf(&b, `<rect x="%d" y="6" width="12" height="12" fill="%s"/><text x="%d" y="17" fill="#222">%s</text>`,
			x, chartColors[i%len(chartColors)], x+16, esc(s.Name))
		x += 16 + 8*utf8.RuneCountInString(s.Name) + 20
	}
	for _, f := range []float64{0, 0.5, 1} { // grid with values
		y := float64(top) + plotH*(1-f)
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/><text x="%d" y="%.1f" text-anchor="end" fill="#555" font-size="11">%s</text>`,
			left, w-8, y, y, left-4, y+4, nf.num(roundTo(max*f)))
	}
	groupW := plotW / float64(max1(len(cats)))
	barN := len(ss)
	if stacked {
		barN = 1
	}
	barW := groupW * 0.8 / float64(max1(barN))
	every := 1 + len(cats)/12
	for i, c := range cats {
		gx := float64(left) + groupW*float64(i) + groupW*0.1
		base := float64(top) + plotH
		for k, s := range ss {
			v := s.Values[i]
			bh := v / max * plotH
			x, y := gx+barW*float64(k), base-bh
			if stacked {
				x = gx
			}
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s</title></rect>`,
				x, y, fmaxf(barW-1, 1), bh, chartColors[k%len(chartColors)], esc(c+" — "+s.Name+": "+nf.num(v)))
			if !stacked && v > 0 && barW >= 14 {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="11" fill="#222">%s</text>`, x+barW/2, y-3, nf.num(v))
			}
			if stacked {
				base = y
			}
		}
		if stacked && len(cats) <= 16 {
			total := 0.0
			for _, s := range ss {
				total += s.Values[i]
			}
			if total > 0 {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="11" fill="#222">%s</text>`, gx+barW/2, base-3, nf.num(total))
			}
		}
		if i%every == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" font-size="11" fill="#222">%s</text>`,
				gx+groupW*0.4, h-bottom+16, esc(c))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func fmaxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

func roundTo(v float64) float64 { return float64(int64(v*100+0.5)) / 100 }

// counts reports whether every value of ss is a whole number.
func counts(ss []series) bool {
	for _, s := range ss {
		for _, v := range s.Values {
			if v != float64(int64(v)) {
				return false
			}
		}
	}
	return true
}

// largest is the tallest bar (or stack) of a chart.
func largest(cats []string, ss []series, stacked bool) float64 {
	max := 0.0
	for i := range cats {
		sum := 0.0
		for _, s := range ss {
			if stacked {
				sum += s.Values[i]
			} else {
				max = fmaxf(max, s.Values[i])
			}
		}
		max = fmaxf(max, sum)
	}
	return max
}
