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

@test "--explain-bpf explains an emitted filter, noting what it approximates" {
	"$SF_RUN" --emit-bpf "$T/r.bpf" -p "$BASE"
	run_split "$SF_RUN" --explain-bpf "$T/r.bpf"
	expect_status 0
	expect_in "$out" "default: kill-process"
	# no guard any more, nothing approximated: it means what BASE means
	expect_not_in "$out" "# note:"
	printf '%s\n' "$out" >"$T/back.policy"
	run_split "$SF_RUN" --diff "$BASE" "$T/back.policy"
	expect_status 0
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

@test "--explain-bpf explains libseccomp's filters, naming constants; the text compiles" {
	[ -x "$PROGS/seccomp-gen" ] || skip "no libseccomp here (install libseccomp-dev)"
	"$PROGS/seccomp-gen" "$T"
	run_split "$SF_RUN" --explain-bpf "$T/deny.bpf"
	expect_status 0
	expect_in "$out" "default: allow"
	expect_in "$out" "ptrace: errno EPERM"
	expect_in "$out" "socket: family != AF_NETLINK; errno EAFNOSUPPORT"
	expect_in "$out" "clone: (clone_flags & CLONE_NEWUSER) != CLONE_NEWUSER; errno EPERM"
	expect_in "$out" "ioctl: cmd != TIOCSTI; errno EPERM"
	printf '%s\n' "$out" >"$T/deny.policy"
	run_split "$SF_RUN" --explain-bpf "$T/allow.bpf"
	expect_status 0
	expect_in "$out" "default: kill-process"
	expect_in "$out" "socket: family == AF_UNIX; kill-process"
	expect_in "$out" "prctl: option == PR_SET_NO_NEW_PRIVS; kill-process"
	expect_in "$out" "fcntl: cmd == F_GETFL; kill-process"
	expect_in "$out" "mprotect: (prot & PROT_EXEC) == 0; kill-process"
	expect_in "$out" "clone3: errno ENOSYS"
	printf '%s\n' "$out" >"$T/allow.policy"
	# The texts compile and answer as libseccomp's filters do (the
	# emulator's comparison on random inputs is tests/test_explain_raw.c);
	# explained again they do not change.
	for p in deny allow; do
		run_split "$SF_RUN" --check -p "$T/$p.policy"
		expect_status 0
		"$SF_RUN" --kill --emit-bpf "$T/$p.again.bpf" -p "$T/$p.policy"
		"$SF_RUN" --explain-bpf "$T/$p.again.bpf" >"$T/$p.again.policy"
		run_split "$SF_RUN" --diff "$T/$p.policy" "$T/$p.again.policy"
		expect_status 0
	done
	run_split "$SF_RUN" --test 'socket(AF_NETLINK, SOCK_RAW, 0)' -p "$T/deny.policy"
	expect_in "$out" "errno EAFNOSUPPORT"
	run_split "$SF_RUN" --test 'clone(CLONE_NEWUSER|SIGCHLD, 0, 0, 0, 0)' -p "$T/deny.policy"
	expect_in "$out" "errno EPERM"
	run_split "$SF_RUN" --test 'clone(CLONE_VM|SIGCHLD, 0, 0, 0, 0)' -p "$T/deny.policy"
	expect_in "$out" "allow"
}

@test "--explain names constants where the argument has a known type, numbers elsewhere" {
	printf '%s\n' 'default: kill-process' \
		'socket: family == AF_INET || family == AF_UNIX' \
		'prctl: option == PR_SET_NO_NEW_PRIVS' \
		'ioctl: cmd == TCGETS || cmd == FIONREAD; errno ENOTTY' \
		'fcntl: cmd == F_GETFL || cmd == F_SETFD' \
		'clone: (clone_flags & (CLONE_NEWUSER|CLONE_NEWNS)) == 0' \
		'mmap: (prot & (PROT_WRITE|PROT_EXEC)) != (PROT_WRITE|PROT_EXEC)' \
		'openat: (flags & O_ACCMODE) == O_RDONLY' \
		'kill: sig == SIGTERM || sig == SIGKILL' \
		'personality: personality == 0xffffffff || personality == PER_LINUX32' \
		'openat: dfd == AT_FDCWD || dfd == -5' \
		'write: fd == 2' >"$T/n.policy"
	run_split "$SF_RUN" --explain -p "$T/n.policy"
	expect_status 0
	expect_in "$out" "family == AF_INET"
	expect_in "$out" "family == AF_UNIX"
	expect_in "$out" "option == PR_SET_NO_NEW_PRIVS"
	expect_in "$out" "cmd == TCGETS"
	expect_in "$out" "cmd == FIONREAD"
	expect_in "$out" "cmd == F_GETFL"
	expect_in "$out" "CLONE_NEWUSER"
	expect_in "$out" "CLONE_NEWNS"
	expect_in "$out" "PROT_WRITE"
	expect_in "$out" "PROT_EXEC"
	expect_in "$out" "(flags & O_ACCMODE) == O_RDONLY"
	# A directory descriptor as report lines write it, others as ints.
	expect_in "$out" "dfd == AT_FDCWD"
	expect_in "$out" "dfd == -5"
	expect_in "$out" "sig == SIGTERM"
	expect_in "$out" "personality == PER_LINUX32"
	# No name fits: the number.
	expect_in "$out" "personality == 0xffffffff"
	expect_in "$out" "write: fd == 2"
	explain_round_trip "$T/n.policy"
}

@test "--explain is exact where a bit test follows a test on the same argument" {
	printf '%s\n' 'default: kill-process' 'mmap: prot == 3 && prot & 4' \
		'mprotect: prot == 3 && !(prot & 2)' 'munmap: len == 5 && (len & 4) == 4' >"$T/b.policy"
	run_split "$SF_RUN" --explain -p "$T/b.policy"
	expect_status 0
	expect_not_in "$out" "mmap:"
	expect_not_in "$out" "mprotect:"
	expect_in "$out" "munmap: (len & 0xffffffff00000000) == 0 && (len & 0xffffffff) == 5;"
	explain_round_trip "$T/b.policy"
}
