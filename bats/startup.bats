#!/usr/bin/env bats
# No code of the program runs unfiltered, however it starts: threads from
# library constructors, its own _start, its own libc-named functions,
# static linking, musl.
load helpers

@test "a thread started in a library constructor is filtered" {
	run_split "$PROGS/ctorthread" "$M"
	expect_status 0
	expect_in "$out" "socket allowed"
	rm -f "$M"
	run_split "$SF_RUN" -p "$BASE" -- "$PROGS/ctorthread" "$M"
	expect_status 159
	[ -f "$M" ]
	expect_not_in "$out" "socket allowed"
	expect_in "$err" "$SOCKET_REPORT"
}

@test "a program with its own _start is filtered from its first instruction" {
	run_split "$SF_RUN" -p "$BASE" -- "$PROGS/nostart" "$M"
	expect_status 159
	[ -f "$M" ]
	expect_in "$out" "nostart: running"
	expect_not_in "$out" "socket allowed"
	expect_in "$err" "$SOCKET_REPORT"
	# and with the shim alone (which does not report)
	run_split env LD_PRELOAD="$SHIM" SF_POLICY="$BASE" "$PROGS/nostart" "$M"
	expect_status 159
	expect_not_in "$out" "socket allowed"
}

@test "a program defining syscall, prctl, getenv and sigaction cannot fool the shim" {
	run_split env LD_PRELOAD="$SHIM" SF_POLICY="$BASE" "$PROGS/ownsyms" "$M"
	expect_status 159
	[ -f "$M" ]
	expect_not_in "$err" "HIJACKED"
	run_split "$SF_RUN" -p "$BASE" -- "$PROGS/ownsyms" "$M"
	expect_status 159
	expect_not_in "$err" "HIJACKED"
	expect_in "$err" "$SOCKET_REPORT"
}

@test "a static program is under its exact policy from exec: a missing start-up call is reported" {
	grep -v -e '^arch_prctl' -e '^set_tid_address' "$BASE" >"$T/thin.policy"
	run_split "$SF_RUN" -p "$T/thin.policy" -- "$PROGS/probe-static" "$M"
	expect_status 159
	[ ! -f "$M" ]
	expect_one_sf_line
	expect_in "$err" "]: blocked arch_prctl("
}

@test "a static program runs filtered with --early" {
	run_split "$SF_RUN" --early -p "$BASE" -- "$PROGS/probe-static" "$M" getpid filters
	expect_status 0
	[ -f "$M" ]
	expect_in "$out" "getpid: ok"
	expect_in "$out" "Seccomp_filters:	1"
	run_split "$SF_RUN" --early -p "$BASE" -- "$PROGS/probe-static" - socket
	expect_status 159
	expect_not_in "$out" "socket: ok"
}

@test "--early needs no execve in the policy: sf-run installs after exec" {
	grep -v '^execve' "$BASE" >"$T/noexec.policy"
	for prog in probe-static probe; do
		run_split "$SF_RUN" --early -p "$T/noexec.policy" -- "$PROGS/$prog" "$M" getpid
		expect_status 0
		expect_in "$out" "getpid: ok"
		# and no program of its can exec another
		run_split "$SF_RUN" --early -p "$T/noexec.policy" -- "$PROGS/$prog" - exec "$PROGS/probe" - getpid
		expect_status 159
		expect_in "$err" "]: blocked execve("
	done
}

@test "a musl program is filtered and reported" {
	run_split "$SF_RUN" -p "$BASE" -- "$PROGS/musl/probe" "$M" getpid filters seccomp socket
	expect_status 159
	[ -f "$M" ]
	expect_in "$out" "getpid: ok"
	expect_in "$out" "Seccomp_filters:	1"
	expect_in "$err" "${SOCKET_REPORT}$BASE (default kill-process)"
}

@test "a musl program sets SF_ACTIVE for its children even when the shim adds it" {
	run_split env LD_PRELOAD="$B/musl/libsf.so" SF_POLICY="$BASE" "$PROGS/musl/probe" - \
		env SF_ACTIVE filters
	expect_status 0
	[[ "$out" =~ "env SF_ACTIVE="[0-9a-f]{16} ]]
	expect_in "$out" "Seccomp_filters:	1"
}

@test "a musl program with its own _start is filtered from its first instruction" {
	run_split "$SF_RUN" -p "$BASE" -- "$PROGS/musl/nostart" "$M"
	expect_status 159
	[ -f "$M" ]
	expect_not_in "$out" "socket allowed"
	expect_in "$err" "$SOCKET_REPORT"
}
