#!/usr/bin/env bats
# sf-run --permissive: every call the policies would kill is reported once
# (call, arguments, rule) and allowed; at the end, each kind with its count.
load helpers

ATK=$B/attacks

@test "--permissive runs the program to its end, reporting each kind of denial once and counting it" {
	policy p 'socket: 0'
	run_split "$SF_RUN" --permissive -p "$T/p.policy" -- "$PROBE" "$M" socket socket say after
	expect_status 0
	[ -f "$M" ]
	expect_in "$out" "after"
	expect_in "$err" "sf: permissive: probe["
	expect_in "$err" "]: would have blocked socket(family=AF_INET, type=SOCK_STREAM, protocol=0) by $T/p.policy:2 (kill-process)"
	[ "$(grep -c 'would have blocked socket' <<<"$err")" -eq 1 ]
	expect_in "$err" "sf: permissive: 2× socket by $T/p.policy:2 (kill-process)"
	# the same without --permissive kills
	run_split "$SF_RUN" -p "$T/p.policy" -- "$PROBE" "$M" socket say after
	expect_status 159
}

@test "--permissive exits with the program's status, and says so when nothing would be blocked" {
	run_split "$SF_RUN" --permissive -p "$BASE" -- "$ATK/glibc/probe" "$M" getpid exit 3
	expect_status 3
	expect_in "$err" "sf: permissive: no call would have been blocked"
	run_split "$SF_RUN" --permissive -p "$BASE" -- sh -c 'exit 7'
	expect_status 7
}

@test "--permissive keeps errno answers, and trace rules still fail with ENOSYS" {
	policy p 'mkdir: errno EACCES' 'getppid: trace 3'
	sed -i '/^mkdir: 1$/d; /^getppid: 1$/d' "$T/p.policy"
	grep -v -e '^mkdir: 1$' -e '^getppid: 1$' "$BASE" >"$T/base2.policy"
	sed -i "s|@include .*|@include $T/base2.policy|" "$T/p.policy"
	run_split "$SF_RUN" --permissive -p "$T/p.policy" -- "$PROBE" - mkdir "$T/d" getppid
	expect_status 0
	expect_in "$out" "mkdir: errno EACCES"
	expect_in "$out" "getppid: errno ENOSYS"
	[ ! -d "$T/d" ]
}

@test "--permissive covers descendants, the loader and static programs" {
	grep -v '^uname' "$BASE" >"$T/p.policy"
	run_split "$SF_RUN" --permissive -p "$T/p.policy" -- sh -c "uname >/dev/null; $PROBE - say child"
	expect_status 0
	expect_in "$out" "child"
	expect_in "$err" "]: would have blocked uname("
	grep -v -e '^arch_prctl' "$BASE" >"$T/thin.policy"
	run_split "$SF_RUN" --permissive -p "$T/thin.policy" -- "$PROGS/probe-static" - getpid
	expect_status 0
	expect_in "$out" "getpid: ok"
	expect_in "$err" "]: would have blocked arch_prctl("
}

@test "--permissive goes with running a program, not with --kill or the other modes" {
	for args in "--kill" "--check" "--dump" "--test getpid()"; do
		run_split "$SF_RUN" --permissive $args -p "$BASE" -- "$PROBE" "$M"
		expect_status 125
		expect_one_sf_line
	done
	run_split "$SF_RUN" --permissive --learn "$T/o.policy" -- "$PROBE" "$M"
	expect_status 125
	[ ! -f "$M" ]
}
