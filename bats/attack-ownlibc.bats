#!/usr/bin/env bats
# The shim trusts nothing the program defines: it reads the policy files
# and the environment with raw system calls and its own string, memory and
# allocation functions, and libsf.so imports nothing a program could
# replace on the way from SF_POLICY to the installed filter.
load attack-helpers

setup() {
	attack_setup
}

# The functions tests/attacks/ownlibc.c defines, each of which, if the
# shim called it, would run unconfined and subvert the policy.
OWNLIBC_NAMES="read open openat fstat memcpy memmove strlen strcmp malloc calloc realloc \
free getenv setenv"

@test "a program that defines read, open, fstat, memcpy, strlen, malloc, getenv, environ... is still confined" {
	# The sanitized shim keeps the C library's allocator and string
	# functions, for ASan to check them.
	[ -z "${SF_TEST_SANITIZED:-}" ] || skip "the sanitized shim imports the C library's names"
	for way in glibc:sf-run glibc:shim musl:sf-run musl:shim; do
		for name in all $OWNLIBC_NAMES; do
			ATTACK_OWNLIBC=$name ATTACK_PROG=ownlibc attack_run "$way" "$BASE" "$C"
			WAY="$way ATTACK_OWNLIBC=$name"
			expect_killed
			[[ "$err" != *HIJACKED* ]] || { show_run; false; }
			expect_no_out "socket: ok"
		done
	done
	# The policy given as text, in SF_RULES.
	for libc in glibc musl; do
		run_split env ATTACK_OWNLIBC=all LD_PRELOAD="$(attack_shim $libc)" \
			SF_RULES="$(cat "$BASE")" "$ATK/$libc/ownlibc" "$C"
		WAY="$libc:shim SF_RULES"
		expect_killed
		[[ "$err" != *HIJACKED* ]] || { show_run; false; }
		expect_no_out "socket: ok"
	done
}

# What libsf.so may import, and why each is safe: the Makefile, above the
# shim's link rules. Anything else, a function on the policy's way to the
# kernel among them, fails this test.
SHIM_IMPORTS=" dlsym environ __environ _environ ___environ __cxa_finalize __gmon_start__ \
_ITM_deregisterTMCloneTable _ITM_registerTMCloneTable "

@test "libsf.so imports nothing the policy's way to the kernel goes through (glibc and musl)" {
	command -v nm >/dev/null || skip "no nm"
	for so in "$B/libsf.so" "$B/musl/libsf.so"; do
		[ -f "$so" ] || { [ "$so" = "$B/musl/libsf.so" ] && continue; false; }
		imports=$(nm -D --undefined-only "$so" | awk '{print $NF}' | sed 's/@.*//')
		[ -n "$imports" ]
		for sym in $imports; do
			if [[ "$SHIM_IMPORTS" != *" $sym "* ]]; then
				echo "$so imports $sym"
				false
			fi
		done
		# and exports only its two entry points
		exports=$(nm -D --defined-only "$so" | awk '$2 ~ /^[TDBW]$/ {print $NF}' | sed 's/@.*//' |
			sort | tr '\n' ' ')
		[ "$exports" = "__libc_start_main sf_restrict " ] || { echo "$so exports: $exports"; false; }
	done
}
