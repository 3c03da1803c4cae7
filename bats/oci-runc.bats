#!/usr/bin/env bats
# A profile from sf-run --emit-oci under a real OCI runtime: runc runs a
# static busybox in a rootfs built here, with the profile as the
# container's linux.seccomp. (crun is not used: on hosts with cgroups in
# hybrid mode it refuses to run any container.)
load helpers

BUSYBOX=/bin/busybox

# bundle DIR PROFILE SCRIPT: a bundle whose process runs `sh -c SCRIPT`
# under PROFILE (none when PROFILE is empty).
bundle() {
	local dir=$1 profile=$2 script=$3
	mkdir -p "$dir/rootfs/bin"
	cp "$BUSYBOX" "$dir/rootfs/bin/busybox"
	ln -sf busybox "$dir/rootfs/bin/sh"
	(cd "$dir" && runc spec)
	python3 - "$dir/config.json" "$profile" "$script" <<'EOF'
import json, sys
path, profile, script = sys.argv[1:]
c = json.load(open(path))
c["process"]["terminal"] = False
c["process"]["args"] = ["/bin/sh", "-c", script]
c["root"]["readonly"] = False
if profile:
    c["linux"]["seccomp"] = json.load(open(profile))
json.dump(c, open(path, "w"), indent=1)
EOF
}

# in_container NAME DIR: runs the bundle; output in $out, status in $status.
in_container() {
	set +e
	out=$(cd "$2" && timeout 60 runc run --bundle "$2" "sf-test-$1-$$" </dev/null 2>&1)
	status=$?
	set -e
	runc delete --force "sf-test-$1-$$" >/dev/null 2>&1 || true
}

need_runc() {
	[ "$(id -u)" -eq 0 ] || skip "runc runs containers as root here"
	command -v runc >/dev/null || skip "no runc (tests/deps.sh installs it)"
	[ -x "$BUSYBOX" ] || skip "no $BUSYBOX (apt-get install busybox-static; tests/deps.sh does)"
	bundle "$T/probe" "" "echo probe"
	in_container probe "$T/probe"
	[ "$status" -eq 0 ] && [ "$out" = probe ] ||
		skip "runc cannot run a container on this machine: $out"
}

@test "runc: an emitted profile denies with errno and kills as the policy says, and allows the rest" {
	need_runc
	# syslog, not a call runc's own init makes between loading the
	# filter and exec (uname is one).
	printf '%s\n' 'default: allow' 'mkdir, mkdirat: errno EPERM' 'syslog: kill-process' >"$T/p.policy"
	"$SF_RUN" --emit-oci "$T/profile.json" -p "$T/p.policy"
	local script='mkdir /x; echo "mkdir status $?"; echo allowed >/y && cat /y; /bin/busybox dmesg >/dev/null; echo "dmesg status $?"'
	bundle "$T/c" "$T/profile.json" "$script"
	in_container errno "$T/c"
	echo "$out"
	expect_status 0
	expect_in "$out" "mkdir: can't create directory '/x': Operation not permitted"
	expect_in "$out" "mkdir status 1"
	expect_in "$out" "allowed"
	# Killed by SIGSYS: the shell sees 128 + 31.
	expect_in "$out" "dmesg status 159"
	[ ! -e "$T/c/rootfs/x" ]
	# The same commands without the profile: mkdir works, dmesg is not
	# killed (it fails for want of CAP_SYSLOG).
	bundle "$T/open" "" "$script"
	in_container open "$T/open"
	expect_in "$out" "mkdir status 0"
	expect_in "$out" "dmesg status"
	expect_not_in "$out" "dmesg status 159"
}

@test "runc: a profile with an argument condition allows and denies by the argument" {
	need_runc
	printf '%s\n' 'default: allow' 'kill: sig != SIGUSR1; errno EPERM' >"$T/p.policy"
	"$SF_RUN" --emit-oci "$T/profile.json" -p "$T/p.policy"
	bundle "$T/c" "$T/profile.json" '/bin/busybox sleep 100 & /bin/busybox kill -USR1 $!; echo "usr1 status $?"; /bin/busybox kill -TERM $!; echo "term status $?"'
	in_container kill "$T/c"
	echo "$out"
	expect_status 0
	expect_in "$out" "Operation not permitted"
	expect_in "$out" "usr1 status 1"
	expect_in "$out" "term status 0"
}
