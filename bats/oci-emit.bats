#!/usr/bin/env bats
# sf-run --emit-oci, --emit-k8s, --emit-systemd: container profiles that
# mean what sf's filters mean. Each profile is built into a filter by
# libseccomp, as runc builds it (tests/oci/oci-to-bpf.py, python3-seccomp),
# and that filter is run beside sf's own in sf's emulator on every syscall
# number and at least 10^5 argument vectors (build/progs/oci-compare).
load helpers

OCI=$ROOT/tests/oci
COMPARE=$PROGS/oci-compare
FORMS=$ROOT/bats/policies/oci/forms.policy
DOCKER_LIKE=$ROOT/../shared/policies/docker-like.policy

# The python3 that has libseccomp's bindings (the system's, not a pyenv's).
seccomp_python() {
	local py
	for py in python3 /usr/bin/python3; do
		if "$py" -c 'import seccomp' 2>/dev/null; then
			echo "$py"
			return 0
		fi
	done
	return 1
}

need_oracle() {
	PY=$(seccomp_python) || skip "no python3 with libseccomp's bindings (apt-get install python3-seccomp; tests/deps.sh does)"
	[ -x "$COMPARE" ] || skip "build first: make test-programs"
}

# same_meaning JSON POLICY-OPTIONS...: libseccomp's filter from JSON gives
# every input sf's filter for the policies gives.
same_meaning() {
	local json=$1
	shift
	"$PY" "$OCI/oci-to-bpf.py" "$json"
	run_split "$COMPARE" "$json.bpf" "$json.unknown" "$@"
	expect_status 0
	expect_in "$out" " 0 differ"
	local vectors=${out%% vectors*}
	[ "$vectors" -ge 100000 ] || {
		echo "only $vectors vectors"
		return 1
	}
}

# emit_and_compare POLICY: --emit-oci, then same_meaning.
emit_and_compare() {
	local json=$T/$(basename "$1").json
	run_split "$SF_RUN" --emit-oci "$json" -p "$1"
	expect_status 0
	same_meaning "$json" -p "$1"
}

@test "emit-oci: the examples and the policy with every comparison form mean the same under libseccomp" {
	need_oracle
	for p in "$ROOT"/examples/*.policy "$FORMS"; do
		# path rules have no place in a profile (refused, tested below)
		grep -qE '^(path |connect tcp|bind tcp|scope:|@(loader|tty|devices|locale))' "$p" && continue
		echo "# $p"
		emit_and_compare "$p"
	done
}

@test "emit-oci: the docker-like policy means the same under libseccomp" {
	need_oracle
	[ -f "$DOCKER_LIKE" ] || skip "no $DOCKER_LIKE beside the checkout"
	emit_and_compare "$DOCKER_LIKE"
}

@test "emit-oci: a stack of policies, files and -e, means what the stack means" {
	need_oracle
	local a=$ROOT/bats/policies/oci/stack-a.policy b=$ROOT/bats/policies/oci/stack-b.policy
	run_split "$SF_RUN" --emit-oci "$T/ab.json" -p "$a" -p "$b"
	expect_status 0
	same_meaning "$T/ab.json" -p "$a" -p "$b"
	run_split "$SF_RUN" --emit-oci "$T/ba.json" -p "$b" -p "$a"
	expect_status 0
	same_meaning "$T/ba.json" -p "$b" -p "$a"
	run_split "$SF_RUN" --emit-oci "$T/e.json" -p "$FORMS" -e 'default: allow' -e 'kill: sig == SIGKILL; errno EPERM'
	expect_status 0
	same_meaning "$T/e.json" -p "$FORMS" -e $'default: allow\nkill: sig == SIGKILL; errno EPERM'
}

@test "emit-oci: at least 100 random policies mean the same under libseccomp; the others are refused with file:line" {
	need_oracle
	local dir=$T/random n accepted=0 refused=0
	mkdir "$dir"
	"$PROGS/policygen-dump" "$dir" 300 6
	for p in "$dir"/random-*.policy; do
		run_split "$SF_RUN" --emit-oci "$p.json" -p "$p"
		if [ "$status" -ne 0 ]; then
			expect_status 125
			# The refusal is the last line (notes and warnings may come first).
			[[ "$(tail -n 1 <<<"$err")" =~ ^sf:\ $p:[0-9]+:\  ]] || {
				echo "refusal without file:line: $err"
				return 1
			}
			refused=$((refused + 1))
			continue
		fi
		same_meaning "$p.json" -p "$p"
		accepted=$((accepted + 1))
	done
	echo "# $accepted accepted, $refused refused" >&3
	[ "$accepted" -ge 100 ]
}

@test "emit-oci: i386 and aarch64 profiles mean the same under libseccomp; i386's multiplexed calls are refused" {
	need_oracle
	local p=$ROOT/bats/policies/oci/portable.policy
	for arch in x86_64 i386 aarch64; do
		echo "# $arch"
		run_split "$SF_RUN" --arch "$arch" --emit-oci "$T/$arch.json" -p "$p"
		expect_status 0
		"$PY" "$OCI/oci-to-bpf.py" "$T/$arch.json"
		run_split "$COMPARE" --arch "$arch" "$T/$arch.json.bpf" "$T/$arch.json.unknown" -p "$p"
		expect_status 0
		expect_in "$out" " 0 differ"
	done
	# libseccomp would add socketcall(SYS_SOCKET), which it cannot check.
	printf 'default: kill-process\nsocket: family == AF_UNIX\n' >"$T/sock.policy"
	run_split "$SF_RUN" --arch i386 --emit-oci "$T/sock.json" -p "$T/sock.policy"
	expect_status 125
	expect_one_sf_line
	expect_in "$err" "sf: $T/sock.policy:2: on i386 libseccomp applies a rule for socket to its multiplexer"
	run_split "$SF_RUN" --arch x86_64 --emit-oci "$T/sock.json" -p "$T/sock.policy"
	expect_status 0
}

@test "emit-oci: the comparison fails for a profile that means something else" {
	need_oracle
	run_split "$SF_RUN" --emit-oci "$T/cat.json" -p "$ROOT/examples/cat.policy"
	expect_status 0
	# write: fd == 1 || fd == 2, made fd == 1 || fd == 3.
	sed 's/"valueTwo": 2,/"valueTwo": 3,/' "$T/cat.json" >"$T/bad.json"
	! cmp -s "$T/cat.json" "$T/bad.json"
	"$PY" "$OCI/oci-to-bpf.py" "$T/bad.json"
	run_split "$COMPARE" "$T/bad.json.bpf" "$T/bad.json.unknown" -p "$ROOT/examples/cat.policy"
	expect_status 1
	expect_in "$out" "differ: arch 0xc000003e nr 1 "
}

@test "emit-oci: the profile's fields: actions one to one, errnoRet, the policy's arch alone" {
	run_split "$SF_RUN" --emit-oci - -e 'default: errno EACCES' -e 'read: 1' -e 'write: kill-process' \
		-e 'getpid: kill-thread' -e 'getuid: trap' -e 'getgid: log' -e 'uname: trace 7' \
		-e 'mkdir: errno EPERM'
	expect_status 0
	expect_in "$out" '"defaultAction": "SCMP_ACT_ERRNO",'
	expect_in "$out" '"defaultErrnoRet": 13,'
	expect_in "$out" '"architectures": ["SCMP_ARCH_X86_64"],'
	for a in ALLOW KILL_PROCESS KILL_THREAD TRAP LOG TRACE; do
		expect_in "$out" "\"action\": \"SCMP_ACT_$a\""
	done
	expect_in "$out" $'"names": ["uname"],\n\t\t\t"action": "SCMP_ACT_TRACE",\n\t\t\t"errnoRet": 7'
	expect_in "$out" $'"names": ["mkdir"],\n\t\t\t"action": "SCMP_ACT_ERRNO",\n\t\t\t"errnoRet": 1'
	# The calls sf allows without a rule are in the profile.
	expect_in "$out" '"exit_group"'
	expect_in "$out" '"rt_sigreturn"'
	run_split "$SF_RUN" --emit-oci - --arch aarch64 -e 'default: kill' -e 'read: 1'
	expect_status 0
	expect_in "$out" '"architectures": ["SCMP_ARCH_AARCH64"],'
}

@test "emit-oci: what a profile cannot say is refused with file:line, exit 125" {
	# A number without a name.
	printf 'default: kill-process\n1000: allow\n' >"$T/nr.policy"
	run_split "$SF_RUN" --emit-oci "$T/out.json" -p "$T/nr.policy"
	expect_status 125
	expect_one_sf_line
	expect_in "$err" "sf: $T/nr.policy:2: syscall number 1000 has no name"
	[ ! -e "$T/out.json" ]
	# default-unknown apart from the default.
	printf 'default: kill-process\ndefault-unknown: errno ENOSYS\nread: 1\n' >"$T/unk.policy"
	run_split "$SF_RUN" --emit-oci "$T/out.json" -p "$T/unk.policy"
	expect_status 125
	expect_in "$err" "sf: $T/unk.policy:2: default-unknown differs from the default"
	# Too many entries: the product of two 64-bit orderings and a !=.
	printf 'default: kill-process\nread: count != 7 && buf > 0x1000 || fd == 3\n' >"$T/big.policy"
	run_split "$SF_RUN" --emit-oci "$T/out.json" -p "$T/big.policy"
	expect_status 125
	expect_one_sf_line
	expect_in "$err" "sf: $T/big.policy:2: read needs more than 1024 entries in an OCI profile"
	[ ! -e "$T/out.json" ]
	# A number whose answer is the default anyway is no reason to refuse.
	printf 'default: kill-process\n1000: kill-process\nread: 1\n' >"$T/same.policy"
	run_split "$SF_RUN" --emit-oci "$T/out.json" -p "$T/same.policy"
	expect_status 0
}

@test "emit-oci --approximate: a call that cannot be written gets its most severe answer, never a milder one" {
	need_oracle
	printf 'default: errno EPERM\nread: count != 7 && buf > 0x1000 || fd == 3; kill-process\nwrite: fd == 1\n' >"$T/big.policy"
	run_split "$SF_RUN" --emit-oci "$T/big.json" --approximate -p "$T/big.policy"
	expect_status 0
	expect_in "$err" "sf: warning: $T/big.policy:2: read cannot be written exactly (more than 1024 entries): approximated as kill-process for every call"
	"$PY" "$OCI/oci-to-bpf.py" "$T/big.json"
	# Stricter where approximated, the same elsewhere.
	run_split "$COMPARE" --stricter 1 "$T/big.json.bpf" "$T/big.json.unknown" -p "$T/big.policy"
	expect_status 0
	expect_in "$out" " 0 differ"
	[[ "$out" != *" 0 stricter"* ]]
	run_split "$COMPARE" "$T/big.json.bpf" "$T/big.json.unknown" -p "$T/big.policy"
	expect_status 1
	run_split "$SF_RUN" --emit-systemd - --approximate -p "$T/big.policy"
	expect_status 125
	expect_in "$err" "--approximate goes with --emit-oci or --emit-k8s"
}

@test "emit-oci: options: one output, no PROGRAM, not with --permissive" {
	run_split "$SF_RUN" --emit-oci a.json --emit-k8s b.yaml -e 'read: 1'
	expect_status 125
	expect_in "$err" "exclude each other"
	run_split "$SF_RUN" --emit-oci a.json -e 'read: 1' -- true
	expect_status 125
	expect_in "$err" "takes no PROGRAM"
	run_split "$SF_RUN" --emit-oci "$T/nodir/a.json" -e 'read: 1'
	expect_status 125
	expect_one_sf_line
	run_split "$SF_RUN" --emit-oci a.json --permissive -e 'read: 1'
	expect_status 125
	expect_in "$err" "--permissive goes with running a program"
}

@test "emit-k8s: a SeccompProfile object with the profile's fields" {
	run_split "$SF_RUN" --emit-k8s "$T/cat-profile.yaml" -p "$ROOT/examples/cat.policy"
	expect_status 0
	out=$(cat "$T/cat-profile.yaml")
	expect_in "$out" $'apiVersion: security-profiles-operator.x-k8s.io/v1beta1\nkind: SeccompProfile\nmetadata:\n  name: cat-profile\nspec:\n  defaultAction: SCMP_ACT_KILL_PROCESS\n  architectures:\n  - SCMP_ARCH_X86_64\n  syscalls:\n'
	expect_in "$out" $'  - action: SCMP_ACT_ALLOW\n    names:\n    - write\n    args:\n    - index: 0\n      value: 4294967295\n      valueTwo: 1\n      op: SCMP_CMP_MASKED_EQ\n'
	# The object has no defaultErrnoRet: only EPERM can be the default errno.
	printf 'default: errno EACCES\nread: 1\n' >"$T/eacces.policy"
	run_split "$SF_RUN" --emit-k8s "$T/x.yaml" -p "$T/eacces.policy"
	expect_status 125
	expect_one_sf_line
	expect_in "$err" "sf: $T/eacces.policy:1: a SeccompProfile object has no defaultErrnoRet"
}

@test "emit-systemd: allow-lists, deny-lists, and refusals with file:line" {
	run_split "$SF_RUN" --emit-systemd - -e 'default: errno EPERM' -e '@system-service: 1'
	expect_status 0
	expect_in "$out" $'SystemCallArchitectures=native\nSystemCallFilter='
	expect_in "$out" 'SystemCallFilter=read write '
	expect_in "$out" $'\nSystemCallErrorNumber=1'
	expect_not_in "$out" '~'
	run_split "$SF_RUN" --emit-systemd - -e 'default: allow' -e 'mkdir, rmdir: errno EACCES'
	expect_status 0
	expect_in "$out" $'SystemCallFilter=~mkdir rmdir\nSystemCallErrorNumber=13'
	run_split "$SF_RUN" --emit-systemd - -e 'default: allow' -e 'ptrace: kill-process'
	expect_status 0
	expect_in "$out" 'SystemCallFilter=~ptrace'
	expect_not_in "$out" 'SystemCallErrorNumber'
	# Arguments.
	run_split "$SF_RUN" --emit-systemd - -p "$ROOT/examples/cat.policy"
	expect_status 125
	expect_one_sf_line
	expect_in "$err" "sf: $ROOT/examples/cat.policy:8: write compares its arguments"
	# Two errnos.
	printf 'default: allow\nmkdir: errno EACCES\nrmdir: errno EPERM\n' >"$T/two.policy"
	run_split "$SF_RUN" --emit-systemd - -p "$T/two.policy"
	expect_status 125
	expect_in "$err" "sf: $T/two.policy:3: rmdir is answered otherwise"
	# Only kill-process and errno.
	printf 'default: allow\nptrace: trap\n' >"$T/trap.policy"
	run_split "$SF_RUN" --emit-systemd - -p "$T/trap.policy"
	expect_status 125
	expect_one_sf_line
	expect_in "$err" "sf: $T/trap.policy:2: systemd denies with kill-process or an errno, not trap"
	printf 'default: log\nread: 1\n' >"$T/log.policy"
	run_split "$SF_RUN" --emit-systemd - -p "$T/log.policy"
	expect_status 125
	expect_in "$err" "sf: $T/log.policy:1: systemd denies with kill-process or an errno, not log"
	# An allow-list cannot deny what systemd always allows.
	printf 'default: kill-process\nread: 1\n' >"$T/few.policy"
	run_split "$SF_RUN" --emit-systemd - -p "$T/few.policy"
	expect_status 125
	expect_in "$err" "but systemd always allows it"
}

@test "round trip: a profile read, written back and read again means the same at every step" {
	need_oracle
	for a in "$OCI"/*.json; do
		local name
		name=$(basename "$a" .json)
		echo "# $name"
		# sf's reading of the profile, as a raw filter
		run_split "$SF_RUN" --emit-bpf "$T/$name.a.bpf" -p "$a"
		expect_status 0
		: >"$T/none"
		# written back ...
		run_split "$SF_RUN" --emit-oci "$T/$name.b.json" -p "$a"
		expect_status 0
		# ... and read again: the same filter as the first reading
		run_split "$COMPARE" "$T/$name.a.bpf" "$T/none" -p "$T/$name.b.json"
		expect_status 0
		expect_in "$out" " 0 differ"
		# libseccomp building the written profile agrees with the first reading
		same_meaning "$T/$name.b.json" -p "$a"
	done
}

@test "emit-oci: a policy with path or port rules is refused, since a profile would drop them" {
	printf 'default: allow\npath /usr: read\n' >"$T/p.policy"
	run_split "$SF_RUN" --emit-oci "$T/p.json" -p "$T/p.policy"
	expect_status 125
	expect_in "$err" "p.policy:2:6: error: a seccomp profile cannot hold path rules"
	[ ! -e "$T/p.json" ]
	printf 'default: allow\nconnect tcp: 443\n' >"$T/c.policy"
	run_split "$SF_RUN" --emit-systemd "$T/c.conf" -p "$T/c.policy"
	expect_status 125
	expect_in "$err" "c.policy:2: error: a seccomp profile cannot hold port rules"
}
