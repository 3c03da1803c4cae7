#!/usr/bin/env bats
# Container seccomp profiles (Docker's files, OCI's linux.seccomp) given
# with -p: read by content, run in the real kernel, and the tools on them.
load helpers

RUN_JSON=$ROOT/bats/policies/oci/run.json
DOCKER_JSON=$ROOT/tests/oci/docker-like.json

@test "oci: sf-run -p profile.json: an allowed call works, an errno rule fails it, a kill kills" {
	run_split "$SF_RUN" -p "$RUN_JSON" -- "$PROBE" "$M" getpid socket getppid
	expect_status 159
	[ -f "$M" ]
	expect_in "$out" "getpid: ok"
	expect_in "$out" "socket: errno EACCES"
	[[ "$err" == "sf: probe["*"]: blocked getppid() by $RUN_JSON:6 (kill-process)" ]]
}

@test "oci: a Docker-like profile runs a program; its errno default answers the rest" {
	run_split "$SF_RUN" -p "$DOCKER_JSON" -- "$PROBE" "$M" getpid socket mkdir "$T/d"
	expect_status 0
	expect_in "$out" "getpid: ok"
	expect_in "$out" "socket: ok"
	expect_in "$out" "mkdir: ok"
	run_split "$SF_RUN" --test 'mount(0, 0, 0, 0, 0)' -p "$DOCKER_JSON"
	[ "$out" = "errno EPERM" ]
	run_split "$SF_RUN" --oci-caps CAP_SYS_ADMIN --test 'mount(0, 0, 0, 0, 0)' -p "$DOCKER_JSON"
	[ "$out" = "allow" ]
	run_split env SF_OCI_CAPS=all "$SF_RUN" --test 'reboot(0, 0, 0, 0)' -p "$DOCKER_JSON"
	[ "$out" = "allow" ]
}

@test "oci: the bare shims read a profile too" {
	run_split env LD_PRELOAD="$SHIM" SF_POLICY="$RUN_JSON" "$PROBE" "$M" getpid socket getppid
	expect_status 159
	expect_in "$out" "getpid: ok"
	expect_in "$out" "socket: errno EACCES"
	[ -f "$B/musl/libsf.so" ] || skip "no musl shim"
	run_split env LD_PRELOAD="$B/musl/libsf.so" SF_POLICY="$RUN_JSON" "$PROGS/musl/probe" "$M" socket
	expect_status 0
	expect_in "$out" "socket: errno EACCES"
}

@test "oci: --check, --dump, --explain, --test and --diff take a profile" {
	run "$SF_RUN" --check -p "$DOCKER_JSON"
	[ "$status" -eq 0 ]
	run "$SF_RUN" --dump -p "$RUN_JSON"
	[ "$status" -eq 0 ]
	expect_in "$output" "instructions"
	run "$SF_RUN" --explain -p "$RUN_JSON"
	[ "$status" -eq 0 ]
	expect_in "$output" "default: allow"
	expect_in "$output" "socket: family != AF_INET; errno EACCES"
	expect_in "$output" "getppid: kill-process"
	run "$SF_RUN" --test 'socket(AF_INET, SOCK_STREAM, 0)' -p "$RUN_JSON"
	[ "$output" = "errno EACCES" ]
	run "$SF_RUN" --test 'socket(AF_UNIX, SOCK_STREAM, 0)' -p "$RUN_JSON"
	[ "$output" = "allow" ]
	# the explained text is an sf policy meaning the same
	"$SF_RUN" --explain -p "$RUN_JSON" >"$T/run.policy"
	run "$SF_RUN" --diff "$RUN_JSON" "$T/run.policy"
	[ "$status" -eq 0 ]
	run "$SF_RUN" --diff "$RUN_JSON" "$DOCKER_JSON"
	[ "$status" -eq 1 ]
}

@test "oci: an OCI runtime configuration is read for its linux.seccomp" {
	{
		echo '{"ociVersion": "1.0.2", "process": {"args": ["sh"]}, "linux": {"seccomp":'
		cat "$RUN_JSON"
		echo '}}'
	} >"$T/config.json"
	run_split "$SF_RUN" -p "$T/config.json" -- "$PROBE" "$M" socket
	expect_status 0
	expect_in "$out" "socket: errno EACCES"
}

@test "oci: a policy starting with a brace list is still a policy" {
	printf '{getpid, getppid}: errno EPERM\ndefault: allow\n' >"$T/p.policy"
	run "$SF_RUN" --test 'getppid()' -p "$T/p.policy"
	[ "$status" -eq 0 ]
	[ "$output" = "errno EPERM" ]
}

@test "oci: profiles stack with policies, and only take access away" {
	run_split "$SF_RUN" -p "$RUN_JSON" -e 'default: allow' -e 'mkdir, mkdirat: errno EPERM' -- \
		"$PROBE" "$M" mkdir "$T/d" socket
	expect_status 0
	expect_in "$out" "mkdir: errno EPERM"
	expect_in "$out" "socket: errno EACCES"
}

@test "oci: --check notes comparisons whose upper half the kernel ignores" {
	run_split "$SF_RUN" --check -p "$DOCKER_JSON"
	expect_status 0
	# socket(family != 40) on 64 bits: socket(0x100000028, ...) passes and the kernel reads 40
	expect_in "$err" "sf: note: $DOCKER_JSON:394: socket's family is read by the kernel as 32 bits, but the profile compares all 64"
	# the i386 and x32 calls Docker's archMap allows are killed
	expect_in "$err" "sf: warning: $DOCKER_JSON:7:24: sf's filter is for x86_64 alone: the calls of SCMP_ARCH_X86, SCMP_ARCH_X32, which the profile allows too, are killed"
	# clone's mask lies in the lower half: nothing to say
	expect_not_in "$err" "clone's"
	# and no note about the language's own argument reading
	expect_not_in "$err" "compared both as 64 bits"
	run "$SF_RUN" --test 'socket(0x100000028, 1, 0)' -p "$DOCKER_JSON"
	[ "$output" = "allow" ]
	run "$SF_RUN" --test 'socket(40, 1, 0)' -p "$DOCKER_JSON"
	[ "$output" = "errno EPERM" ]
}

@test "oci: in the kernel, a profile's 64-bit comparison is dodged as libseccomp's is" {
	cat >"$T/vsock.py" <<'PY'
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
for family in (40, 0x100000028):
    r = libc.syscall(41, ctypes.c_long(family), 1, 0)  # socket(family, SOCK_STREAM, 0)
    print(hex(family), "EPERM" if r < 0 and ctypes.get_errno() == 1 else "passed the filter")
PY
	run_split "$SF_RUN" -p "$DOCKER_JSON" -- /usr/bin/python3 "$T/vsock.py"
	expect_status 0
	expect_in "$out" "0x28 EPERM"
	expect_in "$out" "0x100000028 passed the filter"
}
