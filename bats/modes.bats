#!/usr/bin/env bats
# sf-run's compile-only modes.
load helpers

@test "--check accepts a good policy and rejects a bad one" {
	run_split "$SF_RUN" --check -p "$BASE"
	expect_status 0
	printf 'read: fd ==\n' >"$T/bad.policy"
	run_split "$SF_RUN" --check -p "$BASE" -p "$T/bad.policy"
	expect_status 125
	[[ "$err" == "sf: $T/bad.policy:1:"* ]]
}

@test "--test answers as the stacked filters would" {
	run_split "$SF_RUN" -p "$BASE" --test 'openat(AT_FDCWD, 0, O_RDONLY|O_CLOEXEC)'
	expect_status 0
	[ "$out" = "allow" ]
	run_split "$SF_RUN" -p "$BASE" --test 'socket(AF_INET, 1, 0)'
	[[ "$out" == "kill-process  # by "* ]]
	run_split "$SF_RUN" -p "$BASE" -e 'default: allow' -e 'mkdir: errno EPERM' --test 'mkdir(0, 0755)'
	[ "$out" = "errno EPERM" ]
	run_split "$SF_RUN" -p "$BASE" --test 'nonesuch(1)'
	expect_status 125
}

@test "--dump shows the program and its statistics" {
	run_split "$SF_RUN" --dump -p "$BASE"
	expect_status 0
	expect_in "$out" "# policy 0: $BASE"
	expect_in "$out" "instructions"
	expect_in "$out" "mean"
}

@test "--emit-bpf writes the filter, one policy only" {
	run_split "$SF_RUN" --emit-bpf "$T/out.bpf" -p "$BASE"
	expect_status 0
	size=$(stat -c %s "$T/out.bpf")
	[ "$size" -gt 0 ] && [ $((size % 8)) -eq 0 ]
	n=$("$SF_RUN" --dump -p "$BASE" | sed -n 's/^# \([0-9]*\) instructions.*/\1/p')
	[ "$size" -eq $((n * 8)) ]
	run_split "$SF_RUN" --emit-bpf "$T/out2.bpf" -p "$BASE" -p "$BASE"
	expect_status 125
}

@test "--arch compiles for another architecture" {
	run_split "$SF_RUN" --arch aarch64 -e 'read: 1' --test 'read(0)'
	expect_status 0
	[ "$out" = "allow" ]
	run_split "$SF_RUN" --arch vax -e 'read: 1' --check
	expect_status 125
}

@test "--test takes a report's own syntax and names the rule that decided" {
	run_split "$SF_RUN" -p "$BASE" --test 'socket(family=AF_INET, type=SOCK_STREAM, protocol=0)'
	expect_status 0
	[ "$out" = "kill-process  # by $BASE (default kill-process)" ]
	run_split "$SF_RUN" -e 'default: allow' -e 'openat: (flags & O_CREAT) == 0' \
		--test 'openat(dfd=AT_FDCWD, filename="/tmp/x", flags=O_WRONLY|O_CREAT|O_CLOEXEC, mode=0644)'
	[ "$out" = "kill-process  # by -e:2 (default kill-process)" ]
	run_split "$SF_RUN" -p "$BASE" --test 'openat(dfd=AT_FDCWD, filename="/etc/hostname", flags=O_RDONLY, mode=0)'
	[ "$out" = "allow" ]
	# names in any order, and a name the call does not have is an error
	run_split "$SF_RUN" -e 'default: allow' -e 'kill: sig != SIGKILL' --test 'kill(sig=SIGKILL, pid=1)'
	[[ "$out" == "kill-process  # by -e:2"* ]]
	run_split "$SF_RUN" -p "$BASE" --test 'socket(fmaily=AF_INET)'
	expect_status 125
	expect_one_sf_line
	expect_in "$err" "no argument 'fmaily'"
}

@test "--test reads constants as the --arch names them" {
	# O_DIRECTORY is 0x4000 on aarch64, 0x10000 on x86_64
	run_split "$SF_RUN" --arch aarch64 -e 'openat: flags & 0x4000' --test 'openat(AT_FDCWD, 0, O_DIRECTORY)'
	[ "$out" = "allow" ]
	run_split "$SF_RUN" --arch x86_64 -e 'openat: flags & 0x4000' --test 'openat(AT_FDCWD, 0, O_DIRECTORY)'
	[[ "$out" == "kill-process"* ]]
	run_split "$SF_RUN" --arch aarch64 -e 'mmap: 1' --test 'mmap(0, 0, 0, MAP_32BIT, 0, 0)'
	expect_status 125
	expect_in "$err" "unknown constant 'MAP_32BIT' on aarch64"
}

@test "--check says what a policy that names no default does with calls it has no rule for" {
	run_split "$SF_RUN" --check -e 'socket: 0'
	expect_status 0
	expect_in "$out" "-e names no default: a call it has no rule for is killed"
	run_split "$SF_RUN" --check -e 'default: allow' -e 'socket: 0'
	expect_status 0
	[ -z "$out" ]
	# and it is so when run: an -e alone kills what it does not name, with a report
	run_split "$SF_RUN" -e 'read: 1' -- cat /etc/hostname
	expect_status 159
	expect_in "$err" "]: blocked "
	expect_in "$err" "by -e (default kill-process)"
}

@test "--emit-bpf refuses a policy with path, port or scope rules, which a filter would drop" {
	run_split "$SF_RUN" --emit-bpf "$T/p.bpf" -e 'default: allow' -e 'path /usr: read'
	expect_status 125
	expect_in "$err" "-e:2:6: error: a seccomp filter cannot hold path rules"
	[ ! -e "$T/p.bpf" ]
	run_split "$SF_RUN" --emit-bpf "$T/c.bpf" -e 'default: allow' -e 'bind tcp: 80'
	expect_status 125
	expect_in "$err" "-e:2: error: a seccomp filter cannot hold port rules"
	run_split "$SF_RUN" --emit-bpf "$T/s.bpf" -e 'default: allow' -e 'scope: signal'
	expect_status 125
	expect_in "$err" "error: a seccomp filter cannot hold scope rules"
	[ ! -e "$T/s.bpf" ]
}

@test "--emit-bpf warns of what needs sf-run to be understood: trap and user-notify" {
	run_split "$SF_RUN" --emit-bpf "$T/f.bpf" -e 'default: allow' -e 'uname: trap'
	expect_status 0
	expect_in "$err" "answers with trap"
	run_split "$SF_RUN" --emit-bpf "$T/f.bpf" -e 'default: allow' -e 'uname: user-notify'
	expect_status 0
	expect_in "$err" "answers with user-notify"
	run_split "$SF_RUN" --emit-bpf "$T/f.bpf" -p "$BASE"
	expect_status 0
	[ -z "$err" ]
}
