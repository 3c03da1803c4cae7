#!/usr/bin/env bats
# sf-run on a dynamic glibc program: what is allowed runs, what is denied
# is reported and kills, errno actions reach the program.
load helpers

@test "an allowed run behaves as without sf" {
	run_split "$SF_RUN" -p "$BASE" -- "$PROBE" "$M" getpid open /etc/passwd seccomp nnp
	expect_status 0
	[ -f "$M" ]
	expect_in "$out" "getpid: ok"
	expect_in "$out" "open: ok"
	expect_in "$out" "seccomp: ok 2"
	expect_in "$out" "nnp: ok 1"
	[ -z "$err" ]
}

@test "the program's own exit status comes through" {
	run_split "$SF_RUN" -p "$BASE" -- "$PROBE" - bogus-op
	expect_status 2
	expect_in "$err" "unknown op"
}

@test "a denied call is reported in one line and kills by SIGSYS" {
	run_split "$SF_RUN" -p "$BASE" -- "$PROBE" "$M" say before socket say after
	expect_status 159
	[ -f "$M" ]
	expect_in "$out" "before"
	expect_not_in "$out" "after"
	expect_one_sf_line
	expect_in "$err" "${SOCKET_REPORT}$BASE (default kill-process)"
}

@test "the report names the rule whose condition failed" {
	policy p 'socket: family == AF_UNIX'
	run_split "$SF_RUN" -p "$T/p.policy" -- "$PROBE" - socket
	expect_status 159
	expect_one_sf_line
	expect_in "$err" "${SOCKET_REPORT}$T/p.policy:"
	expect_in "$err" "(default kill-process)"
}

@test "an unconditional deny rule is named with its line" {
	policy p 'socket: 0'
	run_split "$SF_RUN" -p "$T/p.policy" -- "$PROBE" - socket
	expect_status 159
	expect_one_sf_line
	# line 1 is the @include
	[[ "$err" == "sf: probe["*"${SOCKET_REPORT}$T/p.policy:2 ("*"kill-process); to allow it: socket: family == AF_INET" ]]
}

@test "an explicit default line is named in the report" {
	printf 'default: kill-process\n@include %s\n' "$BASE" >"$T/p.policy"
	run_split "$SF_RUN" -p "$T/p.policy" -- "$PROBE" - socket
	expect_status 159
	expect_in "$err" "${SOCKET_REPORT}$T/p.policy:1 (default kill-process)"
}

@test "open flags and AT_FDCWD are decoded in reports" {
	# the probe opens the marker with O_WRONLY|O_CREAT|O_CLOEXEC
	run_split "$SF_RUN" -e 'default: allow' -e 'openat: (flags & O_CREAT) == 0' -- "$PROBE" "$M"
	expect_status 159
	[ ! -f "$M" ]
	expect_in "$err" "]: blocked openat(dfd=AT_FDCWD, filename=\"/"
	expect_in "$err" "flags=O_WRONLY|O_CREAT|O_CLOEXEC, mode=0644) by -e:2 (default kill-process)"
}

@test "an errno action is seen by the program, which goes on" {
	run_split "$SF_RUN" -p "$BASE" -e 'default: allow' -e 'mkdir: errno EACCES' \
		-- "$PROBE" "$M" mkdir "$T/d" getpid
	expect_status 0
	expect_in "$out" "mkdir: errno EACCES"
	expect_in "$out" "getpid: ok"
	[ ! -d "$T/d" ]
}

@test "the seed's rules, verbatim, with what the program needs to start" {
	cat >"$T/seed.policy" <<-'SEED'
		sys_read: (fd == 1) || (fd == 2)
		sys_write: (fd == 0)
		sys_exit: 1
		sys_exit_group: 1
		on_next_syscall: 1
		# what the probe needs besides, to start and create its marker
		openat: 1
		close: 1
		brk: 1
		mmap: 1
		munmap: 1
		mprotect: 1
		newfstatat: 1
		fstat: 1
	SEED
	run_split "$SF_RUN" -p "$T/seed.policy" -- "$PROBE" "$M"
	expect_status 0
	[ -f "$M" ]
	# write(2, ...) fails the condition; the report itself cannot be
	# written (the same rule denies it), so death comes silently.
	rm -f "$M"
	run_split "$SF_RUN" -p "$T/seed.policy" -- "$PROBE" "$M" write-stderr
	expect_status 159
	[ -f "$M" ]
	expect_not_in "$err" "probe: stderr"
}

@test "stacked policies only reduce: -p a -p b" {
	policy deny 'mkdir: errno EACCES'
	sed -i "s|@include .*|@include $T/base-nomkdir.policy|" "$T/deny.policy"
	grep -v '^mkdir: 1$' "$BASE" >"$T/base-nomkdir.policy"
	# a denies, b allows: denied
	run_split "$SF_RUN" -p "$T/deny.policy" -p "$BASE" -- "$PROBE" - mkdir "$T/d1"
	expect_status 0
	expect_in "$out" "mkdir: errno EACCES"
	# a allows, b denies: denied
	run_split "$SF_RUN" -p "$BASE" -p "$T/deny.policy" -- "$PROBE" - mkdir "$T/d2" filters
	expect_status 0
	expect_in "$out" "mkdir: errno EACCES"
	# one filter: each policy allows what the loader needs, so each is
	# exact from exec on, and the stack is merged into one program
	expect_in "$out" "Seccomp_filters:	1"
	[ ! -d "$T/d1" ] && [ ! -d "$T/d2" ]
}

@test "--kill kills without a report" {
	run_split "$SF_RUN" --kill -p "$BASE" -- "$PROBE" "$M" socket
	expect_status 159
	[ -f "$M" ]
	[ -z "$err" ]
}

@test "a SIGSYS handler of the program's does not save it from a denial" {
	run_split "$SF_RUN" -p "$BASE" -- "$PROBE" - sigsys-handler socket say after
	expect_status 159
	expect_not_in "$out" "after"
	expect_in "$err" "$SOCKET_REPORT"
}

@test "a program that is not found exits 127, one not executable 126" {
	run_split "$SF_RUN" -p "$BASE" -- no-such-program-sf
	expect_status 127
	expect_one_sf_line
	touch "$T/noexec"
	run_split "$SF_RUN" -p "$BASE" -- "$T/noexec"
	expect_status 126
	expect_one_sf_line
	printf 'just text\n' >"$T/text"
	chmod +x "$T/text"
	run_split "$SF_RUN" -p "$BASE" -- "$T/text"
	expect_status 126
	expect_one_sf_line
}

@test "PROGRAM is found on PATH" {
	run_split env PATH="$PROGS:/usr/bin:/bin" "$SF_RUN" -p "$BASE" -- probe - getpid
	expect_status 0
	expect_in "$out" "getpid: ok"
}

@test "usage errors exit 125 with one line; --help and --version exit 0" {
	run_split "$SF_RUN" -- "$PROBE" -
	expect_status 125
	expect_one_sf_line
	run_split "$SF_RUN" --bogus -p "$BASE" -- "$PROBE" -
	expect_status 125
	expect_one_sf_line
	run_split "$SF_RUN" -p
	expect_status 125
	expect_one_sf_line
	run_split "$SF_RUN" --help
	expect_status 0
	expect_in "$out" "SF_ACTIVE"
	expect_in "$out" "125"
	run_split "$SF_RUN" --version
	expect_status 0
	expect_in "$out" "sf-run "
}

@test "the shim starts under a policy that does not allow sysinfo" {
	# The shim compiles under sf-run's coarse filter (the policy plus the
	# loader's calls), so it must need nothing more: glibc's qsort calls
	# sysinfo for arrays over 1 KiB.
	grep -v '^sysinfo' "$BASE" >"$T/nosysinfo.policy"
	run_split "$SF_RUN" -p "$T/nosysinfo.policy" -- "$PROBE" "$M" getpid
	expect_status 0
	expect_in "$out" "getpid: ok"
}

@test "a first policy that denies prctl does not stop the ones after it" {
	grep -v '^prctl' "$BASE" >"$T/noprctl.policy"
	run_split "$SF_RUN" -p "$T/noprctl.policy" -p "$BASE" -- "$PROBE" "$M" getpid filters seccomp
	expect_status 159
	[ -f "$M" ]
	expect_in "$out" "getpid: ok"
	# the stack widened after exec, and at the entry point the exact one
	# (noprctl's differs from its widened form), each merged into one
	expect_in "$out" "Seccomp_filters:	2"
	expect_in "$err" "]: blocked prctl(option=PR_GET_SECCOMP"
	expect_in "$err" "by $T/noprctl.policy (default kill-process)"
}

@test "a report decodes socket types and says which rule would allow the call" {
	run_split "$SF_RUN" -e 'default: allow' -e 'socket: family != AF_INET' -- \
		python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)'
	expect_status 159
	expect_in "$err" "]: blocked socket(family=AF_INET, type=SOCK_STREAM|SOCK_CLOEXEC, protocol=0) by -e:2 (default kill-process); to allow it: socket: family == AF_INET"
	run_split "$SF_RUN" -e 'default: allow' -e 'uname: 0' -- uname
	expect_status 159
	expect_in "$err" "; to allow it: uname: 1"
}

@test "a report names the flags of getrandom, mount and the like as --explain does" {
	run_split "$SF_RUN" -e 'default: allow' -e 'getrandom: flags == GRND_NONBLOCK' -- \
		python3 -c 'import os; os.getrandom(4, os.GRND_NONBLOCK | os.GRND_RANDOM)'
	expect_status 159
	expect_in "$err" ", len=4, flags=GRND_NONBLOCK|GRND_RANDOM) by -e:2"
	run_split "$SF_RUN" --test 'mount("a", "b", "c", MS_BIND|MS_REC, 0)' -e 'mount: 0'
	expect_in "$out" "kill-process"
	run_split "$SF_RUN" -e 'default: allow' -e 'flock: 0' -- \
		python3 -c 'import fcntl; fcntl.flock(0, fcntl.LOCK_EX | fcntl.LOCK_NB)'
	expect_status 159
	expect_in "$err" "]: blocked flock(fd=0, cmd=LOCK_EX|LOCK_NB) by -e:2"
}
