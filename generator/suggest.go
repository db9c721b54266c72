package generator

import (
	"fmt"
	"strings"
)

// suggest returns the tail of an "unknown ..." message: the nearest of
// accepted when one is close to name, else all of them.
func suggest(name string, accepted []string) string {
	if near := nearest(name, accepted); near != "" {
		return fmt.Sprintf("did you mean %q?", near)
	}
	return "accepted: " + strings.Join(accepted, ", ")
}

// nearest returns the candidate closest to name, or "" when none is close.
// A candidate that differs only in case comes first. Next comes one that
// starts with name, if name has at least 3 characters. Last comes the one
// with the smallest edit distance, if that distance is at most a third of
// name's length, and at least 1.
func nearest(name string, candidates []string) string {
	for _, c := range candidates {
		if strings.EqualFold(name, c) {
			return c
		}
	}
	if len(name) >= 3 {
		for _, c := range candidates {
			if strings.HasPrefix(strings.ToLower(c), strings.ToLower(name)) {
				return c
			}
		}
	}
	best, bestDist := "", max(1, len([]rune(name))/3)+1
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(name), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance returns the Levenshtein distance between a and b, counted in
// runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
