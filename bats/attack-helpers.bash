# Shared by bats/attack-*.bats: the attack probes of tests/attacks/ (built
# by `make test-programs` into build/attacks/), the ways to run them, and
# the three outcomes a case can have:
#
#   KILLED    death by SIGSYS, status 159
#   DENIED    the call failed with the policy's errno, the probe went on
#   REFUSED   sf stopped with 125 before exec: the canary does not exist
#             and the probe printed nothing
#
# Wherever the probe runs at all, its prologue must have seen
# "NoNewPrivs: 1" and "Seccomp: 2" first thing in main: expect_confined.
load helpers

# The test files define their own setup(), which calls attack_setup: keep
# helpers.bash's under another name.
eval "$(declare -f setup | sed '1s/^setup/helpers_setup/')"

ATK=$B/attacks
OUTER=$ATK/outer

# The ways a probe meets the filters. A dynamic build runs under sf-run and
# under the bare shim; a static one only with sf-run --early (no shim can
# load into it: see docs/limits.md).
ATTACK_WAYS="glibc:sf-run glibc:shim musl:sf-run musl:shim glibc-static:early \
musl-static:early glibc-static-pie:early"

attack_setup() {
	helpers_setup
	[ -x "$ATK/glibc/probe" ] && [ -x "$ATK/musl/probe-static" ] ||
		skip "build first: make test-programs"
	C=$T/canary
}

# attack_bin BUILD [PROG]: the binary of PROG (default probe) for a build
# (glibc, musl, glibc-static, musl-static, glibc-static-pie).
attack_bin() {
	local build=$1 prog=${2:-probe}
	case $build in
	glibc | musl) echo "$ATK/$build/$prog" ;;
	glibc-static-pie) echo "$ATK/glibc/$prog-static-pie" ;;
	*-static) echo "$ATK/${build%-static}/$prog-static" ;;
	esac
}

# The shim that fits a build's C library.
attack_shim() {
	case $1 in
	musl*) echo "$B/musl/libsf.so" ;;
	*) echo "$SHIM" ;;
	esac
}

# attack_run WAY POLICY ARG...: runs the probe of WAY (BUILD:HOW) under
# the policy file, with run_split. HOW is sf-run, shim or early.
attack_run() {
	local way=$1 pol=$2 build how bin
	shift 2
	build=${way%%:*}
	how=${way##*:}
	bin=$(attack_bin "$build" "${ATTACK_PROG:-probe}")
	rm -f "$C"
	case $how in
	sf-run) run_split "$SF_RUN" ${ATTACK_SF_OPTS:-} -p "$pol" -- "$bin" "$@" ;;
	early) run_split "$SF_RUN" ${ATTACK_SF_OPTS:-} --early -p "$pol" -- "$bin" "$@" ;;
	shim)
		run_split env LD_PRELOAD="$(attack_shim "$build")" SF_POLICY="$pol" \
			${ATTACK_SF_MODE:+SF_MODE=$ATTACK_SF_MODE} "$bin" "$@"
		;;
	esac
	WAY=$way
	QUIET=
	if [[ " ${ATTACK_SF_OPTS:-} " == *" --kill "* ]]; then QUIET=1; fi
}

# attack_policy NAME LINE...: $T/NAME.policy is the bats base policy (what
# every build of the probe needs to start) without its rules for the
# syscalls that LINE... name, followed by LINE....
attack_policy() {
	local name=$1 line names n re=""
	shift
	for line in "$@"; do
		case $line in
		default:* | @* | '#'* | '') continue ;;
		esac
		names=${line%%:*}
		names=${names//[\{\} ]/}
		for n in ${names//,/ }; do
			re="$re${re:+|}$n"
		done
	done
	if [ -n "$re" ]; then
		grep -vE "^($re):" "$BASE" >"$T/$name.policy"
	else
		cp "$BASE" "$T/$name.policy"
	fi
	printf '%s\n' "$@" >>"$T/$name.policy"
}

show_run() {
	echo "way: ${WAY:-?}  status: $status"
	echo "stdout: $out"
	echo "stderr: $err"
}

expect_confined() {
	if [[ "$out" != *"prologue: NoNewPrivs=1 Seccomp=2"* ]]; then
		echo "the probe did not see NoNewPrivs: 1 and Seccomp: 2 first"
		show_run
		return 1
	fi
}

expect_killed() {
	if [ "$status" -ne 159 ]; then
		echo "expected KILLED (status 159)"
		show_run
		return 1
	fi
	# sf-run supervises: every death it did not ask to keep quiet about
	# (--kill) is reported.
	case $WAY in
	*sf-run* | *early*)
		if [ -z "${QUIET:-}" ] && [[ "$err" != *"]: blocked "* ]]; then
			echo "expected sf-run's report on stderr"
			show_run
			return 1
		fi
		;;
	esac
	expect_confined
}

# expect_denied OP ERRNO: the probe printed "OP: errno ERRNO" and went on.
expect_denied() {
	if [ "$status" -ne 0 ] || [[ "$out" != *"$1: errno $2"* ]]; then
		echo "expected DENIED: $1: errno $2, and status 0"
		show_run
		return 1
	fi
	expect_confined
}

# expect_allowed OP: the probe printed "OP: ok ...".
expect_allowed() {
	if [[ "$out" != *"$1: ok"* ]]; then
		echo "expected $1 to be allowed"
		show_run
		return 1
	fi
	expect_confined
}

expect_refused() {
	if [ "$status" -ne 125 ] || [ -e "$C" ] || [[ "$out" == *prologue* ]] ||
		[[ "$err" != "sf: "* ]]; then
		echo "expected REFUSED: status 125, one 'sf: ' message, no canary, no output"
		[ -e "$C" ] && echo "the canary exists"
		show_run
		return 1
	fi
}

expect_out() {
	if [[ "$out" != *"$1"* ]]; then
		echo "expected on stdout: $1"
		show_run
		return 1
	fi
}

expect_no_out() {
	if [[ "$out" == *"$1"* ]]; then
		echo "did not expect on stdout: $1"
		show_run
		return 1
	fi
}

expect_err() {
	if [[ "$err" != *"$1"* ]]; then
		echo "expected on stderr: $1"
		show_run
		return 1
	fi
}

# as_nobody CMD...: runs CMD as an unprivileged user (root only; skips
# otherwise). The scratch directory is made reachable first.
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
as_nobody() {
	"${NOBODY[@]}" "$@"
}

need_nobody() {
	[ "$(id -u)" = 0 ] || skip "needs root to switch to an unprivileged user"
	command -v setpriv >/dev/null || skip "no setpriv"
	chmod 755 "$T"
	chmod 1777 "$T"
}

# Whether int $0x80 reaches the kernel's i386 entry here: probed unfiltered
# under outer's allow-everything filter (it fails only seccomp()).
ia32_available() {
	local o
	[ "$(uname -m)" = x86_64 ] || return 1
	o=$("$OUTER" seccomp EPERM "$ATK/glibc/probe" - i386 20 2>/dev/null) || return 1
	[[ "$o" == *"20: ok "* ]]
}
