#!/usr/bin/env bats
# minijail policy files run as minijail's compiler reads them.

load helpers

@test "a @denylist condition denies the calls it matches, the loader's get through" {
	printf '%s\n' '@denylist' \
		'socket: family == AF_INET; errno EACCES' \
		'mmap: prot & PROT_EXEC; errno EPERM' \
		'openat: flags & O_CREAT; errno EROFS' >"$T/deny.policy"
	run_split "$SF_RUN" -p "$T/deny.policy" -- "$PROBE" - getpid open /etc/passwd socket mmap mkdir "$T/d"
	expect_status 0
	expect_in "$out" "open: ok"
	expect_in "$out" "socket: errno EACCES"
	expect_in "$out" "mmap: ok"
	expect_in "$out" "mkdir: ok"
}

@test "a @denylist condition without an action is refused, not read as an allow list" {
	printf '%s\n' '@denylist' 'ioctl: arg1 == TIOCSTI' >"$T/bare.policy"
	run_split "$SF_RUN" --check -p "$T/bare.policy"
	expect_status 125
	expect_in "$err" "in a @denylist policy a condition names the calls to deny"
}

@test "minijail's bare trace action compiles as trace 0" {
	printf '%s\n' 'getpid: trace' >"$T/trace.policy"
	run_split "$SF_RUN" --test 'getpid()' -p "$T/trace.policy"
	expect_status 0
	expect_in "$out" "trace 0"
}
