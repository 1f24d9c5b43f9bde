package evalscore

import "strings"

var quoteFolder = strings.NewReplacer("\u2018", "'", "\u2019", "'", "\u201c", `"`, "\u201d", `"`, "\u00a0", " ")

// fields is Python's str.split() with no argument.
func fields(s string) []string { return strings.FieldsFunc(s, pySpace) }

// foldText maps curly quotes and NBSP to ASCII and collapses whitespace.
func foldText(s string) string { return strings.Join(fields(quoteFolder.Replace(s)), " ") }

// foldName lower-cases s and keeps only [0-9a-z].
func foldName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// overlaps is score.py's evidence rule: after folding, one text contains
// the other, or they share eight or more words in a row.
func overlaps(a, b string) bool {
	a, b = foldText(a), foldText(b)
	if a == "" || b == "" {
		return false
	}
	if strings.Contains(b, a) || strings.Contains(a, b) {
		return true
	}
	wa, wb := strings.Split(a, " "), strings.Split(b, " ")
	grams := make(map[string]bool)
	for i := 0; i+8 <= len(wa); i++ {
		grams[strings.Join(wa[i:i+8], " ")] = true
	}
	for i := 0; i+8 <= len(wb); i++ {
		if grams[strings.Join(wb[i:i+8], " ")] {
			return true
		}
	}
	return false
}

// head is Python's s[:n] (code points).
func head(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}
