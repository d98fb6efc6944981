//go:build race

package loadtest

// raceEnabled: the tests run with the race detector, and so does the komek
// binary they build.
const raceEnabled = true
