package generator

import (
	"strings"

	"github.com/dave/jennifer/jen"
)

// commentWidth is the column at which generated prose is wrapped, not
// counting the "// " before it.
const commentWidth = 76

// commenter is a jen.File or jen.Group: something that takes comment lines.
type commenter interface {
	Comment(string) *jen.Statement
}

// addComment adds generator-written prose as line comments, wrapped at
// commentWidth. A newline in text starts a new line and an empty line
// starts a paragraph.
func addComment(g commenter, text string) {
	for line := range strings.Lines(commentSafe(text)) {
		line = strings.TrimSpace(line)
		if line == "" {
			g.Comment("//")
			continue
		}
		for _, wrapped := range wrapWords(line, commentWidth) {
			g.Comment("// " + wrapped)
		}
	}
}

// addDoc adds a declaration's doc comment: the summary, then the schema's
// doc text, if any, as a paragraph of its own.
func addDoc(g commenter, summary, doc string) {
	addComment(g, summary)
	if strings.TrimSpace(doc) != "" {
		g.Comment("//")
		addVerbatim(g, doc)
	}
}

// addFieldDoc adds a struct field's doc comment: the summary, then the
// schema's doc text on the following lines.
func addFieldDoc(g commenter, summary, doc string) {
	addComment(g, summary)
	addVerbatim(g, doc)
}

// addVerbatim adds doc text from the schema as line comments, keeping its
// line breaks. Each line is passed to jen.Comment with its "// " already
// written, so jennifer neither wraps a multi-line text in /* */ nor takes a
// line that starts with "/*" as a block comment.
func addVerbatim(g commenter, doc string) {
	doc = strings.TrimSpace(commentSafe(doc))
	if doc == "" {
		return
	}
	for line := range strings.Lines(doc) {
		line = strings.TrimRight(line, " \t\r\n")
		if line == "" {
			g.Comment("//")
			continue
		}
		g.Comment("// " + line)
	}
}

// commentSafe returns text with what the Go scanner rejects even inside a
// comment replaced by U+FFFD: invalid UTF-8, NUL and the byte order mark.
// A carriage return ends a line, as a newline does.
func commentSafe(text string) string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch r {
		case 0, '\uFEFF':
			return '\uFFFD'
		case '\r':
			return '\n'
		}
		return r
	}, text)
}

// wrapWords splits line into lines of at most width bytes, breaking at
// spaces. A word longer than width gets a line of its own.
func wrapWords(line string, width int) []string {
	var lines []string
	var cur strings.Builder
	for _, word := range strings.Fields(line) {
		if cur.Len() > 0 && cur.Len()+1+len(word) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(word)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}
