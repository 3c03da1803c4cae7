#!/usr/bin/env bats
# Installation faults and stacking: when seccomp() or no_new_privs cannot
# be had, the target never runs; stacked filters only reduce, and their
# actions combine as the kernel ranks them.
load attack-helpers

setup() {
	attack_setup
}

@test "seccomp() or PR_SET_NO_NEW_PRIVS failing (EPERM, EINVAL, ENOSYS, ENOMEM): the target never runs" {
	for what in seccomp nnp; do
		for e in EPERM EINVAL ENOSYS ENOMEM; do
			for how in sf-run early shim musl-shim; do
				rm -f "$C"
				case $how in
				sf-run) run_split "$OUTER" $what $e "$SF_RUN" -p "$BASE" -- "$ATK/glibc/probe" "$C" ;;
				early)
					run_split "$OUTER" $what $e "$SF_RUN" --early -p "$BASE" -- \
						"$ATK/glibc/probe-static" "$C"
					;;
				shim)
					run_split "$OUTER" $what $e env LD_PRELOAD="$SHIM" SF_POLICY="$BASE" \
						"$ATK/glibc/probe" "$C"
					;;
				musl-shim)
					run_split "$OUTER" $what $e env LD_PRELOAD="$B/musl/libsf.so" \
						SF_POLICY="$BASE" "$ATK/musl/probe" "$C"
					;;
				esac
				WAY="$how, $what fails with $e"
				expect_refused
				if [ $what = nnp ]; then
					expect_err "cannot set no_new_privs"
				else
					expect_err "the kernel refused the filter (errno "
				fi
				[ $how = sf-run ] || [ $how = early ] || continue
				# a failure that reaches sf-run names the stop
				[ $what = nnp ] || expect_err "the program was killed before its first instruction"
			done
		done
	done
}

@test "an outer filter that fakes success for seccomp(): sf-run counts the filters and refuses" {
	run_split "$OUTER" seccomp 0 "$SF_RUN" -p "$BASE" -- "$ATK/glibc/probe" "$C" socket
	WAY="sf-run under a faking filter"
	expect_refused
	expect_err "does not count them as installed"
}

@test "limit: under the bare shim, an outer filter that fakes success keeps sf's filters out" {
	# Documented in docs/limits.md: errno 0 is "success" and
	# PR_GET_SECCOMP cannot tell whose filter is in force. Only a parent
	# that controls the program's start anyway can set this up.
	run_split "$OUTER" seccomp 0 env LD_PRELOAD="$SHIM" SF_POLICY="$BASE" "$ATK/glibc/probe" "$C" socket
	expect_confined
	expect_out "socket: ok"
}

@test "sf-run -p allowX sf-run -p denyX, and the reverse: denied" {
	attack_policy allow 'socket: 1'
	attack_policy eacces 'socket: errno EACCES'
	attack_policy base-sf-run
	for pol in allow eacces base-sf-run; do
		echo "@include $BATS_TEST_DIRNAME/policies/sf-run.inc" >>"$T/$pol.policy"
	done
	for pair in "allow base" "base allow" "allow eacces" "eacces allow"; do
		set -- $pair
		pol() { [ "$1" = base ] && echo "$BASE" || echo "$T/$1.policy"; }
		# the outer one must let the inner sf-run supervise
		outer() { [ "$1" = base ] && echo "$T/base-sf-run.policy" || echo "$T/$1.policy"; }
		rm -f "$C"
		run_split "$SF_RUN" -p "$(outer "$1")" -- "$SF_RUN" -p "$(pol "$2")" -- \
			"$ATK/glibc/probe" "$C" socket say after
		WAY="sf-run -p $1 sf-run -p $2"
		if [[ $pair == *eacces* ]]; then
			expect_denied socket EACCES
		else
			expect_killed
			expect_no_out after
		fi
		expect_no_out "socket: ok"
		# the same two as one stack, and through the shim
		run_split "$SF_RUN" -p "$(pol "$1")" -p "$(pol "$2")" -- "$ATK/musl/probe" "$C" socket
		WAY="sf-run -p $1 -p $2 (musl)"
		expect_no_out "socket: ok"
		run_split env LD_PRELOAD="$SHIM" SF_POLICY="$(pol "$1"):$(pol "$2")" \
			"$ATK/glibc/probe" "$C" socket
		WAY="shim $1:$2"
		expect_no_out "socket: ok"
	done
}

# What one action does to getppid called in a second thread: the class of
# outcome the probe shows.
class_of() {
	case $1 in
	kill-process | trap) echo death ;;
	kill-thread) echo thread ;;
	errno*) echo eperm ;;
	trace*) echo enosys ;;
	log | allow) echo ok ;;
	esac
}

observed_class() {
	if [ "$status" -eq 159 ] && [[ "$out" != *"main: alive"* ]]; then
		echo death
	elif [ "$status" -ne 0 ] || [[ "$out" != *"main: alive"* ]]; then
		echo "broken(status $status)"
	elif [[ "$out" == *"getppid: errno EPERM"* ]]; then
		echo eperm
	elif [[ "$out" == *"getppid: errno ENOSYS"* ]]; then
		echo enosys
	elif [[ "$out" == *"getppid: ok"* ]]; then
		echo ok
	else
		echo thread
	fi
}

@test "stacked actions combine as the kernel ranks them (kill-process > kill-thread > trap > errno > trace > log > allow)" {
	# user-notify is refused by sf-run (tested in attack-runtime.bats)
	local actions=(kill-process kill-thread trap 'errno EPERM' 'trace 1' log allow)
	for i in "${!actions[@]}"; do
		attack_policy "p$i" "getppid: ${actions[$i]}"
	done
	for i in "${!actions[@]}"; do
		for j in "${!actions[@]}"; do
			# the most severe of the two is the one first in the list
			want=$(class_of "${actions[$((i < j ? i : j))]}")
			for mode in report kill; do
				opts=()
				[ $mode = kill ] && opts=(--kill)
				run_split "$SF_RUN" "${opts[@]}" -p "$T/p$i.policy" -p "$T/p$j.policy" -- \
					"$ATK/glibc/probe" "$C" thread-sys getppid
				WAY="${actions[$i]} then ${actions[$j]}, $mode mode"
				got=$(observed_class)
				[ "$got" = "$want" ] || {
					echo "want $want, got $got"
					show_run
					false
				}
				expect_confined
			done
		done
	done
}

@test "kill-thread ends only the thread, and sf-run reports it" {
	attack_policy kt 'getppid: kill-thread'
	for way in glibc:sf-run glibc:shim musl:sf-run musl:shim; do
		attack_run "$way" "$T/kt.policy" "$C" thread-sys getppid say after
		expect_confined
		[ "$status" -eq 0 ] || { show_run; false; }
		expect_out "main: alive"
		expect_out after
		[[ $way == *:shim ]] && continue
		expect_err "blocked getppid() by $T/kt.policy:"
		expect_err "(kill-thread)"
	done
	# in the only thread it ends the process, by SIGSYS
	attack_run glibc:sf-run "$T/kt.policy" "$C" sys getppid say after
	expect_killed
	expect_no_out after
	# static programs alike: the kernel ends the thread itself
	for build in glibc-static musl-static; do
		for opts in "" --kill; do
			ATTACK_SF_OPTS=$opts attack_run "$build:early" "$T/kt.policy" "$C" thread-sys getppid say after
			expect_confined
			expect_out "main: alive"
		done
	done
}

@test "a kill-thread stacked on an outer kill-process ends the process, as the kernel ranks them" {
	attack_policy kt 'getppid: kill-thread'
	attack_policy kp 'getppid: kill-process'
	run_split "$SF_RUN" -p "$T/kp.policy" -- env LD_PRELOAD="$SHIM" SF_POLICY="$T/kt.policy" \
		"$ATK/glibc/probe" "$C" thread-sys getppid say after
	WAY="kill-process outside, kill-thread inside"
	expect_killed
	expect_no_out "main: alive"
}
