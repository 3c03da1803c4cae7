#!/usr/bin/env bats
# A policy that cannot be used stops everything before the program's code
# runs: exit 125, one message, no marker.
load helpers

@test "sf-run: a bad policy exits 125 and the program never runs" {
	printf 'read: 1\nsocket: fd == 1\n' >"$T/bad.policy"
	run_split "$SF_RUN" -p "$T/bad.policy" -- "$PROBE" "$M"
	expect_status 125
	[ ! -f "$M" ]
	[[ "$err" == "sf: $T/bad.policy:2:"* ]]
	expect_in "$err" "error:"
}

@test "sf-run: a missing policy file exits 125" {
	run_split "$SF_RUN" -p "$T/none.policy" -- "$PROBE" "$M"
	expect_status 125
	[ ! -f "$M" ]
	[[ "$err" == "sf: "*"none.policy"* ]]
}

@test "sf-run: bad -e text exits 125" {
	run_split "$SF_RUN" -e 'sys_nonesuch: 1' -- "$PROBE" "$M"
	expect_status 125
	[ ! -f "$M" ]
	[[ "$err" == "sf: -e:1:"* ]]
}

@test "shim: a bad policy stops the program before main" {
	run_split env LD_PRELOAD="$SHIM" SF_RULES='sys_nonesuch: 1' "$PROBE" "$M"
	expect_status 125
	[ ! -f "$M" ]
	[[ "$err" == "sf: SF_RULES:1:"* ]]
}

@test "shim: a missing policy file stops the program before main" {
	run_split env LD_PRELOAD="$SHIM" SF_POLICY="$BASE:$T/none.policy" "$PROBE" "$M"
	expect_status 125
	[ ! -f "$M" ]
	expect_one_sf_line
	expect_in "$err" "none.policy"
}

@test "shim: SF_POLICY set but empty, or with an empty entry, is an error" {
	run_split env LD_PRELOAD="$SHIM" SF_POLICY= "$PROBE" "$M"
	expect_status 125
	expect_one_sf_line
	run_split env LD_PRELOAD="$SHIM" SF_POLICY="$BASE::$BASE" "$PROBE" "$M"
	expect_status 125
	expect_one_sf_line
	[ ! -f "$M" ]
}

@test "shim: preloaded without any policy is an error" {
	run_split env LD_PRELOAD="$SHIM" "$PROBE" "$M"
	expect_status 125
	[ ! -f "$M" ]
	expect_one_sf_line
	expect_in "$err" "neither SF_POLICY nor SF_RULES"
}

@test "shim: a bad SF_MODE or SF_ACTIVE is an error" {
	run_split env LD_PRELOAD="$SHIM" SF_POLICY="$BASE" SF_MODE=kil "$PROBE" "$M"
	expect_status 125
	expect_one_sf_line
	run_split env LD_PRELOAD="$SHIM" SF_POLICY="$BASE" SF_ACTIVE=xyz "$PROBE" "$M"
	expect_status 125
	expect_one_sf_line
	[ ! -f "$M" ]
}

@test "policies that deny seccomp() may come anywhere in the stack, several of them too" {
	grep -v '^seccomp' "$BASE" >"$T/noseccomp.policy"
	# a loader's call less, so that the exact filter goes in at the entry
	grep -v '^access' "$T/noseccomp.policy" >"$T/noseccomp-noaccess.policy"
	for p in noseccomp noseccomp-noaccess; do
		for order in "$T/$p.policy $BASE" "$BASE $T/$p.policy"; do
			set -- $order
			run_split "$SF_RUN" -p "$1" -p "$2" -- "$PROBE" "$M" getpid
			expect_status 0
			expect_in "$out" "getpid: ok"
		done
	done
	# sf-run merges the stack into one filter: a policy that denies
	# seccomp() keeps no other out, in either order
	for order in "noseccomp noseccomp-noaccess" "noseccomp-noaccess noseccomp"; do
		set -- $order
		rm -f "$M"
		run_split "$SF_RUN" -p "$T/$1.policy" -p "$T/$2.policy" -- "$PROBE" "$M" getpid filters socket
		expect_status 159
		expect_in "$out" "getpid: ok"
		expect_in "$out" "Seccomp_filters:	2"
		expect_in "$err" "]: blocked socket("
	done
}

@test "sf-run -I: an absolute @include that is not there is looked for under DIR" {
	mkdir -p "$T/root/usr/share/policy" "$T/flat"
	printf 'read: 1\n' >"$T/root/usr/share/policy/common.policy"
	printf 'write: 1\n' >"$T/flat/device.policy"
	printf '@include /usr/share/policy/common.policy\n@include /nonesuch-sf/device.policy\nexit_group: 1\n' >"$T/main.policy"
	run_split "$SF_RUN" --check -p "$T/main.policy"
	expect_status 125
	expect_in "$err" "main.policy:1:10: error: cannot include: /usr/share/policy/common.policy"
	expect_in "$err" "sf-run -I DIR"
	run_split "$SF_RUN" -I "$T/root" --include-path "$T/flat" --check -p "$T/main.policy"
	expect_status 0
	run_split env SF_INCLUDE_PATH="$T/flat" "$SF_RUN" -I "$T/root" --check -p "$T/main.policy"
	expect_status 0
}

@test "sf-run --check lists every error of the file, each with file:line:col" {
	printf 'read: fdd == 0\nwrite: 1\nclose: kil-process\nopenat: flags == O_NONESUCH\n' >"$T/many.policy"
	run_split "$SF_RUN" --check -p "$T/many.policy"
	expect_status 125
	expect_in "$err" "many.policy:1:7: error: unknown argument 'fdd'"
	expect_in "$err" "many.policy:3:8: error: unknown action 'kil-process'; did you mean 'kill-process'?"
	expect_in "$err" "many.policy:4:18: error: unknown constant 'O_NONESUCH'"
	[ "$(printf '%s\n' "$err" | grep -c ': error: ')" -eq 3 ]
}

@test "sf-run --check lists every error of the -e text too, after the files'" {
	printf 'read: fdd == 0\nwrite: 1\n' >"$T/one.policy"
	run_split "$SF_RUN" --check -p "$T/one.policy" -e 'close: kil-process' -e 'wrte: 1'
	expect_status 125
	expect_in "$err" "one.policy:1:7: error: unknown argument 'fdd'"
	expect_in "$err" "-e:1:8: error: unknown action 'kil-process'; did you mean 'kill-process'?"
	expect_in "$err" "-e:2:1: error: unknown syscall 'wrte' on x86_64; did you mean 'write'?"
	[ "$(printf '%s\n' "$err" | grep -c ': error: ')" -eq 3 ]
}
