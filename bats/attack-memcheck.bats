#!/usr/bin/env bats
# sf-run under valgrind: compiling, checking and dumping policies, good and
# bad, makes no invalid read or write and uses nothing uninitialised. (The
# ASan+UBSan builds run the shim's suites from tests/run-all.sh; the
# parser is fuzzed by tests/fuzz/.)
load attack-helpers

setup() {
	attack_setup
	command -v valgrind >/dev/null || skip "no valgrind"
	# valgrind checks the plain build, once, in the plain run
	[ -z "${SF_TEST_SANITIZED:-}" ] || skip "the plain run checks sf-run under valgrind"
}

# memcheck STATUS ARG...: sf-run ARG... under valgrind exits STATUS (1 is
# valgrind's own, for an error it found). Always the plain build: an ASan
# one (SF_TEST_SF_RUN) cannot run under valgrind.
memcheck() {
	local want=$1
	shift
	# the dynamic twin: valgrind sees allocations through the shared libc
	run_split valgrind -q --error-exitcode=1 --track-origins=yes "$B/sf-run-dynamic" "$@"
	WAY="valgrind sf-run $*"
	[ "$status" -eq "$want" ] || { show_run; false; }
	[[ "$err" != *"=="[0-9]*"=="* ]] || { show_run; false; }
}

@test "valgrind: sf-run --check and --dump on good policies" {
	memcheck 0 --check -p "$BASE"
	memcheck 0 --dump -p "$BASE"
	memcheck 0 --dump -p "$ROOT/examples/sh.policy" -p "$BASE" -e 'default: allow' -e 'kill: pid > 0'
	memcheck 0 --dump --kill -p "$ROOT/examples/python3.policy"
	memcheck 0 --dump --arch aarch64 -e 'read: fd == 0' -e 'write: count < 4096; errno EPERM'
	memcheck 0 --dump --arch i386 -e 'read: fd in {0, 1, 2}' -e 'lseek: offset < 4096'
	attack_policy p 'io_uring_setup, io_uring_enter: 1' 'openat: (flags & O_ACCMODE) == O_RDONLY'
	memcheck 0 --check -p "$T/p.policy"
	expect_err "warning"
}

@test "valgrind: sf-run --check on bad policies" {
	printf 'read: 1\nwrite: fdd == 1\n' >"$T/a.policy"
	memcheck 125 --check -p "$T/a.policy"
	printf 'read: 1\r\n' >"$T/b.policy"
	memcheck 125 --check -p "$T/b.policy"
	printf '@include c.policy\n' >"$T/c.policy"
	memcheck 125 --check -p "$T/c.policy"
	awk 'BEGIN { printf "read: 1\nwrite: fd == 0"; for (i = 1; i < 5000; i++) printf " || fd == %d", 3 * i; printf "\n" }' >"$T/d.policy"
	memcheck 125 --dump -p "$T/d.policy"
	{
		printf 'read: '
		head -c 2000 /dev/zero | tr '\0' '('
		printf '\n'
	} >"$T/e.policy"
	memcheck 125 --check -p "$T/e.policy"
	memcheck 125 --check -p "$T/missing.policy"
	memcheck 125 --check -e 'sys_nonesuch: 1'
}
