#!/usr/bin/env bats
# Architecture and numbers: a call made through another ABI (i386's int
# $0x80, x32's high bit) or with a number no table knows gets what the
# policy cannot have meant to allow.
load attack-helpers

setup() {
	attack_setup
}

@test "i386 int \$0x80 from an x86_64 process is killed whatever the default" {
	[ "$(uname -m)" = x86_64 ] || skip "x86_64 only"
	if ! ia32_available; then
		# No i386 entry: only the prologue can be checked.
		attack_policy p 'default: allow'
		attack_run glibc:sf-run "$T/p.policy" "$C"
		expect_confined
		skip "the kernel has ia32 emulation off"
	fi
	# x86_64 fstat is 5, which is i386 open: a policy that allows fstat
	# must not let open through.
	for def in 'default: allow' 'default: errno EPERM' 'default: kill-process'; do
		attack_policy p "$def" 'fstat: 1'
		for way in $ATTACK_WAYS; do
			attack_run "$way" "$T/p.policy" "$C" say before i386 5,/etc/passwd,0,0 say after
			expect_killed
			expect_out before
			expect_no_out after
			expect_no_out "5: ok"
		done
	done
}

@test "x32 getpid is killed, never ENOSYS, even where getpid is allowed" {
	[ "$(uname -m)" = x86_64 ] || skip "x86_64 only"
	attack_policy allow 'getpid: 1'
	attack_policy deny 'default: allow' 'getpid: errno EPERM'
	for pol in allow deny; do
		for way in $ATTACK_WAYS; do
			attack_run "$way" "$T/$pol.policy" "$C" getpid x32 getpid say after
			expect_killed
			expect_no_out "x32: errno ENOSYS"
			expect_no_out after
		done
	done
}

@test "numbers no table names (512..547, -1, 1000, 0x7fffffff, 0xffffffff) get the default" {
	local ops=() nr
	for nr in $(seq 512 547) -1 1000 0x7fffffff 0xffffffff; do
		ops+=(sys "$nr")
	done
	# errno default: every one of them is denied with it
	attack_policy e 'default: errno EACCES'
	for way in $ATTACK_WAYS; do
		attack_run "$way" "$T/e.policy" "$C" "${ops[@]}" say end
		expect_confined
		expect_out end
		[ "$(grep -c ': errno EACCES$' <<<"$out")" -eq 40 ] || {
			show_run
			false
		}
	done
	# kill default: each one alone kills
	for nr in 512 530 547 -1 1000 0x7fffffff 0xffffffff; do
		attack_run glibc:sf-run "$BASE" "$C" sys "$nr" say after
		expect_killed
		expect_no_out after
		attack_run musl:shim "$BASE" "$C" sys "$nr" say after
		expect_killed
	done
	# allow default: the kernel itself answers ENOSYS
	attack_policy a 'default: allow'
	attack_run glibc:sf-run "$T/a.policy" "$C" sys 512 sys -1 sys 1000 sys 0xffffffff
	expect_confined
	[ "$(grep -c ': errno ENOSYS$' <<<"$out")" -eq 4 ]
}

@test "limit: uretprobe (335) and uprobe (336) pass every filter on recent x86_64 kernels" {
	[ "$(uname -m)" = x86_64 ] || skip "x86_64 only"
	# Documented in docs/limits.md: the kernel skips seccomp for them, and
	# then refuses them itself outside a uprobe trampoline (SIGILL for
	# uretprobe, ENXIO for uprobe). Older kernels run the filter: killed.
	attack_run glibc:sf-run "$BASE" "$C" sys 335
	expect_confined
	[ "$status" -eq 132 ] || [ "$status" -eq 159 ] || { show_run; false; }
	attack_run glibc:sf-run "$BASE" "$C" sys 336 say after
	expect_confined
	if [ "$status" -eq 0 ]; then
		expect_out "336: errno "
		expect_no_out "336: ok"
	else
		[ "$status" -eq 159 ] || [ "$status" -eq 132 ] || { show_run; false; }
	fi
}
