package dialog

// EditDistance is the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbouring letters.
// Its three rows live on the stack for texts of up to 63 letters. The
// typed-text matcher and the crisis detector both use it.
func EditDistance(a, b []rune) int {
	var buf [3 * 64]int
	n := len(b) + 1
	var prev2, prev, cur []int
	if 3*n <= len(buf) {
		prev2, prev, cur = buf[:n], buf[n:2*n], buf[2*n:3*n]
	} else {
		prev2, prev, cur = make([]int, n), make([]int, n), make([]int, n)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
