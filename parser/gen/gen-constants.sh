#!/bin/sh
# Print build/gen/constants.c: the integer macros of the headers listed in
# constant-headers.txt that a policy may name (errno values, open flags,
# ioctl requests, ...), as evaluated by $CC on this machine. The output is
# plain data, so it compiles with any libc's compiler.
#
#   CC=cc sh parser/gen/gen-constants.sh > build/gen/constants.c
set -eu

CC=${CC:-cc}
LC_ALL=C
export LC_ALL
dir=$(dirname "$0")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sf-constants.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

die() {
	echo "gen-constants: $*" >&2
	exit 1
}

MIN_COUNT=500
REQUIRED="AT_FDCWD O_RDONLY O_ACCMODE O_CLOEXEC PROT_EXEC MAP_SHARED AF_UNIX SOCK_STREAM
CLONE_NEWUSER PR_SET_NO_NEW_PRIVS F_GETFL FUTEX_WAIT SIGKILL SIGSYS EPERM ENOTTY ENOSYS
TCGETS TIOCSTI FIONREAD"

sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' -e 's/.*/#include <&>/' \
	"$dir/constant-headers.txt" >"$tmp/inc.h"
[ -s "$tmp/inc.h" ] || die "no headers in $dir/constant-headers.txt"
echo '#include "inc.h"' >"$tmp/all.c"
echo '#include <errno.h>' >"$tmp/errno.c"

$CC -D_GNU_SOURCE -dM -E "$tmp/all.c" >"$tmp/all.dm" || die "$CC cannot preprocess the headers"
$CC -D_GNU_SOURCE -dM -E "$tmp/errno.c" >"$tmp/errno.dm" || die "$CC cannot preprocess errno.h"

# Errno names come from errno.h alone, so that no E-prefixed macro of
# another header passes for an error number.
awk '$1 == "#define" && $2 ~ /^E[A-Z0-9]+$/ { print $2 }' "$tmp/errno.dm" | sort -u >"$tmp/errno.names"

# Object-like macros only ($2 has no parenthesis), with a non-empty body
# that is not a string. SIGRTMIN/SIGRTMAX and SIGSTKSZ call libc at run
# time; MAP_FAILED and SIG_DFL-like ones are pointers.
awk -v errnames="$tmp/errno.names" '
BEGIN {
	while ((getline n < errnames) > 0)
		isE[n] = 1
	split("MS_ASYNC MS_SYNC MS_INVALIDATE SIG_BLOCK SIG_UNBLOCK SIG_SETMASK FIBMAP " \
	      "R_OK W_OK X_OK F_OK WNOHANG WUNTRACED WSTOPPED WEXITED WCONTINUED WNOWAIT " \
	      "P_ALL P_PID P_PGID P_PIDFD", a, " ")
	for (i in a)
		exact[a[i]] = 1
	split("SIGRTMIN SIGRTMAX SIGSTKSZ MAP_FAILED", a, " ")
	for (i in a)
		skip[a[i]] = 1
	pre = "^(O|AT|PROT|MAP|AF|PF|SOCK|CLONE|PR|F|FD|FUTEX|SA|SEEK|MADV|IPPROTO|SOL|SO|MSG|" \
	      "GRND|MFD|RLIMIT|CLOCK|TFD|EFD|SECCOMP|PTRACE|SCHED|RENAME|STATX|SHUT|MCL|MREMAP|" \
	      "LOCK|SPLICE_F|FALLOC_FL|MS|LOOP|FS|BLK)_[A-Za-z0-9_]+$"
}
$1 != "#define" || $2 ~ /\(/ || NF < 3 || $3 ~ /^"/ { next }
{
	n = $2
	if (n in skip)
		next
	if ((n in isE) || (n in exact) || n ~ pre || n ~ /^SIG[A-Z0-9]+$/ ||
	    n ~ /^(TC|TIOC|FIO|SIOC|BLK|FD)[A-Z0-9_]*$/ || n ~ /^S_I[A-Z0-9_]+$/ ||
	    n ~ /^(EPOLL|POLL)[A-Z0-9_]*$/)
		print n
}' "$tmp/all.dm" >"$tmp/cand.macros"
# Enumerators are no macros: personality(2)'s values, by name.
ENUMS="PER_LINUX PER_LINUX_32BIT PER_LINUX_FDPIC PER_SVR4 PER_SVR3 PER_SCOSVR3 PER_OSR5
PER_WYSEV386 PER_ISCR4 PER_BSD PER_SUNOS PER_XENIX PER_LINUX32 PER_LINUX32_3GB PER_IRIX32
PER_IRIXN32 PER_IRIX64 PER_RISCOS PER_SOLARIS PER_UW7 PER_OSF4 PER_HPUX PER_MASK UNAME26
ADDR_NO_RANDOMIZE FDPIC_FUNCPTRS MMAP_PAGE_ZERO ADDR_COMPAT_LAYOUT READ_IMPLIES_EXEC
ADDR_LIMIT_32BIT SHORT_INODE WHOLE_SECONDS STICKY_TIMEOUTS ADDR_LIMIT_3GB"
{
	cat "$tmp/cand.macros"
	printf '%s\n' $ENUMS
} | sort -u >"$tmp/cand"

# One candidate per line of the program, so a compiler diagnostic's line
# number names the macro to drop. The static assertion rejects anything
# that is not an integer constant expression; the multiplication, a
# string's address (FS_KEY_DESC_PREFIX is "fscrypt:"), which the cast
# alone lets through as a run-time pointer value.
mkprog() {
	{
		echo '#include "inc.h"'
		echo '#include <stdio.h>'
		echo 'int main(void)'
		echo '{'
		awk '{ printf "\t_Static_assert((long long)((%s) * 1) || 1, \"%s\"); " \
			"printf(\"%%s %%lld\\n\", \"%s\", (long long)(%s));\n", $1, $1, $1, $1 }' "$1"
		echo '	return 0;'
		echo '}'
	} >"$tmp/prog.c"
}

try() {
	mkprog "$1"
	$CC -D_GNU_SOURCE -w -o "$tmp/prog" "$tmp/prog.c" 2>"$tmp/err"
}

drop() {
	sort -u "$1" >"$tmp/drop.sorted"
	echo "gen-constants: dropped (not integer constants here): $(paste -sd " " "$tmp/drop.sorted")" >&2
	comm -23 "$tmp/cand" "$tmp/drop.sorted" >"$tmp/cand.new"
	mv "$tmp/cand.new" "$tmp/cand"
}

rounds=0
while ! try "$tmp/cand"; do
	rounds=$((rounds + 1))
	[ "$rounds" -le 20 ] || die "still failing after $rounds rounds: $(head -5 "$tmp/err")"
	sed -n 's/.*prog\.c:\([0-9][0-9]*\):.*/\1/p' "$tmp/err" | sort -un >"$tmp/lines"
	: >"$tmp/bad"
	while read -r l; do
		sed -n "${l}s/.*printf(\"%s %lld\\\\n\", \"\([A-Za-z0-9_]*\)\".*/\1/p" "$tmp/prog.c"
	done <"$tmp/lines" >>"$tmp/bad"
	if [ ! -s "$tmp/bad" ]; then
		# The compiler named no line of ours: test in chunks, then
		# one by one within a failing chunk.
		split -l 64 "$tmp/cand" "$tmp/chunk."
		for c in "$tmp"/chunk.*; do
			try "$c" && continue
			while read -r n; do
				echo "$n" >"$tmp/one"
				try "$tmp/one" || echo "$n" >>"$tmp/bad"
			done <"$c"
		done
		rm -f "$tmp"/chunk.*
		[ -s "$tmp/bad" ] || die "$CC fails on the whole set but on no part of it"
	fi
	drop "$tmp/bad"
done

"$tmp/prog" >"$tmp/printed" || die "the constant printer failed"
# Checked-in values for names the headers lack (constant-fallbacks.txt);
# a name the headers define keeps their value.
sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$dir/constant-fallbacks.txt" |
	awk -v printed="$tmp/printed" '
BEGIN {
	while ((getline l < printed) > 0) {
		split(l, f, " ")
		have[f[1]] = 1
	}
}
NF != 2 || $1 !~ /^[A-Z][A-Z0-9_]*$/ { print "gen-constants: bad fallback line: " $0 > "/dev/stderr"; exit 1 }
!($1 in have) { v = $2; if (v ~ /^0[xX]/) v = hex(v); print $1, v }
function hex(s,   i, n, c) {
	n = 0
	s = tolower(substr(s, 3))
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1))
		if (!c)
			exit 1
		n = n * 16 + c - 1
	}
	return sprintf("%.0f", n)
}' >"$tmp/fallback" || die "bad line in constant-fallbacks.txt"
sort "$tmp/printed" "$tmp/fallback" >"$tmp/values"

count=$(wc -l <"$tmp/values")
[ "$count" -ge "$MIN_COUNT" ] || die "only $count constants (expected at least $MIN_COUNT)"
for n in $REQUIRED; do
	grep -q "^$n " "$tmp/values" || die "required constant $n is missing"
done

# One name per errno value: the one errno.h defines as a number rather
# than as another name (EAGAIN, not EWOULDBLOCK), then the first by name.
awk '$1 == "#define" && $2 ~ /^E[A-Z0-9]+$/ && $3 ~ /^[0-9]+$/ { print $2 }' \
	"$tmp/errno.dm" | sort -u >"$tmp/errno.numeric"
awk -v errnames="$tmp/errno.names" -v numeric="$tmp/errno.numeric" '
BEGIN {
	while ((getline n < errnames) > 0)
		isE[n] = 1
	while ((getline n < numeric) > 0)
		isNum[n] = 1
}
($1 in isE) { print $2, ($1 in isNum) ? 0 : 1, $1 }' "$tmp/values" |
	sort -k1,1n -k2,2n -k3,3 | awk '!seen[$1]++ { print $3, $1 }' >"$tmp/errnos"

echo "/* Generated by parser/gen/gen-constants.sh from the system headers; do not edit. */"
echo '#include "constants.h"'
echo
# Names are stored in char[SF_CONSTANT_NAME_SIZE] (48).
long=$(awk 'length($1) > 47 { print $1 }' "$tmp/values" "$tmp/errnos")
[ -z "$long" ] || die "names too long for SF_CONSTANT_NAME_SIZE: $long"
echo 'const struct sf_constant sf_constants[] = {'
awk '{ printf "\t{\"%s\", %sLL},\n", $1, $2 }' "$tmp/values"
echo '};'
echo "const size_t sf_constants_count = $count;"
echo
echo 'const struct sf_constant sf_errnos[] = {'
awk '{ printf "\t{\"%s\", %sLL},\n", $1, $2 }' "$tmp/errnos"
echo '};'
echo "const size_t sf_errnos_count = $(wc -l <"$tmp/errnos");"
