# Shared by the bats files: paths to what `make test-programs` built, a
# scratch directory per test, and a few assertions.
ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
B=$ROOT/build
# SF_TEST_SF_RUN and SF_TEST_SHIM point the suites at another build of
# sf-run and the shim (tests/run-all.sh: the ASan+UBSan one).
SF_RUN=${SF_TEST_SF_RUN:-$B/sf-run}
SHIM=${SF_TEST_SHIM:-$B/libsf.so}
PROGS=$B/progs
PROBE=$PROGS/probe
BASE=$ROOT/bats/policies/base.policy

# What sf-run reports for a denied socket(AF_INET, SOCK_STREAM, 0), after
# "sf: PROGRAM[PID]".
SOCKET_REPORT=']: blocked socket(family=AF_INET, type=SOCK_STREAM, protocol=0) by '

setup() {
	[ -x "$SF_RUN" ] && [ -f "$SHIM" ] && [ -x "$PROBE" ] ||
		skip "build first: make test-programs"
	T=$(mktemp -d "${BATS_TMPDIR:-/tmp}/sf-bats.XXXXXX")
	chmod 755 "$T"
	M=$T/marker
	# Deaths by SIGSYS would otherwise leave core files behind.
	ulimit -c 0
	# Tests decide the sf environment themselves.
	unset SF_POLICY SF_RULES SF_MODE SF_ACTIVE LD_PRELOAD
}

teardown() {
	[ -n "${T:-}" ] && rm -rf "$T"
}

# policy NAME LINE...: writes $T/NAME.policy including the base policy.
policy() {
	local name=$1
	shift
	{
		echo "@include $BASE"
		printf '%s\n' "$@"
	} >"$T/$name.policy"
}

# run_split CMD...: like run, with stdout in $out and stderr in $err.
run_split() {
	set +e
	"$@" >"$T/stdout" 2>"$T/stderr"
	status=$?
	set -e
	out=$(cat "$T/stdout")
	err=$(cat "$T/stderr")
}

expect_status() {
	if [ "$status" -ne "$1" ]; then
		echo "expected status $1, got $status"
		echo "stdout: $out"
		echo "stderr: $err"
		return 1
	fi
}

expect_in() { # HAYSTACK NEEDLE
	if [[ "$1" != *"$2"* ]]; then
		echo "expected to find: $2"
		echo "in: $1"
		return 1
	fi
}

expect_not_in() {
	if [[ "$1" == *"$2"* ]]; then
		echo "did not expect: $2"
		echo "in: $1"
		return 1
	fi
}

# Exactly one line on stderr, starting "sf: ".
expect_one_sf_line() {
	if [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] || [[ "$err" != "sf: "* ]]; then
		echo "expected one 'sf: ' line on stderr, got:"
		echo "$err"
		return 1
	fi
}
