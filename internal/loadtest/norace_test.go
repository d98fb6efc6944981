//go:build !race

package loadtest

// raceEnabled: the tests run without the race detector.
const raceEnabled = false
