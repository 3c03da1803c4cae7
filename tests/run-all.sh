#!/usr/bin/env bash
# Runs every test: the C unit/property/kernel tests (plain and under
# ASan+UBSan) and the bats end-to-end suites, then prints one closing line
# "N passed, N failed" adding up every check.
set -u
cd "$(dirname "$0")/.."

passed=0
failed=0
failures=()

count_c_test() {
	local name=$1 bin=$2 out line p f
	out=$("$bin" 2>&1)
	local status=$?
	line=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ -z "$line" ]; then
		printf '%s\n' "$out" | tail -n 20
		echo "$name: no result line (status $status)"
		failed=$((failed + 1))
		failures+=("$name")
		return
	fi
	p=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+')
	f=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+')
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	[ "$f" -ne 0 ] && { printf '%s\n' "$out" | grep -v '^ok' | tail -n 40; failures+=("$name"); }
	echo "$name: $p passed, $f failed"
	passed=$((passed + p))
	failed=$((failed + f))
}

for bin in build/tests/test_*; do
	[ -x "$bin" ] && count_c_test "unit $(basename "$bin")" "$bin"
done
for bin in build/tests-san/test_*; do
	[ -x "$bin" ] && ASAN_OPTIONS=detect_leaks=0 count_c_test "asan+ubsan $(basename "$bin")" "$bin"
done

if ls bats/*.bats >/dev/null 2>&1; then
	tap=$(bats --tap bats/ 2>&1)
	p=$(grep -c '^ok ' <<<"$tap")
	f=$(grep -c '^not ok ' <<<"$tap")
	grep -v '^ok ' <<<"$tap" | head -n 200
	echo "bats: $p passed, $f failed"
	[ "$f" -ne 0 ] && failures+=("bats")
	passed=$((passed + p))
	failed=$((failed + f))
fi

if [ ${#failures[@]} -ne 0 ]; then
	echo "failing: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
