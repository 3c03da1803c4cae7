#!/usr/bin/env bats
# Argument width and sign: seccomp sees every argument as 64 bits, the
# kernel reads an int as its low 32. A comparison must mean what the kernel
# will do, whoever built the registers (raw calls, glibc, musl).
load attack-helpers

setup() {
	attack_setup
}

@test "write: fd != 2 cannot be dodged with fd 0x100000002" {
	attack_policy p 'write: fd != 2'
	for way in $ATTACK_WAYS; do
		attack_run "$way" "$T/p.policy" "$C" say before sys write,0x100000002,@LEAKED,6 say after
		expect_killed
		expect_out before
		expect_no_out after
		# the report itself cannot reach stderr: the same rule denies it
		[[ "$err" != *LEAKED* ]] || { show_run; false; }
	done
	# and fd 1 is still fine
	attack_run glibc:shim "$T/p.policy" "$C" sys write,0x100000001,@written,7
	expect_out "written"
}

@test "ioctl: cmd != FIONREAD cannot be dodged by setting bits 32..63" {
	attack_policy p 'ioctl: cmd != FIONREAD'
	for way in $ATTACK_WAYS; do
		attack_run "$way" "$T/p.policy" "$C" sys ioctl,@pipe,0x10000541b,@buf say after
		expect_killed
		expect_no_out after
		attack_run "$way" "$T/p.policy" "$C" sys ioctl,@pipe,0xffffffff0000541b,@buf say after
		expect_killed
	done
}

@test "ioctl: cmd != TIOCSTI cannot be dodged by setting bits 32..63" {
	# Only where the kernel runs TIOCSTI at all, with the high bits set:
	# checked first without sf (outer only makes seccomp() fail).
	o=$("$OUTER" seccomp EPERM "$ATK/glibc/probe" - tiocsti 1 2>&1) || true
	[[ "$o" == *"tiocsti: injected"* ]] || skip "TIOCSTI does not inject here: $o"
	attack_policy p 'ioctl: cmd != TIOCSTI'
	for way in $ATTACK_WAYS; do
		attack_run "$way" "$T/p.policy" "$C" tiocsti 1 say after
		expect_killed
		expect_no_out "injected"
		expect_no_out after
		attack_run "$way" "$T/p.policy" "$C" tiocsti 0xffffffff
		expect_killed
	done
}

@test "openat: dfd == AT_FDCWD holds for both encodings of AT_FDCWD" {
	attack_policy p 'openat: dfd == AT_FDCWD'
	for way in $ATTACK_WAYS; do
		attack_run "$way" "$T/p.policy" "$C" \
			sys openat64=openat,0xffffffffffffff9c,@/etc/passwd,0 \
			sys openat32=openat,0x00000000ffffff9c,@/etc/passwd,0 \
			libc-openat /etc/passwd sys openat-fd=openat,@null,@x,0 say after
		expect_confined
		expect_allowed openat64
		expect_allowed openat32
		expect_allowed libc-openat
		# a real descriptor is not AT_FDCWD
		[ "$status" -eq 159 ] || { show_run; false; }
		expect_no_out after
	done
}

@test "kill: pid > 0 denies kill(-1) and kill(0) however they are passed" {
	attack_policy p 'kill: pid > 0; errno EPERM'
	for way in $ATTACK_WAYS; do
		attack_run "$way" "$T/p.policy" "$C" \
			sys kill-1=kill,-1,0 sys kill32-1=kill,0xffffffff,0 sys kill0=kill,0,0 \
			sys kill-high0=kill,0x100000000,0 sys kill-min=kill,0x80000000,0 \
			libc-kill -1 libc-kill 0 sys killself=kill,@pid,0 sys killself-high=kill,@pidhigh,0
		expect_denied kill-1 EPERM
		expect_denied kill32-1 EPERM
		expect_denied kill0 EPERM
		expect_denied kill-high0 EPERM
		expect_denied kill-min EPERM
		[ "$(grep -c '^libc-kill: errno EPERM$' <<<"$out")" -eq 2 ] || { show_run; false; }
		expect_allowed killself
		expect_allowed killself-high
	done
}

@test "64-bit arguments compare all 64 bits: lseek offset, mmap addr" {
	attack_policy p 'lseek: offset < 4096; errno EPERM' 'mmap: addr == 0; errno EPERM'
	for way in $ATTACK_WAYS; do
		attack_run "$way" "$T/p.policy" "$C" \
			sys lseek-big=lseek,@null,0x100000000,0 sys lseek-small=lseek,@null,100,0 \
			libc-lseek 0x100000000 libc-lseek 4095 \
			sys mmap-big=mmap,0x100000000,4096,1,0x22,-1,0 sys mmap-zero=mmap,0,4096,1,0x22,-1,0 \
			libc-mmap 0x100000000 libc-mmap 0
		expect_denied lseek-big EPERM
		expect_allowed lseek-small
		expect_out "libc-lseek: errno EPERM"
		expect_out "libc-lseek: ok"
		expect_denied mmap-big EPERM
		expect_allowed mmap-zero
		expect_out "libc-mmap: errno EPERM"
		expect_out "libc-mmap: ok"
	done
}

@test "glibc and musl builds of the probe get the same verdicts" {
	# The C libraries differ in how an int reaches a 64-bit register
	# (musl sign-extends, glibc may not): the filters must not care.
	attack_policy p 'kill: pid > 0; errno EPERM' 'openat: dfd == AT_FDCWD; errno EACCES' \
		'lseek: offset < 4096; errno EPERM'
	verdicts=()
	for way in $ATTACK_WAYS; do
		attack_run "$way" "$T/p.policy" "$C" libc-kill -1 libc-kill 0 libc-kill -100 \
			libc-openat /etc/passwd libc-lseek -1 libc-lseek 0x7fffffff00000000
		expect_confined
		verdicts+=("$(grep -E '^libc-' <<<"$out" | sed 's/: ok .*/: ok/')")
	done
	for v in "${verdicts[@]}"; do
		[ "$v" = "${verdicts[0]}" ] || {
			echo "first: ${verdicts[0]}"
			echo "other: $v"
			false
		}
	done
	[[ "${verdicts[0]}" == *"libc-openat: ok"* ]]
	[ "$(grep -c 'libc-kill: errno EPERM' <<<"${verdicts[0]}")" -eq 3 ]
}
