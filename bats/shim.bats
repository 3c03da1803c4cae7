#!/usr/bin/env bats
# The shim used directly from a script, SF_ACTIVE, and a shim that would
# not load.
load helpers

@test "LD_PRELOAD and SF_POLICY from a script filter and kill, without a report" {
	# Reports come from sf-run, which supervises from outside; the shim
	# alone has no one to tell.
	run_split env LD_PRELOAD="$SHIM" SF_POLICY="$BASE" "$PROBE" "$M" getpid seccomp socket
	expect_status 159
	[ -f "$M" ]
	expect_in "$out" "getpid: ok"
	expect_in "$out" "seccomp: ok 2"
	[ -z "$err" ]
}

@test "SF_RULES stacks after SF_POLICY" {
	run_split env LD_PRELOAD="$SHIM" SF_POLICY="$BASE" \
		SF_RULES=$'default: allow\nmkdir: errno EROFS' "$PROBE" - mkdir "$T/d" filters
	expect_status 0
	expect_in "$out" "mkdir: errno EROFS"
	expect_in "$out" "Seccomp_filters:	2"
}

@test "SF_MODE=kill kills without a report" {
	run_split env LD_PRELOAD="$SHIM" SF_POLICY="$BASE" SF_MODE=kill "$PROBE" "$M" socket
	expect_status 159
	[ -f "$M" ]
	[ -z "$err" ]
}

@test "the shim sets SF_ACTIVE and a child under the same policy adds no filter" {
	run_split env LD_PRELOAD="$SHIM" SF_POLICY="$BASE" "$PROBE" - filters env SF_ACTIVE \
		exec "$PROBE" - filters env SF_ACTIVE
	expect_status 0
	[[ "$out" =~ "env SF_ACTIVE="[0-9a-f]{16} ]]
	[ "$(printf '%s\n' "$out" | grep -c 'Seccomp_filters:	1')" -eq 2 ]
	# the same value in parent and child
	[ "$(printf '%s\n' "$out" | grep 'env SF_ACTIVE' | sort -u | wc -l)" -eq 1 ]
}

@test "a forged SF_ACTIVE without a filter in force does not stop installation" {
	# the hash of the right policy, but no filter: the shim installs anyway
	run_split env LD_PRELOAD="$SHIM" SF_POLICY="$BASE" "$PROBE" - env SF_ACTIVE
	active=$(printf '%s\n' "$out" | sed -n 's/^env SF_ACTIVE=//p')
	[ -n "$active" ]
	run_split env LD_PRELOAD="$SHIM" SF_POLICY="$BASE" SF_ACTIVE="$active" "$PROBE" - filters socket
	expect_status 159
	expect_in "$out" "Seccomp_filters:	1"
}

@test "sf-run needs no shim to run a program: it installs from outside" {
	mkdir "$T/layout"
	cp "$SF_RUN" "$T/layout/sf-run"
	run_split "$T/layout/sf-run" -p "$BASE" -- "$PROBE" - env LD_PRELOAD filters socket
	expect_status 159
	expect_in "$out" "env LD_PRELOAD=(unset)"
	expect_in "$err" "$SOCKET_REPORT"
}

@test "--learn refuses a shim that would not load" {
	mkdir "$T/layout"
	cp "$SF_RUN" "$T/layout/sf-run"
	head -c 4000 "$SHIM" >"$T/layout/libsf.so"
	run_split "$T/layout/sf-run" --learn "$T/out.policy" -- "$PROBE" "$M"
	expect_status 125
	[ ! -f "$M" ]
	expect_one_sf_line
	expect_in "$err" "shim"
}
