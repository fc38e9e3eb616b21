package console

import (
	"math"
	"strconv"
	"strings"

	"loket"
)

// numFormat writes numbers the way a language does: Indonesian groups
// thousands with a dot and writes a decimal comma (1.234,5), English the
// other way round (1,234.5). A CSV leaves thousands ungrouped (a
// spreadsheet reads "1234", not always "1.234") and keeps the decimal
// mark, so a spreadsheet set to that language reads the numbers as numbers.
type numFormat struct {
	point, group string
}

// numbersIn is the format of lang on a page.
func numbersIn(lang loket.Lang) numFormat {
	if lang == loket.LangEN {
		return numFormat{point: ".", group: ","}
	}
	return numFormat{point: ",", group: "."}
}

// csvNumbersIn is the format of lang in a CSV file: no thousands groups.
func csvNumbersIn(lang loket.Lang) numFormat {
	f := numbersIn(lang)
	f.group = ""
	return f
}

// csvComma is the field separator of a CSV in lang: Indonesian
// spreadsheets, whose decimal mark is the comma, split fields at ";".
func csvComma(lang loket.Lang) rune {
	if lang == loket.LangEN {
		return ','
	}
	return ';'
}

// int writes a whole number with its thousands grouped.
func (f numFormat) int(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if f.group != "" && len(s) > 3 {
		var b strings.Builder
		lead := len(s) % 3
		if lead > 0 {
			b.WriteString(s[:lead])
		}
		for i := lead; i < len(s); i += 3 {
			if b.Len() > 0 {
				b.WriteString(f.group)
			}
			b.WriteString(s[i : i+3])
		}
		s = b.String()
	}
	if neg {
		return "-" + s
	}
	return s
}

// n writes an int.
func (f numFormat) n(n int) string { return f.int(int64(n)) }

// fixed writes v with exactly places decimals.
func (f numFormat) fixed(v float64, places int) string {
	s := strconv.FormatFloat(v, 'f', places, 64)
	whole, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(whole, "-")
	w, err := strconv.ParseInt(strings.TrimPrefix(whole, "-"), 10, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return s
	}
	out := f.int(w)
	if neg {
		out = "-" + out
	}
	if frac != "" {
		out += f.point + frac
	}
	return out
}

// num writes a chart value: whole numbers bare, others with two decimals.
func (f numFormat) num(v float64) string {
	if v == float64(int64(v)) {
		return f.int(int64(v))
	}
	return f.fixed(v, 2)
}
