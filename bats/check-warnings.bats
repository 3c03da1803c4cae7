#!/usr/bin/env bats
# sf-run --check warns of rules that are valid but likely not meant.
load helpers

@test "--check warns of '|' between numbers on the right of a comparison" {
	printf 'default: allow\nio_uring_setup, io_uring_enter: 0\nwrite: fd == 1 | 2\nread: fd != (0|4)\n' >"$T/p.policy"
	run_split "$SF_RUN" --check -p "$T/p.policy"
	expect_status 0
	expect_in "$err" "sf: warning: $T/p.policy:3:14: '1 | 2' is one value, 3 ('|' joins the bits of 1, 2): this compares fd == 3; for any one of them, write 'fd in {1, 2}'"
	expect_in "$err" "sf: warning: $T/p.policy:4:13: '(0|4)' is one value, 4"
	expect_in "$err" "write '!(fd in {0, 4})'"
	# included twice, said once
	printf 'write: fd == 1 | 2\n' >"$T/r.inc"
	printf 'default: allow\nio_uring_setup, io_uring_enter: 0\n@include ./r.inc\n@include ./r.inc\n' >"$T/q.policy"
	run_split "$SF_RUN" --check -p "$T/q.policy"
	expect_status 0
	[ "$(grep -c "r.inc:1:14: '1 | 2'" <<<"$err")" -eq 1 ] || { echo "$err"; false; }
}

@test "--check says nothing of flag constants, masks, sets and 'in'" {
	printf '%s\n' 'default: allow' 'io_uring_setup, io_uring_enter: 0' \
		'openat: flags == O_WRONLY|O_CREAT|O_TRUNC || (flags & O_ACCMODE) == O_RDONLY' \
		'write: fd in {1, 2|4} || fd & 1|2 || fd in 1|2' >"$T/p.policy"
	run_split "$SF_RUN" --check -p "$T/p.policy"
	expect_status 0
	[[ "$err" != *warning* ]] || { echo "$err"; false; }
}
