#!/usr/bin/env bats
# Syscall groups (@network-io) and default-unknown in policies.
load helpers

@test "--groups lists systemd's groups and sf's own" {
	run_split "$SF_RUN" --groups
	expect_status 0
	expect_in "$out" "@system-service"
	expect_in "$out" "@network-io"
	expect_in "$out" "@dynamic-loader"
	run_split "$SF_RUN" --groups @network-io
	expect_status 0
	expect_in "$out" "    socket"
	expect_not_in "$out" "    read"
	run_split "$SF_RUN" --groups @nonesuch
	expect_status 125
	expect_one_sf_line
}

@test "a group expands to its members; an explicit rule overrides the group" {
	run_split "$SF_RUN" -e '@system-service: 1' -e '@reboot: errno EPERM' -e 'read: errno EBADF' \
		--test 'write(1, 0, 0)'
	expect_status 0
	[ "$out" = "allow" ]
	run_split "$SF_RUN" -e '@system-service: 1' -e 'read: errno EBADF' --test 'read(0, 0, 0)'
	[ "$out" = "errno EBADF" ]
	run_split "$SF_RUN" -e '@system-service: 1' -e '@reboot: errno EPERM' --test 'reboot(0, 0, 0, 0)'
	[ "$out" = "errno EPERM" ]
	run_split "$SF_RUN" -e '@system-service: 1' --test 'mount(0, 0, 0, 0, 0)'
	[[ "$out" == "kill-process  # by "* ]]
	# Mixed in one rule, with a condition.
	run_split "$SF_RUN" -e '@network-io, read: arg0 == 3' --test 'sendto(3, 0, 0, 0, 0, 0)'
	[ "$out" = "allow" ]
	run_split "$SF_RUN" -e '@network-io, read: arg0 == 3' --test 'read(4, 0, 0)'
	[[ "$out" == "kill-process  # by "* ]]
}

@test "{@default} is systemd's group, @default the directive" {
	run_split "$SF_RUN" -e '{@default}: 1' --test 'getpid()'
	[ "$out" = "allow" ]
	run_split "$SF_RUN" -e '{@default}: 1' --test 'read(0, 0, 0)'
	[[ "$out" == "kill-process  # by "* ]]
	run_split "$SF_RUN" -e '@default errno EPERM' --test 'read(0, 0, 0)'
	[ "$out" = "errno EPERM" ]
}

@test "two groups giving a syscall different actions is an error naming both lines" {
	printf '@system-service: 1\n@network-io: errno EPERM\n' >"$T/g.policy"
	run_split "$SF_RUN" --check -p "$T/g.policy"
	expect_status 125
	expect_in "$err" "g.policy:2:1: error:"
	expect_in "$err" "g.policy:1"
	# The same twice is fine, and a rule naming it decides.
	printf '@system-service: 1\n@network-io: 1\n' >"$T/same.policy"
	run_split "$SF_RUN" --check -p "$T/same.policy"
	expect_status 0
	printf 'read: 1\nread: kill\n' >"$T/dup.policy"
	run_split "$SF_RUN" --check -p "$T/dup.policy"
	expect_status 125
	expect_in "$err" "given twice"
}

@test "a misspelt group gets a suggestion" {
	run_split "$SF_RUN" --check -e '@networkio: 1'
	expect_status 125
	expect_in "$err" "did you mean '@network-io'"
}

@test "default-unknown answers numbers past the table, not the gaps or x32" {
	run_split "$SF_RUN" --dump -e 'default: kill' -e 'default-unknown: errno ENOSYS'
	expect_status 0
	expect_in "$out" "ERRNO(38)"
	run_split "$SF_RUN" --dump -e 'default: kill'
	expect_not_in "$out" "ERRNO(38)"
	run_split "$SF_RUN" --check -e 'default-unknown: errno ENOSYS' -e '@default-unknown errno EPERM'
	expect_status 125
	expect_in "$err" "default-unknown given twice"
}

@test "default-unknown lets a program's probe of an unknown call fall back" {
	[ -x /usr/bin/python3 ] || skip "python3 missing"
	printf '@include %s\ndefault-unknown: errno ENOSYS\n' "$ROOT/examples/python3.policy" >"$T/u.policy"
	code='import ctypes, os
l = ctypes.CDLL(None, use_errno=True)
print(l.syscall(1000), os.strerror(ctypes.get_errno()))'
	run_split "$SF_RUN" -p "$T/u.policy" /usr/bin/python3 -c "$code"
	expect_status 0
	[ "$out" = "-1 Function not implemented" ]
	# Without it the default kills.
	run_split "$SF_RUN" -p "$ROOT/examples/python3.policy" /usr/bin/python3 -c "$code"
	expect_status 159
}
