#!/usr/bin/env bats
# A container profile that cannot be read stops everything before the
# program runs: exit 125 and one line naming FILE:LINE:COL and the JSON
# path. One test per class of error.
load helpers

# profile_error TEXT EXPECTED: sf-run -p on TEXT fails so, without running.
profile_error() {
	printf '%s' "$1" >"$T/p.json"
	run_split "$SF_RUN" -p "$T/p.json" -- "$PROBE" "$M"
	expect_status 125
	[ ! -f "$M" ]
	expect_one_sf_line
	[[ "$err" == "sf: $T/"*"$2"* ]] || { echo "got: $err"; return 1; }
}

@test "oci-errors: malformed JSON" {
	profile_error $'{"defaultAction": "SCMP_ACT_ALLOW",\n "syscalls": [\n  {"names": ["read"],}\n ]}' \
		"p.json:3:22: error: malformed JSON: expected a string key"
	profile_error '{"defaultAction": "SCMP_ACT_ALLOW"' "malformed JSON: expected ',' or '}'"
	profile_error $'{"defaultAction": "SCMP_ACT_\xff"}' "malformed JSON: invalid UTF-8"
}

@test "oci-errors: wrong types" {
	profile_error '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "errnoRet": "1"}]}' \
		"p.json:1:110: error: syscalls[0].errnoRet: expected an integer, found a string"
	profile_error '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": [7], "action": "SCMP_ACT_ERRNO"}]}' \
		"syscalls[0].names[0]: expected a string, found a number"
}

@test "oci-errors: unknown names, actions and operators" {
	profile_error '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read", "wirte"], "action": "SCMP_ACT_ERRNO"}]}' \
		'p.json:1:69: error: syscalls[0].names[1]: unknown syscall "wirte"; did you mean "write"?'
	profile_error '{"defaultAction": "SCMP_ACT_KIL"}' \
		'defaultAction: unknown action "SCMP_ACT_KIL"; did you mean "SCMP_ACT_KILL"?'
	profile_error '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_MASKED"}]}]}' \
		'syscalls[0].args[0].op: unknown operator "SCMP_CMP_MASKED"; did you mean "SCMP_CMP_MASKED_EQ"?'
	profile_error '{"defaultAction": "SCMP_ACT_ALLOW", "syscals": []}' \
		'unknown key "syscals"; did you mean "syscalls"?'
}

@test "oci-errors: an argument index above 5" {
	profile_error '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 6, "value": 1, "op": "SCMP_CMP_EQ"}]}]}' \
		"syscalls[0].args[0].index: argument index 6; a syscall has arguments 0..5"
}

@test "oci-errors: empty names" {
	profile_error '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read", ""], "action": "SCMP_ACT_ERRNO"}]}' \
		"syscalls[0].names[1]: empty syscall name"
	profile_error '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": [], "action": "SCMP_ACT_ERRNO"}]}' \
		"syscalls[0].names: no syscall names"
}

@test "oci-errors: values out of range" {
	profile_error '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 18446744073709551616, "op": "SCMP_CMP_EQ"}]}]}' \
		"syscalls[0].args[0].value: value out of range 0..18446744073709551615"
	profile_error '{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": -1}' \
		"defaultErrnoRet: negative value"
}

@test "oci-errors: what sf does not run is refused" {
	profile_error '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_NOTIFY"}]}' \
		"syscalls[0].action: SCMP_ACT_NOTIFY needs a seccomp listener"
}

@test "oci-errors: a huge file" {
	{
		printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [], "flags": ["'
		head -c 17000000 /dev/zero | tr '\0' 'a'
		printf '"]}'
	} >"$T/big.json"
	run_split "$SF_RUN" -p "$T/big.json" -- "$PROBE" "$M"
	expect_status 125
	[ ! -f "$M" ]
	[[ "$err" == "sf: $T/big.json: error: policy larger than 16777216 bytes" ]]
}

@test "oci-errors: deep nesting" {
	profile_error "{\"defaultAction\": $(printf '[%.0s' $(seq 80))" "nested deeper than 64 levels"
}

@test "oci-errors: the bare shim fails closed on a bad profile" {
	printf '{"defaultAction": "SCMP_ACT_ALOW"}' >"$T/p.json"
	run_split env LD_PRELOAD="$SHIM" SF_POLICY="$T/p.json" "$PROBE" "$M"
	expect_status 125
	[ ! -f "$M" ]
	[[ "$err" == "sf: $T/p.json:1:19: error: defaultAction: unknown action"* ]]
}

@test "oci-errors: --check lists the error and exits 125" {
	printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["opn"], "action": "SCMP_ACT_ERRNO"}]}' >"$T/p.json"
	run_split "$SF_RUN" --check -p "$T/p.json"
	expect_status 125
	[[ "$err" == "sf: $T/p.json:1:61: error: syscalls[0].names[0]: unknown syscall \"opn\""* ]]
}

@test "oci-errors: a profile cannot be @included" {
	cp "$ROOT/bats/policies/oci/run.json" "$T/run.json"
	printf '@include run.json\nread: 1\n' >"$T/p.policy"
	run_split "$SF_RUN" --check -p "$T/p.policy"
	expect_status 125
	[[ "$err" == "sf: $T/p.policy:1:10: error: '$T/run.json' is a container profile (JSON): it cannot be included"* ]]
}

@test "oci-errors: a profile is refused as a --learn base before the program runs" {
	run_split "$SF_RUN" --learn "$T/out.policy" -p "$ROOT/bats/policies/oci/run.json" -- "$PROBE" "$M"
	expect_status 125
	[ ! -f "$M" ]
	[ ! -e "$T/out.policy" ]
	[[ "$err" == "sf: $ROOT/bats/policies/oci/run.json: a container profile cannot be a --learn base"* ]]
}

@test "oci-errors: an unknown capability in --oci-caps or SF_OCI_CAPS" {
	run_split "$SF_RUN" --oci-caps CAP_SYS_ADMIN,CAP_FOO -p "$ROOT/bats/policies/oci/run.json" -- "$PROBE" "$M"
	expect_status 125
	[ ! -f "$M" ]
	[ "$err" = "sf: --oci-caps: unknown capability 'CAP_FOO' (CAP_SYS_ADMIN, ..., or all)" ]
	run_split env SF_OCI_CAPS=nope "$SF_RUN" --check -p "$ROOT/bats/policies/oci/run.json"
	expect_status 125
	[ "$err" = "sf: SF_OCI_CAPS: unknown capability 'nope' (CAP_SYS_ADMIN, ..., or all)" ]
}
