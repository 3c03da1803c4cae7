#!/usr/bin/env bats
# A hostile binary under sf-run: code that runs before the entry point (a
# library constructor here) stays inside every stacked policy widened only
# for the loader, and cannot keep the exact policies out. And the reports:
# the program can neither suppress nor stall them.
load attack-helpers

setup() {
	attack_setup
}

# A policy the loader needs more than (access): the exact filter then goes
# in at the entry point, after the constructors ran under the widened one.
narrow_policy() {
	attack_policy narrow 'access: errno EPERM' "$@"
}

@test "a constructor that hides SF_POLICY changes nothing under sf-run" {
	narrow_policy
	for libc in glibc musl; do
		ATTACK_PROG=probe-ctorlib ATTACK_CTORLIB=hide attack_run "$libc:sf-run" "$T/narrow.policy" \
			"$C" socket say after
		expect_killed
		expect_err "]: blocked socket("
		expect_no_out after
	done
}

@test "a constructor's filter that fakes seccomp()'s success is caught: the program is stopped" {
	narrow_policy
	ATTACK_PROG=probe-ctorlib ATTACK_CTORLIB=fake attack_run glibc:sf-run "$T/narrow.policy" \
		"$C" socket say after
	expect_out "ctorlib fake filter: ok 0"
	[ "$status" -eq 125 ] || { show_run; false; }
	expect_err "does not count them as installed"
	expect_err "killed at its entry point"
	expect_no_out "prologue"
	# musl runs constructors after the entry point: the exact filter is in
	ATTACK_PROG=probe-ctorlib ATTACK_CTORLIB=fake attack_run musl:sf-run "$T/narrow.policy" \
		"$C" socket say after
	expect_killed
	expect_no_out after
}

@test "no writable and executable mapping before the entry point, where the policy forbids them" {
	narrow_policy 'mmap, mprotect: (prot & PROT_EXEC) == 0 || (prot & PROT_WRITE) == 0'
	for libc in glibc musl; do
		ATTACK_PROG=probe-ctorlib ATTACK_CTORLIB=rwx attack_run "$libc:sf-run" "$T/narrow.policy" \
			"$C" say main
		# before main under glibc, in it under musl
		[ "$status" -eq 159 ] || { show_run; false; }
		expect_err "]: blocked mmap("
		expect_err "prot=PROT_READ|PROT_WRITE|PROT_EXEC"
		expect_no_out "ctorlib rwx: ok"
		expect_no_out main
	done
}

@test "no second exec and no new process before the entry point" {
	narrow_policy
	attack_policy open 'default: allow'
	for what in exec fork clone0; do
		ATTACK_PROG=probe-ctorlib ATTACK_CTORLIB=$what ATTACK_CTORLIB_EXEC="$ATK/glibc/probe" \
			attack_run glibc:sf-run "$T/narrow.policy" "$C" say main
		[ "$status" -eq 125 ] || { show_run; false; }
		expect_err "before its entry point"
		expect_no_out "socket: ok"
		expect_no_out main
	done
	# musl: the constructor runs after the entry point, under the exact
	# policy, which allows exec: the new program is under it too
	ATTACK_PROG=probe-ctorlib ATTACK_CTORLIB=exec ATTACK_CTORLIB_EXEC="$ATK/musl/probe" \
		attack_run musl:sf-run "$T/narrow.policy" "$C" say main
	expect_killed
	expect_no_out "socket: ok"
}

@test "a denial in a constructor, before the entry point, is reported" {
	narrow_policy
	for libc in glibc musl; do
		ATTACK_PROG=probe-ctorlib ATTACK_CTORLIB=call attack_run "$libc:sf-run" "$T/narrow.policy" \
			"$C" say main
		[ "$status" -eq 159 ] || { show_run; false; }
		expect_err "]: blocked socket(family=AF_INET"
		expect_no_out "socket: ok"
		expect_no_out main
	done
}

@test "a report with fd 2 closed by the program still reaches sf-run's stderr" {
	for way in glibc:sf-run musl:sf-run glibc-static:early; do
		attack_run "$way" "$BASE" "$C" sys 3,2 socket say after
		expect_killed
		expect_err "]: blocked socket("
	done
}

@test "a full stderr pipe stalls neither the kill nor sf-run" {
	mkfifo "$T/fifo"
	exec 9<>"$T/fifo"
	# fill the pipe: a non-blocking writer stops when it is full
	python3 -c 'import os, sys
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK)
try:
    while True:
        os.write(fd, b"x" * 4096)
except BlockingIOError:
    pass' "$T/fifo"
	for way in glibc:sf-run musl:sf-run; do
		start=$SECONDS
		bin=$(attack_bin "${way%%:*}")
		set +e
		timeout 20 "$SF_RUN" -p "$BASE" -- "$bin" "$C" socket say after >"$T/out" 2>"$T/fifo"
		status=$?
		set -e
		[ "$status" -eq 159 ] || { echo "$way: status $status"; false; }
		[ $((SECONDS - start)) -lt 10 ]
		! grep -q after "$T/out"
	done
	exec 9>&-
}

@test "the program killing sf-run dies with it" {
	attack_run glibc:sf-run "$BASE" "$C" kill-parent 9 sleep 1500 say after
	sleep 2
	[ "$status" -eq 137 ] || { show_run; false; }
	expect_no_out "sleep: done"
	expect_no_out after
}

@test "user-notify rules are refused by sf-run; trace rules fail with ENOSYS" {
	attack_policy un 'getppid: user-notify'
	attack_run glibc:sf-run "$T/un.policy" "$C" getpid
	expect_refused
	expect_err "user-notify"
	# the program's own listener cannot answer one either: there is none
	attack_policy tr 'getppid: trace 7'
	attack_run glibc:sf-run "$T/tr.policy" "$C" sys getppid say after
	expect_confined
	expect_out "getppid: errno ENOSYS"
	expect_out after
}

@test "--spec-mitigate installs the same filters without SPEC_ALLOW" {
	ATTACK_SF_OPTS=--spec-mitigate attack_run glibc:sf-run "$BASE" "$C" getpid socket
	expect_killed
	expect_out "getpid: ok"
}

@test "the program's own filters cannot outrank a kill: kill-thread, errno or trap for a denied call" {
	for way in glibc:sf-run musl:sf-run glibc:shim musl:shim glibc-static:early; do
		for act in kill-thread errno trap; do
			attack_run "$way" "$BASE" "$C" own-filter "$act,socket" thread-sys socket say after
			WAY="$way, own filter: $act"
			expect_killed
			expect_no_out "main: alive"
			expect_no_out after
		done
	done
}

@test "limit: a child started with clone(CLONE_UNTRACED) dies for its denied call, unreported" {
	attack_run glibc:sf-run "$BASE" "$C" untraced-sys socket say after
	expect_confined
	expect_out "untraced-sys: killed by SIGSYS"
	expect_out after
	[[ "$err" != *"blocked socket"* ]] || { show_run; false; }
}

@test "a policy whose widened form is itself is installed once; another twice" {
	run_split "$SF_RUN" -p "$ROOT/bench/policies/docker-like.policy" -- "$PROBE" - filters
	expect_status 0
	expect_in "$out" "Seccomp_filters:	1"
	narrow_policy
	run_split "$SF_RUN" -p "$T/narrow.policy" -- "$PROBE" - filters
	expect_status 0
	expect_in "$out" "Seccomp_filters:	2"
}

@test "equal answers of stacked policies: the one given last wins, also when only one differs from its widened form" {
	# a: as widened as it is exact; b: the loader needs more (access), so
	# its exact form goes in at the entry point
	attack_policy a 'mkdirat: errno EPERM'
	attack_policy b 'mkdirat: errno EACCES' 'access: errno EPERM'
	attack_run glibc:sf-run "$T/b.policy" "$C" sys mkdirat,-100,@$T/d,0
	expect_out "mkdirat: errno EACCES"
	run_split "$SF_RUN" -p "$T/b.policy" -p "$T/a.policy" -- "$ATK/glibc/probe" "$C" sys mkdirat,-100,@$T/d,0
	WAY="b then a"
	expect_out "mkdirat: errno EPERM"
	run_split "$SF_RUN" -p "$T/a.policy" -p "$T/b.policy" -- "$ATK/glibc/probe" "$C" sys mkdirat,-100,@$T/d,0
	WAY="a then b"
	expect_out "mkdirat: errno EACCES"
}
