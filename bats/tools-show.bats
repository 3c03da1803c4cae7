#!/usr/bin/env bats
# sf-run --show PID: the filters of a running process.
load helpers

@test "--show prints the filters a sandboxed process runs under" {
	[ "$(id -u)" -eq 0 ] || skip "needs CAP_SYS_ADMIN"
	# Stopping the process interrupts its sleep, which resumes through
	# restart_syscall: the policy must allow it.
	policy p 'restart_syscall: 1'
	# the bare shim: under sf-run the process is traced by sf-run, and
	# --show must attach to it
	env LD_PRELOAD="$SHIM" SF_POLICY="$T/p.policy" sleep 5 3>&- &
	pid=$!
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		grep -q '^Seccomp:.*2' /proc/$pid/status 2>/dev/null && break
		sleep 0.2
	done
	run_split "$SF_RUN" --show "$pid"
	kill $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	expect_status 0
	expect_in "$out" "# process $pid: 1 seccomp filter"
	expect_in "$out" "ld    [arch]"
	expect_in "$out" "default: kill-process"
	expect_in "$out" "uname"
}

@test "--show says plainly when a process has no filter, or is supervised by sf-run" {
	[ "$(id -u)" -eq 0 ] || skip "needs CAP_SYS_ADMIN"
	sleep 5 3>&- &
	pid=$!
	run_split "$SF_RUN" --show "$pid"
	kill $pid
	expect_status 0
	expect_in "$out" "# process $pid: no seccomp filters"
	# nor does it let its silence on Landlock read as "no path rules"
	expect_in "$out" "# process $pid: path, port and scope rules (Landlock) cannot be shown"
	expect_not_in "$err" "CHECKPOINT"
	policy p 'restart_syscall: 1'
	"$SF_RUN" -p "$T/p.policy" sleep 5 3>&- &
	pid=$!
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		child=$(pgrep -P $pid) && grep -q '^Seccomp:.*2' /proc/$child/status 2>/dev/null && break
		sleep 0.2
	done
	run_split "$SF_RUN" --show "$child"
	kill $child $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	expect_status 125
	expect_in "$err" "traced by process $pid"
}

@test "--show refuses a bad pid with one line" {
	run_split "$SF_RUN" --show abc
	expect_status 125
	expect_one_sf_line
	run_split "$SF_RUN" --show 999999999
	expect_status 125
	expect_one_sf_line
}
