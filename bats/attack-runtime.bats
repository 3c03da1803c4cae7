#!/usr/bin/env bats
# Runtime realism: the calls every program makes behind its back, and what
# seccomp does not see at all. sf allows rt_sigreturn, restart_syscall,
# exit and exit_group when a policy has no rule for them
# (docs/policy-language.md); rseq and clone3 are up to the policy, and
# --check says when clone3 is denied in a way glibc cannot fall back from.
load attack-helpers

setup() {
	attack_setup
	# the base policy without the implicitly allowed calls (and with
	# tkill, musl's raise)
	grep -v -E '^(rt_sigreturn|restart_syscall|exit|exit_group):' "$BASE" >"$T/bare.policy"
	printf 'tkill: 1\n' >>"$T/bare.policy"
}

@test "a signal handler returns (rt_sigreturn) under a policy that never names it" {
	for way in $ATTACK_WAYS; do
		attack_run "$way" "$T/bare.policy" "$C" signal say after
		expect_confined
		expect_out "signal: handled"
		expect_out after
		[ "$status" -eq 0 ] || { show_run; false; }
	done
	# a rule for it is obeyed as written
	printf 'rt_sigreturn: kill-process\n' >>"$T/bare.policy"
	attack_run glibc:sf-run "$T/bare.policy" "$C" signal say after
	expect_killed
	expect_err "blocked rt_sigreturn"
}

@test "a program stopped and continued mid-nanosleep resumes (restart_syscall)" {
	for way in glibc:sf-run glibc:shim musl:sf-run musl:shim glibc-static:early musl-static:early; do
		rm -f "$T/out"
		build=${way%%:*}
		bin=$(attack_bin "$build")
		case ${way##*:} in
		sf-run) "$SF_RUN" -p "$T/bare.policy" -- "$bin" "$C" sleep 600 >"$T/out" 2>"$T/err" 3>&- & ;;
		early) "$SF_RUN" --early -p "$T/bare.policy" -- "$bin" "$C" sleep 600 >"$T/out" 2>"$T/err" 3>&- & ;;
		shim)
			env LD_PRELOAD="$(attack_shim "$build")" SF_POLICY="$T/bare.policy" \
				"$bin" "$C" sleep 600 >"$T/out" 2>"$T/err" 3>&- &
			;;
		esac
		pid=$!
		for _ in $(seq 100); do
			grep -q 'sleep: start' "$T/out" 2>/dev/null && break
			sleep 0.02
		done
		sleep 0.1
		kill -STOP $pid
		sleep 0.2
		kill -CONT $pid
		status=0
		wait $pid || status=$?
		out=$(cat "$T/out")
		err=$(cat "$T/err")
		WAY=$way
		expect_confined
		expect_out "sleep: done"
		[ "$status" -eq 0 ] || { show_run; false; }
	done
}

@test "exit and exit_group end the program under a policy that never names them" {
	for way in $ATTACK_WAYS; do
		attack_run "$way" "$T/bare.policy" "$C" thread say done
		expect_confined
		expect_out "thread: ok"
		[ "$status" -eq 0 ] || { show_run; false; }
		attack_run "$way" "$T/bare.policy" "$C" exit 7
		[ "$status" -eq 7 ] || { show_run; false; }
	done
	# an errno default used to leave musl spinning in _Exit
	printf 'default: errno EPERM\n' >>"$T/bare.policy"
	attack_run musl:sf-run "$T/bare.policy" "$C" exit 3
	[ "$status" -eq 3 ] || { show_run; false; }
	# --test shows them allowed on every arch (by name: parser/policy/policy.c
	# keeps their numbers), and a rule for one wins
	for arch in x86_64 i386 aarch64; do
		calls="rt_sigreturn restart_syscall exit exit_group"
		[ $arch = i386 ] && calls="$calls sigreturn"
		for call in $calls; do
			run_split "$SF_RUN" --arch $arch -e 'read: 1' --test "$call(0)"
			[ "$out" = allow ] || { echo "$arch $call: $out"; false; }
		done
		# and a neighbour is not
		run_split "$SF_RUN" --arch $arch -e 'read: 1' --test 'getpid(0)'
		[[ "$out" == "kill-process  # by "* ]]
	done
	run_split "$SF_RUN" -e 'read: 1' -e 'exit_group: errno EPERM' --test 'exit_group(0)'
	[ "$out" = "errno EPERM" ]
	grep -v -E '^exit_group:' "$BASE" >"$T/killexit.policy"
	printf 'exit_group: kill-process\n' >>"$T/killexit.policy"
	attack_run glibc:sf-run "$T/killexit.policy" "$C" say done
	expect_killed
	expect_err "blocked exit_group(error_code=0)"
}

@test "clone3: errno ENOSYS lets glibc fall back to clone; another errno does not, and --check says so" {
	attack_policy enosys 'clone3: errno ENOSYS'
	attack_policy eperm 'clone3: errno EPERM'
	attack_policy kill 'clone3: kill-process'
	for way in $ATTACK_WAYS; do
		attack_run "$way" "$T/enosys.policy" "$C" thread
		expect_allowed thread
	done
	for way in glibc:sf-run glibc:shim glibc-static:early; do
		attack_run "$way" "$T/eperm.policy" "$C" thread say after
		expect_denied thread EPERM
	done
	# musl creates threads with clone
	attack_run musl:sf-run "$T/eperm.policy" "$C" thread
	expect_allowed thread
	# glibc blocks every signal around clone3, SIGSYS too: the kernel
	# then kills without the handler, so without the report
	attack_run glibc:sf-run "$T/kill.policy" "$C" thread say after
	expect_killed
	expect_no_out after
	run_split "$SF_RUN" --check -p "$T/eperm.policy"
	expect_status 0
	expect_err "denies clone3 other than with errno ENOSYS"
	run_split "$SF_RUN" --check -p "$T/enosys.policy"
	expect_status 0
	[ -z "$err" ]
}

@test "rseq: glibc's threads run without it when it fails, and die when it kills" {
	attack_policy enosys 'rseq: errno ENOSYS'
	attack_policy eperm 'rseq: errno EPERM'
	attack_policy kill 'rseq: kill-process'
	for pol in enosys eperm; do
		for way in $ATTACK_WAYS; do
			[ "$way" = glibc:shim ] && continue
			attack_run "$way" "$T/$pol.policy" "$C" thread
			expect_allowed thread
		done
		# limit (docs/limits.md): with the bare shim glibc's loader has
		# registered rseq before any filter, and a thread whose
		# registration then fails aborts the program
		attack_run glibc:shim "$T/$pol.policy" "$C" thread
		expect_confined
		[ "$status" -eq 134 ] || { show_run; false; }
		expect_err "rseq registration failed"
	done
	# glibc registers rseq in every new thread, under the exact filters,
	# with every signal blocked: killed, without the report
	attack_run glibc:sf-run "$T/kill.policy" "$C" thread say after
	expect_killed
	expect_no_out after
	# musl never uses it
	attack_run musl:sf-run "$T/kill.policy" "$C" thread
	expect_allowed thread
}

@test "limit: io_uring does what the rules deny, and --check warns about it" {
	o=$("$OUTER" seccomp EPERM "$ATK/glibc/probe" - io-uring-open / 2>&1) || true
	[[ "$o" == *"io-uring-open: ok"* ]] || skip "io_uring is not available here: $o"
	attack_policy p 'openat: (flags & O_DIRECTORY) == 0' 'io_uring_setup, io_uring_enter: 1'
	for way in glibc:sf-run glibc:shim musl:sf-run musl:shim; do
		attack_run "$way" "$T/p.policy" "$C" io-uring-open / sys openat,-100,@/,0x10000 say after
		# documented in docs/limits.md: the ring opens the directory
		expect_out "io-uring-open: ok"
		# the same call made directly is killed
		expect_killed
		expect_no_out after
	done
	run_split "$SF_RUN" --check -p "$T/p.policy"
	expect_status 0
	expect_err "sf: warning: $T/p.policy allows io_uring_enter"
	expect_err "openat"
	# no io_uring, no warning
	run_split "$SF_RUN" --check -p "$BASE"
	expect_status 0
	[ -z "$err" ]
	# SQPOLL needs no io_uring_enter: allowing setup alone is warned of
	attack_policy q 'io_uring_setup: 1' 'io_uring_enter: 0'
	run_split "$SF_RUN" --check -p "$T/q.policy"
	expect_status 0
	expect_err "sf: warning: $T/q.policy allows io_uring_setup"
	expect_err "IORING_SETUP_SQPOLL"
}

@test "limit: clock_gettime through the vDSO is not a system call" {
	attack_policy p 'clock_gettime: errno EPERM'
	for way in $ATTACK_WAYS; do
		attack_run "$way" "$T/p.policy" "$C" vdso-time sys clock_gettime,1,@buf
		expect_confined
		# documented in docs/limits.md
		expect_out "vdso-time: ok"
		expect_denied clock_gettime EPERM
	done
}
