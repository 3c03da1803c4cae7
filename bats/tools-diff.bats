#!/usr/bin/env bats
# sf-run --diff A B.
load helpers

@test "--diff finds nothing between a policy and itself" {
	run_split "$SF_RUN" --diff "$BASE" "$BASE"
	expect_status 0
	expect_in "$out" "# 0 syscalls differ"
}

@test "--diff names each syscall one policy allows and the other does not" {
	printf 'default: kill\nread, write: 1\nopenat: (flags & O_ACCMODE) == O_RDONLY\n' >"$T/a.policy"
	printf 'default: kill\nread: 1\nwrite: fd == 1\nopenat: 1\nuname: errno EPERM\n' >"$T/b.policy"
	run_split "$SF_RUN" --diff "$T/a.policy" "$T/b.policy"
	expect_status 1
	expect_in "$out" "write: A allows calls B does not"
	expect_in "$out" "openat: B allows calls A does not"
	expect_in "$out" "uname: different actions"
	expect_in "$out" "A kill-process, B errno EPERM"
	expect_not_in "$out" "read:"
	expect_in "$out" "# 3 syscalls differ"
}

@test "--diff writes the example call as a report line does: arguments by name, decoded" {
	printf 'default: kill\nmmap: prot == PROT_READ|PROT_WRITE\nsocket: family == AF_INET\nopenat: dfd == AT_FDCWD\n' >"$T/a.policy"
	printf 'default: kill\nmmap: flags == MAP_PRIVATE|MAP_ANONYMOUS\n' >"$T/b.policy"
	run_split "$SF_RUN" --diff "$T/a.policy" "$T/b.policy"
	expect_status 1
	expect_in "$out" "prot=PROT_READ|PROT_WRITE"
	expect_in "$out" "socket(family=AF_INET, "
	expect_in "$out" "openat(dfd=AT_FDCWD, "
	expect_not_in "$out" "(0x"
}

@test "--diff sees default-unknown" {
	printf 'default: allow\n' >"$T/a.policy"
	printf 'default: allow\ndefault-unknown: errno ENOSYS\n' >"$T/b.policy"
	run_split "$SF_RUN" --diff "$T/a.policy" "$T/b.policy"
	expect_status 1
	expect_in "$out" "A allows calls B does not"
}

@test "--diff needs exactly two policies" {
	run_split "$SF_RUN" --diff "$BASE"
	expect_status 125
	expect_one_sf_line
	run_split "$SF_RUN" --diff "$BASE" "$T/missing.policy"
	expect_status 125
}
