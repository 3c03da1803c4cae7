#!/usr/bin/env bats
# sf_restrict from a C program: linked with -lsf and statically with
# libsf.a, alone and under sf-run.
load helpers

@test "sf_restrict('sys_mmap: 0') then mmap kills (libsf.so)" {
	run_split "$PROGS/restrict" "$M" 'sys_mmap: 0' getpid mmap
	expect_status 159
	[ -f "$M" ]
	expect_in "$out" "restrict: ok"
	expect_in "$out" "getpid: ok"
	expect_not_in "$out" "mmap: ok"
}

@test "sf_restrict('sys_mmap: 0') then mmap kills (libsf.a, static)" {
	run_split "$PROGS/restrict-static" "$M" 'sys_mmap: 0' getpid mmap
	expect_status 159
	expect_in "$out" "restrict: ok"
	expect_in "$out" "getpid: ok"
	expect_not_in "$out" "mmap: ok"
}

@test "sf_restrict under sf-run: the denial is reported, as by a filter sf-run did not install" {
	run_split "$SF_RUN" -p "$BASE" -- "$PROGS/restrict" "$M" 'sys_mmap: 0' getpid mmap
	expect_status 159
	expect_in "$out" "restrict: ok"
	expect_one_sf_line
	expect_in "$err" "]: blocked mmap(addr=0, len=4096, prot=PROT_READ|PROT_WRITE, flags=MAP_PRIVATE|MAP_ANONYMOUS, fd="
	expect_in "$err" "by a filter sf-run did not install"
}

@test "sf_restrict with bad rules returns an error and installs nothing" {
	for prog in restrict restrict-static; do
		run_split "$PROGS/$prog" - 'sys_nonesuch: 1' mmap
		expect_status 0
		expect_in "$out" "restrict: error: sf_restrict:1:"
		expect_in "$out" "mmap: ok"
	done
}
