#!/usr/bin/env bats
# Arguments the kernel reads as 16 bits (umode_t, i386's old_uid_t): what
# --signature says of them, and literals that do not fit.
load helpers

@test "--signature shows the 16-bit reading of umode_t and old_uid_t" {
	run_split "$SF_RUN" --signature --arch i386 setuid setuid32 fchmod
	expect_status 0
	expect_in "$out" "uid              old_uid_t"
	expect_in "$out" "unsigned 16 bits (the kernel reads only these)"
	[[ "$(grep -A1 '^setuid32(' <<<"$out")" == *"unsigned 32 bits" ]]
	run_split "$SF_RUN" --signature --arch x86_64 openat
	expect_in "$out" "mode             umode_t                              unsigned 16 bits"
}

@test "a literal outside 16 bits on a 16-bit argument is an error naming the range" {
	run_split "$SF_RUN" --check --arch i386 -e 'setuid: uid != 0x10000'
	expect_status 125
	expect_in "$err" "-e:1:16: error: value 65536 out of range for argument 'uid' of setuid, compared as an unsigned 16-bit value: -32768..65535"
	run_split "$SF_RUN" --check --arch x86_64 -e 'fchmod: (mode & 0x10000) == 0'
	expect_status 125
	expect_in "$err" "compared as a 16-bit bit pattern: -32768..65535"
	# setuid32 takes a uid_t; x86_64's setuid too
	run_split "$SF_RUN" --check --arch i386 -e 'setuid32: uid != 0x10000'
	expect_status 0
	run_split "$SF_RUN" --check --arch x86_64 -e 'setuid: uid != 0x10000'
	expect_status 0
}

@test "--test: i386 setuid(0x10000) is setuid(0)" {
	run_split "$SF_RUN" --arch i386 -e 'default: allow' -e 'setuid: uid != 0' --test 'setuid(0x10000)'
	expect_in "$out" "kill-process"
	run_split "$SF_RUN" --arch i386 -e 'default: allow' -e 'setuid: uid != 0' --test 'setuid(0x10001)'
	expect_in "$out" "allow"
}
