#!/usr/bin/env bats
# Descendants: nested exec stays filtered without piling filters up, and
# setuid programs do not gain privileges.
load helpers

@test "nested exec through sh -c is filtered and the filter count stays flat" {
	run_split "$SF_RUN" -p "$BASE" -- "$PROBE" - filters
	expect_status 0
	direct=$(printf '%s\n' "$out" | grep Seccomp_filters)
	[ -n "$direct" ]
	run_split "$SF_RUN" -p "$BASE" -- sh -c "sh -c '$PROBE - filters env SF_ACTIVE'"
	expect_status 0
	[ "$(printf '%s\n' "$out" | grep Seccomp_filters)" = "$direct" ]
	# sf-run sets nothing in the program's environment
	expect_in "$out" "env SF_ACTIVE=(unset)"
	run_split "$SF_RUN" -p "$BASE" -- sh -c "sh -c '$PROBE $M socket'"
	expect_status 159
	[ -f "$M" ]
	expect_in "$err" "${SOCKET_REPORT}$BASE (default kill-process)"
}

@test "a child with another policy stacks it on top" {
	policy p 'mkdir: errno EPERM'
	grep -v '^mkdir: 1$' "$BASE" >"$T/nomkdir.policy"
	sed -i "s|@include .*|@include $T/nomkdir.policy|" "$T/p.policy"
	run_split "$SF_RUN" -p "$BASE" -- env LD_PRELOAD="$SHIM" SF_POLICY="$T/p.policy" "$PROBE" - mkdir "$T/d" filters
	expect_status 0
	expect_in "$out" "mkdir: errno EPERM"
	expect_in "$out" "Seccomp_filters:	2"
}

@test "a setuid program runs unelevated, and filtered" {
	command -v setpriv >/dev/null || skip "no setpriv"
	[ "$(id -u)" = 0 ] || skip "needs root to make a setuid file"
	cp "$PROBE" "$T/probe-suid"
	chown root:root "$T/probe-suid"
	chmod 4755 "$T/probe-suid"
	chmod 644 "$BASE" 2>/dev/null || true
	as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
	# Without sf the bit works here (else the test proves nothing).
	run_split $as_nobody "$T/probe-suid" - euid
	expect_status 0
	[ "$out" = "euid: ok 0" ] || skip "setuid bits are not honoured here"
	run_split $as_nobody "$SF_RUN" -p "$BASE" -- "$T/probe-suid" - euid socket
	expect_status 159
	expect_in "$out" "euid: ok 65534"
	expect_in "$err" "$SOCKET_REPORT"
}
