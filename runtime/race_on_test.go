//go:build race

package runtime

// raceEnabled reports whether the race detector is on; it changes the
// allocation counts that tests measure.
const raceEnabled = true
