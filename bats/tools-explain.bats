#!/usr/bin/env bats
# sf-run --explain and --explain-bpf: programs back to policy text.
load helpers

# explain_round_trip POLICY: the explained text compiles to a filter that
# --diff finds equal to the original's.
explain_round_trip() {
	run_split "$SF_RUN" --explain -p "$1"
	expect_status 0
	printf '%s\n' "$out" >"$T/explained.policy"
	run_split "$SF_RUN" --diff "$1" "$T/explained.policy"
	expect_status 0
	expect_in "$out" "# 0 syscalls differ"
}

@test "--explain round-trips the examples and the base policy" {
	for p in "$ROOT"/examples/*.policy "$BASE"; do
		explain_round_trip "$p"
	done
}

@test "--explain keeps conditions, errno actions and default-unknown" {
	printf '%s\n' 'default: errno EPERM' 'default-unknown: errno ENOSYS' \
		'write: fd == 1 || fd == 2' 'kill: pid > 0; kill-process' \
		'lseek: offset < -5' 'mmap: (prot & PROT_EXEC) == 0' >"$T/c.policy"
	run_split "$SF_RUN" --explain -p "$T/c.policy"
	expect_status 0
	expect_in "$out" "default: errno EPERM"
	expect_in "$out" "default-unknown: errno ENOSYS"
	expect_in "$out" "write: "
	expect_in "$out" "kill: "
	explain_round_trip "$T/c.policy"
}

@test "--explain-bpf reads a raw filter as --emit-bpf writes it" {
	"$SF_RUN" --kill --emit-bpf "$T/f.bpf" -p "$ROOT/examples/ls.policy"
	run_split "$SF_RUN" --explain-bpf "$T/f.bpf"
	expect_status 0
	expect_in "$out" "openat: "
	printf '%s\n' "$out" >"$T/back.policy"
	run_split "$SF_RUN" --diff "$ROOT/examples/ls.policy" "$T/back.policy"
	expect_status 0
}

@test "--explain-bpf explains a report-mode filter, noting what it approximates" {
	"$SF_RUN" --emit-bpf "$T/r.bpf" -p "$BASE"
	run_split "$SF_RUN" --explain-bpf "$T/r.bpf"
	expect_status 0
	expect_in "$out" "default: trap"
	expect_in "$out" "# note: tests on the upper half of 32-bit arguments"
}

@test "--explain-bpf refuses what is not a seccomp program" {
	printf 'abc' >"$T/short.bpf"
	run_split "$SF_RUN" --explain-bpf "$T/short.bpf"
	expect_status 125
	expect_one_sf_line
	expect_in "$err" "multiple of 8"
	# ret A with A loaded from args: the kernel would refuse nothing here,
	# but an unknown opcode it would.
	printf '\xff\xff\x00\x00\x00\x00\x00\x00' >"$T/bad.bpf"
	run_split "$SF_RUN" --explain-bpf "$T/bad.bpf"
	expect_status 125
	expect_one_sf_line
	run_split "$SF_RUN" --explain-bpf "$T/missing.bpf"
	expect_status 125
	expect_one_sf_line
}
