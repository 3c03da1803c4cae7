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

# The shim's suites again, against sf-run and the shim built with
# ASan+UBSan (build/san-run, tests/tests.mk).
san_suites=(bats/shim.bats bats/exec.bats bats/errors.bats bats/modes.bats bats/landlock.bats)
san_suites+=(bats/learn-paths.bats)
san_suites+=(bats/attack-*.bats)
if [ -x build/san-run/sf-run ] && [ -f build/san-run/libsf.so ]; then
	tap=$(SF_TEST_SF_RUN=$PWD/build/san-run/sf-run SF_TEST_SHIM=$PWD/build/san-run/libsf.so \
		SF_TEST_SANITIZED=1 ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0 \
		bats --tap "${san_suites[@]}" 2>&1)
	p=$(grep -c '^ok ' <<<"$tap")
	f=$(grep -c '^not ok ' <<<"$tap")
	grep -v '^ok ' <<<"$tap" | head -n 200
	echo "asan+ubsan bats: $p passed, $f failed"
	[ "$f" -ne 0 ] && failures+=("asan+ubsan bats")
	passed=$((passed + p))
	failed=$((failed + f))
fi

# The fuzz target (tests/fuzz/): SF_FUZZ_SECONDS (60) of libFuzzer from the
# checked-in seeds, new inputs kept in a scratch directory. One check: a
# crash, a sanitizer report, a disagreement with the interpreter or a
# missing build (it needs clang) fails it.
fuzz=build/fuzz/fuzz_policy
if [ -x "$fuzz" ]; then
	dir=$(mktemp -d)
	out=$("$fuzz" -max_total_time="${SF_FUZZ_SECONDS:-60}" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$dir/" "$dir" tests/fuzz/corpus 2>&1)
	status=$?
	runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' <<<"$out" | grep -oE '[0-9]+$')
	cov=$(grep -oE 'cov: [0-9]+' <<<"$out" | tail -n 1)
	if [ "$status" -eq 0 ]; then
		echo "fuzz: 1 passed, 0 failed (${runs:-?} inputs, ${cov:-cov: ?})"
		passed=$((passed + 1))
	else
		printf '%s\n' "$out" | grep -v -E '^#[0-9]+' | tail -n 40
		ls "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* 2>/dev/null | head -n 5
		echo "fuzz: 0 passed, 1 failed (status $status)"
		failed=$((failed + 1))
		failures+=("fuzz")
	fi
	rm -rf "$dir"
else
	echo "fuzz: 0 passed, 1 failed ($fuzz is not built: it needs clang and libclang-rt-14-dev)"
	failed=$((failed + 1))
	failures+=("fuzz")
fi

if [ ${#failures[@]} -ne 0 ]; then
	echo "failing: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
