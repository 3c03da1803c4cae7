#!/usr/bin/env bats
# Fail closed on every bad input: a policy that cannot be used, or a policy
# source that cannot be read, stops everything with 125 and one clear
# message before the program runs, in bounded time, under sf-run and under
# the bare shim alike.
load attack-helpers

setup() {
	attack_setup
}

# refused_everywhere FILE [MESSAGE]: sf-run -p FILE, sf-run --check and the
# shim with SF_POLICY=FILE all refuse within 5 s; the message starts with
# "sf: " and contains MESSAGE.
refused_everywhere() {
	local file=$1 msg=${2:-}
	for how in sf-run shim check; do
		rm -f "$C"
		case $how in
		sf-run) run_split timeout 5 "$SF_RUN" -p "$file" -- "$ATK/glibc/probe" "$C" ;;
		shim)
			run_split timeout 5 env LD_PRELOAD="$SHIM" SF_POLICY="$file" \
				"$ATK/glibc/probe" "$C"
			;;
		check) run_split timeout 5 "$SF_RUN" --check -p "$file" ;;
		esac
		WAY="$how $(basename "$file")"
		expect_refused
		[ -z "$msg" ] || expect_err "$msg"
	done
	# and the musl shim reads policies with the same code
	rm -f "$C"
	run_split timeout 5 env LD_PRELOAD="$B/musl/libsf.so" SF_POLICY="$file" "$ATK/musl/probe" "$C"
	WAY="musl shim $(basename "$file")"
	expect_refused
}

# bad NAME PRINTF-TEXT MESSAGE: a policy file with that text, refused with
# a message naming file:line:col (MESSAGE is the rest after the file name).
bad() {
	printf "$2" >"$T/$1.policy"
	refused_everywhere "$T/$1.policy" "$T/$1.policy:$3"
}

@test "syntax errors, unknown names, argument index > 5, duplicates: file:line:col, 125" {
	bad syntax 'read: 1\nwrite: fd ==\n' '2:13: error: expected a value'
	bad unknown-syscall 'read: 1\nsys_nonesuch: 1\n' "2:1: error: unknown syscall 'nonesuch'"
	bad unknown-arg 'read: fdd == 0\n' "1:7: error: unknown argument 'fdd'"
	bad unknown-const 'openat: flags == O_NONESUCH\n' "1:18: error: unknown constant 'O_NONESUCH'"
	bad arg6 'read: arg6 == 0\n' '1:7: error: argument index 6 out of range'
	bad arg9 'read: arg9 == 0\n' '1:7: error:'
	bad duplicate 'read: 1\nwrite: 1\nread: fd == 0; return EPERM\n' '3:1: error: read given twice, first at'
	bad dup-default 'default: allow\ndefault: kill\n' '2:1: error: default given twice'
	bad bad-action 'read: fd == 0; frobnicate\n' '1:16: error: expected an action'
	bad bad-number 'read: fd == 0x\n' '1:13: error: hexadecimal number without digits'
	bad too-wide 'read: fd == 0x100000000\n' '1:13: error: value 4294967296 out of range'
}

@test "empty policies and an empty SF_POLICY are refused" {
	: >"$T/empty.policy"
	refused_everywhere "$T/empty.policy" "the policy is empty"
	printf '# only a comment\n\n   \n' >"$T/comments.policy"
	refused_everywhere "$T/comments.policy" "the policy is empty"
	run_split env LD_PRELOAD="$SHIM" SF_POLICY= "$ATK/glibc/probe" "$C"
	expect_refused
	expect_err "SF_POLICY is set but empty"
	run_split env LD_PRELOAD="$SHIM" SF_POLICY=: "$ATK/glibc/probe" "$C"
	expect_refused
	run_split env LD_PRELOAD="$SHIM" SF_RULES= "$ATK/glibc/probe" "$C"
	expect_refused
	run_split "$SF_RUN" -p '' -- "$ATK/glibc/probe" "$C"
	expect_refused
	run_split "$SF_RUN" -e '' -- "$ATK/glibc/probe" "$C"
	expect_refused
}

@test "CRLF, NUL bytes and invalid UTF-8 are refused with their place" {
	bad crlf 'read: 1\r\nwrite: 1\r\n' '1:8: error: carriage return'
	bad nul 'read: 1\nwri\000te: 1\n' '2:4: error: NUL byte'
	bad nul-comment 'read: 1 # a\000b\n' '1:12: error: NUL byte'
	bad utf8 'read: 1\n\303(: 1\n' '2:1: error: invalid UTF-8'
	bad utf8-comment '# caf\351\nread: 1\n' '1:6: error: invalid UTF-8'
	bad utf8-overlong '\300\257: 1\n' '1:1: error: invalid UTF-8'
	# control characters reach the terminal only as '?' or by number
	bad esc 'read: 1\n\033[2J\033[31mwrite: 1\n' '2:1: error: unexpected control character \x1b'
	[[ "$err" != *$'\033'* ]] || { show_run; false; }
	expect_err "?[2J?[31mwrite: 1"
}

@test "a 1 MB line, 10,000 nested parentheses, 20,000 alternatives: refused, no crash, no hang" {
	head -c 1048576 /dev/zero | tr '\0' 'a' >"$T/long.policy"
	printf ': 1\n' >>"$T/long.policy"
	refused_everywhere "$T/long.policy" "$T/long.policy:1:1: error:"
	[ "$(printf '%s' "$err" | wc -c)" -lt 2000 ]
	{
		printf 'read: 1\n# %s\nwrite: ' "$(head -c 1048576 /dev/zero | tr '\0' 'b')"
		printf '0x%s\n' "$(head -c 1048576 /dev/zero | tr '\0' '1')"
	} >"$T/long2.policy"
	refused_everywhere "$T/long2.policy" "$T/long2.policy:3:8: error:"
	{
		printf 'read: '
		head -c 10000 /dev/zero | tr '\0' '('
		printf 'fd == 0'
		head -c 10000 /dev/zero | tr '\0' ')'
		printf '\n'
	} >"$T/nested.policy"
	refused_everywhere "$T/nested.policy" "$T/nested.policy:1:"
	expect_err "nested too deeply"
	{
		printf 'read: 1\nwrite: '
		printf '!(' ; for i in $(seq 1 300); do printf '!('; done
		printf 'fd == 1'
		for i in $(seq 1 301); do printf ')'; done
		printf '\n'
	} >"$T/nots.policy"
	refused_everywhere "$T/nots.policy" "nested too deeply"
	awk 'BEGIN { printf "read: 1\nwrite: fd == 0"; for (i = 1; i < 20000; i++) printf " || fd == %d", 3 * i; printf "\n" }' >"$T/alts.policy"
	refused_everywhere "$T/alts.policy" "more than the kernel's limit of 4096"
	expect_err "alts.policy:2"
}

@test "a policy over 4096 instructions names the rules that cost most" {
	awk 'BEGIN { printf "read: 1\nwrite: count == 1"; for (i = 1; i < 3000; i++) printf " || count == %d", i * 4097; printf "\n" }' >"$T/big.policy"
	refused_everywhere "$T/big.policy" "more than the kernel's limit of 4096; the rules that cost most: $T/big.policy:2"
	# just under the limit is fine
	awk 'BEGIN { printf "read: 1\nwrite: count == 0"; for (i = 1; i < 500; i++) printf " || count == %d", i; printf "\n" }' >"$T/fits.policy"
	run_split "$SF_RUN" --check -p "$T/fits.policy"
	expect_status 0
}

@test "include cycles and includes nested too deep are refused" {
	printf 'read: 1\n@include b.policy\n' >"$T/a.policy"
	printf 'write: 1\n@include a.policy\n' >"$T/b.policy"
	refused_everywhere "$T/a.policy" "include cycle"
	printf '@include self.policy\n' >"$T/self.policy"
	refused_everywhere "$T/self.policy" "$T/self.policy:1:10: error: include cycle"
	for i in $(seq 0 20); do
		printf 'read%s: 1\n@include d%d.policy\n' "" "$((i + 1))" >"$T/d$i.policy"
	done
	sed -i 's/^read: 1$/# deep/' "$T"/d*.policy
	printf 'read: 1\n' >"$T/d21.policy"
	refused_everywhere "$T/d0.policy" "includes nested deeper than 16"
}

@test "missing, directory, FIFO, /dev/zero, symlink loop: REFUSED within 5 s" {
	mkdir "$T/dir.policy"
	mkfifo "$T/fifo.policy"
	ln -s "$T/loop1.policy" "$T/loop2.policy"
	ln -s "$T/loop2.policy" "$T/loop1.policy"
	for src in "$T/missing.policy" "$T/dir.policy" "$T/fifo.policy" /dev/zero \
		"$T/loop1.policy"; do
		refused_everywhere "$src" "$src"
		# and the same through an @include
		printf 'read: 1\n@include %s\n' "$src" >"$T/inc.policy"
		refused_everywhere "$T/inc.policy" "$T/inc.policy:2:10: error: cannot include"
	done
	# a FIFO that has a writer is still not a policy file
	sleep 3 >"$T/fifo.policy" 3>&- &
	refused_everywhere "$T/fifo.policy" "not a regular file"
	kill %1 2>/dev/null || true
}

@test "an unreadable policy file (as non-root): REFUSED" {
	need_nobody
	cp "$BASE" "$T/secret.policy"
	chmod 600 "$T/secret.policy"
	for how in sf-run shim; do
		rm -f "$C"
		if [ $how = sf-run ]; then
			run_split timeout 5 "${NOBODY[@]}" "$SF_RUN" -p "$T/secret.policy" -- "$ATK/glibc/probe" "$C"
		else
			run_split timeout 5 "${NOBODY[@]}" env LD_PRELOAD="$SHIM" SF_POLICY="$T/secret.policy" \
				"$ATK/glibc/probe" "$C"
		fi
		WAY="$how, unreadable"
		expect_refused
		expect_err "Permission denied"
	done
}

@test "a large valid policy runs under sf-run: the shim's own allocations fit the loader's filter" {
	# 20,000 alternatives that make one range: small once compiled, but
	# the shim grows its tables while parsing them under the coarse filter
	[ -z "${SF_TEST_SANITIZED:-}" ] || skip "the sanitizer's allocator makes calls of its own"
	awk 'BEGIN { printf "exit_group: 1\nwrite: fd == 0"; for (i = 1; i < 20000; i++) printf " || fd == %d", i; printf "\n" }' >"$T/range.policy"
	run_split "$SF_RUN" -p "$T/range.policy" /bin/true
	[ "$status" -eq 0 ] || { echo "status $status: $err"; false; }
}
