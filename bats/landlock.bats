#!/usr/bin/env bats
# Path, port and scope rules (Landlock) on the real kernel: each access
# the probe (tests/progs/fsprobe.c) tries is let through or fails with
# EACCES as the rules say, built with glibc and musl, under sf-run and the
# bare shim, and static under sf-run --early.
load helpers

# The file's setup() runs helpers.bash's first.
eval "$(declare -f setup | sed '1s/^setup/helpers_setup/')"

MUSL_SHIM=$B/musl/libsf.so
FSPROBE=$PROGS/fsprobe
WAYS="glibc:sf-run musl:sf-run glibc:shim musl:shim static:early"

setup() {
	helpers_setup
	[ -x "$FSPROBE" ] && [ -x "$PROGS/musl/fsprobe" ] || skip "build first: make test-programs"
	[ -z "$("$SF_RUN" -e 'default: allow' -e 'path /: read' -- /bin/true 2>&1)" ] ||
		skip "no Landlock on this kernel"
	D=$T/data
	mkdir -p "$D/ok" "$D/no" "$D/a" "$D/b"
	echo yes >"$D/ok/f"
	echo secret >"$D/no/f"
}

# llpolicy NAME LINE...: $T/NAME.policy, syscalls allowed, with LINEs.
llpolicy() {
	local name=$1
	shift
	{
		echo 'default: allow'
		printf '%s\n' "$@"
	} >"$T/$name.policy"
}

# way_run WAY POLICY ARG...: the probe under POLICY, the way WAY says.
way_run() {
	local way=$1 pol=$2
	shift 2
	case $way in
	glibc:sf-run) run_split "$SF_RUN" -p "$pol" -- "$FSPROBE" "$@" ;;
	musl:sf-run) run_split "$SF_RUN" -p "$pol" -- "$PROGS/musl/fsprobe" "$@" ;;
	glibc:shim) run_split env LD_PRELOAD="$SHIM" SF_POLICY="$pol" "$FSPROBE" "$@" ;;
	musl:shim) run_split env LD_PRELOAD="$MUSL_SHIM" SF_POLICY="$pol" "$PROGS/musl/fsprobe" "$@" ;;
	static:early) run_split "$SF_RUN" --early -p "$pol" -- "$PROGS/fsprobe-static" "$@" ;;
	esac
}

expect_out() {
	expect_in "$out" "$1" || {
		echo "way: $way"
		return 1
	}
}

@test "read: a granted file opens, everything else is EACCES" {
	llpolicy p "path $D/ok: read"
	for way in $WAYS; do
		way_run $way "$T/p.policy" read "$D/ok/f" read "$D/no/f" read /etc/passwd
		expect_status 0
		expect_out "read: ok"$'\n'"read: errno EACCES"$'\n'"read: errno EACCES"
	done
}

@test "write, append and truncate need write; read alone does not give them" {
	llpolicy p "path $D/ok: read" "path $D/a: read write"
	echo x >"$D/a/f"
	for way in $WAYS; do
		way_run $way "$T/p.policy" write "$D/ok/f" append "$D/ok/f" trunc "$D/ok/f" \
			write "$D/a/f" append "$D/a/f" trunc "$D/a/f"
		expect_status 0
		expect_out "write: errno EACCES"$'\n'"append: errno EACCES"$'\n'"trunc: errno EACCES"
		expect_out "write: ok"$'\n'"append: ok"$'\n'"trunc: ok"
	done
	[ "$(cat "$D/ok/f")" = yes ]
}

@test "create and remove need their rights on the directory" {
	# a file created for writing is opened for writing: write too
	llpolicy p "path $D/ok: read write" "path $D/a: read write create remove"
	for way in $WAYS; do
		way_run $way "$T/p.policy" create "$D/ok/new" mkdir "$D/ok/d" create "$D/a/new" \
			mkdir "$D/a/d" unlink "$D/ok/f" unlink "$D/a/new" rmdir "$D/a/d"
		expect_status 0
		expect_out "create: errno EACCES"$'\n'"mkdir: errno EACCES"$'\n'"create: ok"$'\n'"mkdir: ok"
		expect_out "unlink: errno EACCES"$'\n'"unlink: ok"$'\n'"rmdir: ok"
	done
	[ -f "$D/ok/f" ]
}

@test "rename across directories needs refer on both; within one, create and remove" {
	llpolicy p "path $D/a, $D/b: read create remove"
	llpolicy r "path $D/a, $D/b: read create remove refer"
	for way in $WAYS; do
		echo 1 >"$D/a/x"
		way_run $way "$T/p.policy" rename "$D/a/x" "$D/b/x" rename "$D/a/x" "$D/a/y"
		expect_status 0
		expect_out "rename: errno EXDEV"$'\n'"rename: ok"
		way_run $way "$T/r.policy" rename "$D/a/y" "$D/b/y"
		expect_out "rename: ok"
		[ -f "$D/b/y" ] && rm -f "$D/b/y"
	done
}

@test "execute: a program without it cannot be run; nested exec keeps the rules" {
	mkdir "$D/bin"
	cp "$FSPROBE" "$D/bin/fsprobe"
	cp "$FSPROBE" "$D/ok/fsprobe"
	llpolicy p @loader "path $D/bin: read execute" "path $D/ok: read"
	for way in glibc:sf-run glibc:shim musl:sf-run static:early; do
		way_run $way "$T/p.policy" exec "$D/ok/fsprobe" read "$D/ok/f"
		expect_out "exec: errno EACCES"
		way_run $way "$T/p.policy" exec "$D/bin/fsprobe" read "$D/ok/f" read "$D/no/f"
		expect_status 0
		expect_out "read: ok"$'\n'"read: errno EACCES"
	done
}

@test "no escape through symlinks, '..', hard links made inside, or /proc/self/fd" {
	ln -s "$D/no/f" "$D/ok/link"
	llpolicy p "path $D/ok: read" "path $D/a: read write create remove"
	for way in $WAYS; do
		rm -f "$D/a/hard" "$D/a/sym"
		way_run $way "$T/p.policy" read "$D/ok/link" read "$D/ok/../no/f" \
			link "$D/no/f" "$D/a/hard" symlink "$D/no/f" "$D/a/sym" read "$D/a/sym" \
			readfd "$D/ok/f"
		expect_status 0
		expect_out "read: errno EACCES"$'\n'"read: errno EACCES"
		expect_out "link: errno EXDEV"
		# the symlink is made, but reads through it are checked at its target
		expect_out "symlink: ok"$'\n'"read: errno EACCES"
		expect_out "readfd: errno EACCES"
	done
}

@test "a hard link made before the rules reads as its granted path (rules are by path)" {
	ln "$D/no/f" "$D/ok/hard"
	llpolicy p "path $D/ok: read"
	way_run glibc:sf-run "$T/p.policy" read "$D/ok/hard" read "$D/no/f"
	expect_out "read: ok"$'\n'"read: errno EACCES"
}

@test "a path given relatively is relative to where the program starts" {
	llpolicy p "path data/ok: read"
	cd "$T"
	for way in $WAYS; do
		way_run $way "$T/p.policy" read "$D/ok/f" read "$D/no/f"
		expect_out "read: ok"$'\n'"read: errno EACCES"
	done
}

@test "connect and bind to 127.0.0.1: granted ports pass, others are EACCES" {
	llpolicy p "connect tcp: 1" "bind tcp: 47123"
	for way in $WAYS; do
		way_run $way "$T/p.policy" connect 1 connect 2 bind 47123 bind 47124
		expect_status 0
		# nothing listens on port 1: refused by the peer, not by Landlock
		expect_out "connect: errno ECONNREFUSED"$'\n'"connect: errno EACCES"
		expect_out "bind: ok"$'\n'"bind: errno EACCES"
	done
}

@test "no port rule restricts no port; no path rule restricts no file" {
	llpolicy p "scope: abstract-unix"
	for way in $WAYS; do
		way_run $way "$T/p.policy" connect 1 bind 47125 read "$D/no/f"
		expect_out "connect: errno ECONNREFUSED"$'\n'"bind: ok"$'\n'"read: ok"
	done
}

@test "scope signal: no signal to a process outside the domain" {
	sleep 30 &
	local victim=$!
	llpolicy p "scope: signal"
	llpolicy q "path /: read"
	for way in $WAYS; do
		way_run $way "$T/p.policy" kill $victim
		expect_out "kill: errno EPERM"
		way_run $way "$T/q.policy" kill $victim
		expect_out "kill: ok"
	done
	kill $victim
}

@test "code before the entry point cannot read what the policy and the loader do not need" {
	llpolicy p "path $D/ok: read" "path $PROGS/libfsctor.so: read execute"
	FSCTOR=read:$D/no/f run_split "$SF_RUN" -p "$T/p.policy" -- "$PROGS/fsprobe-ctor" read "$D/no/f"
	expect_in "$out" "fsctor read: denied"$'\n'"read: errno EACCES"
	# the loader's directories are granted until the entry point only
	FSCTOR=read:/usr/lib/os-release run_split "$SF_RUN" -p "$T/p.policy" -- \
		"$PROGS/fsprobe-ctor" read /usr/lib/os-release
	expect_in "$out" "read: errno EACCES"
}

@test "a constructor's filter that fakes Landlock's calls gets the program stopped" {
	llpolicy p "path $D/ok: read" "path $PROGS/libfsctor.so: read execute"
	FSCTOR=fake run_split "$SF_RUN" -p "$T/p.policy" -- "$PROGS/fsprobe-ctor" read "$D/no/f"
	expect_status 125
	expect_in "$out" "fsctor fake: ok"
	expect_not_in "$out" "read:"
	expect_in "$err" "installed a seccomp filter of its own"
}

@test "a thread started before the entry point (or before main) gets the program stopped" {
	llpolicy p "path $D/ok: read" "path $PROGS/libfsctor.so: read execute"
	FSCTOR=thread FSCTOR_PATH=$D/no/f run_split "$SF_RUN" -p "$T/p.policy" -- \
		"$PROGS/fsprobe-ctor" read "$D/no/f"
	expect_status 125
	expect_in "$err" "started a thread"
	expect_not_in "$out" "fsctor thread read: ok"
	FSCTOR=thread FSCTOR_PATH=$D/no/f run_split env LD_PRELOAD="$SHIM" SF_POLICY="$T/p.policy" \
		"$PROGS/fsprobe-ctor" read "$D/no/f"
	expect_status 125
	expect_in "$err" "one thread"
}

@test "a constructor's chdir does not move the policy's relative paths" {
	llpolicy p "path data/ok: read" "path $PROGS/libfsctor.so: read execute"
	cd "$T"
	FSCTOR=chdir:$D/no run_split "$SF_RUN" -p "$T/p.policy" -- "$PROGS/fsprobe-ctor" \
		read "$D/ok/f" read f
	expect_in "$out" "fsctor chdir: ok"
	expect_in "$out" "read: ok"$'\n'"read: errno EACCES"
}

@test "an older kernel's missing rights: a warning each, or 125 with landlock: strict" {
	llpolicy p "path $D/ok: read" "connect tcp: 1"
	SF_LANDLOCK_ABI=3 run_split "$SF_RUN" -p "$T/p.policy" -- "$FSPROBE" read "$D/no/f" connect 2
	expect_status 0
	expect_in "$err" "sf: warning: this kernel's Landlock (ABI 3) cannot enforce TCP port rules"
	expect_in "$err" "cannot enforce the right 'ioctl'"
	expect_in "$out" "read: errno EACCES"$'\n'"connect: errno ECONNREFUSED"
	SF_LANDLOCK_ABI=3 run_split "$SF_RUN" --landlock-strict -p "$T/p.policy" -- "$FSPROBE" read "$D/ok/f"
	expect_status 125
	expect_one_sf_line
	expect_in "$err" "cannot enforce TCP port rules"
	[ -z "$out" ]
	llpolicy s "landlock: strict" "path $D/ok: read"
	SF_LANDLOCK_ABI=4 run_split env LD_PRELOAD="$SHIM" SF_POLICY="$T/s.policy" "$FSPROBE" read "$D/ok/f"
	expect_status 125
	expect_in "$err" "landlock: strict"
	[ -z "$out" ]
}

@test "sf_restrict takes path rules: access only shrinks" {
	run_split "$PROGS/restrict" - "path $D/ok: read" "read:$D/ok/f" "read:$D/no/f"
	expect_in "$out" "restrict: ok"$'\n'"read: ok"$'\n'"read: denied"
	run_split "$PROGS/restrict-static" - "path $D/ok: read"$'\n'"path $D/no: read" "read:$D/no/f"
	expect_in "$out" "read: ok"
}

@test "--permissive says the path rules are not enforced" {
	llpolicy p "path $D/ok: read"
	run_split "$SF_RUN" --permissive -p "$T/p.policy" -- "$FSPROBE" read "$D/no/f"
	expect_in "$err" "path, port and scope rules are not enforced"
	expect_in "$out" "read: ok"
}

@test "a bad path rule stops the program before it runs: file:line:col, 125" {
	llpolicy p "path $D/ok: raed"
	run_split "$SF_RUN" -p "$T/p.policy" -- "$FSPROBE" read "$D/ok/f"
	expect_status 125
	expect_in "$err" "p.policy:2:"
	expect_in "$err" "unknown right 'raed'"
	[ -z "$out" ]
	run_split env LD_PRELOAD="$SHIM" SF_POLICY="$T/p.policy" "$FSPROBE" read "$D/ok/f"
	expect_status 125
	expect_in "$err" "unknown right 'raed'"
	[ -z "$out" ]
}

@test "a rule the kernel refuses stops the program before it runs: under sf-run and the shim" {
	# An nsfs inode takes no Landlock rule (EBADFD): sf-run's child meets
	# it while it fills the rulesets, beside sf-run's loader search.
	llpolicy p "path /proc/self/ns/net: read" @loader
	run_split "$SF_RUN" -p "$T/p.policy" -- /bin/sh -c "echo ran >$T/ran"
	expect_status 125
	expect_in "$err" "cannot add the path rule for /proc/self/ns/net"
	[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ]
	[ ! -e "$T/ran" ]
	run_split env LD_PRELOAD="$SHIM" SF_POLICY="$T/p.policy" /bin/sh -c "echo ran >$T/ran"
	expect_status 125
	expect_in "$err" "cannot add the path rule for /proc/self/ns/net"
	[ ! -e "$T/ran" ]
}

@test "--check warns about paths that are not there and rights a file cannot take" {
	llpolicy p "path $D/nonesuch: read" "path $D/ok/f: read create" @loader
	run_split "$SF_RUN" --check -p "$T/p.policy"
	expect_status 0
	expect_in "$err" "p.policy:2:6: '$D/nonesuch' does not exist"
	expect_in "$err" "p.policy:3:6: '$D/ok/f' is not a directory: 'create' grants nothing on it"
	# a group's paths that this system lacks are expected
	expect_not_in "$err" "/usr/local/lib"
}

@test "--groups lists the path groups and their rules" {
	run_split "$SF_RUN" --groups
	expect_in "$out" "@loader "
	run_split "$SF_RUN" --groups @loader
	expect_status 0
	expect_in "$out" "path /lib: read execute"
}

@test "bind mounts: a granted directory is granted at its other place, a mount inside it is granted" {
	mkdir "$D/mnt" "$D/ok/sub"
	mount --bind "$D/ok" "$D/mnt" 2>/dev/null || skip "cannot bind-mount here (needs root)"
	mount --bind "$D/no" "$D/ok/sub" || { umount "$D/mnt"; false; }
	llpolicy p "path $D/ok: read"
	way_run glibc:sf-run "$T/p.policy" read "$D/mnt/f" read "$D/ok/sub/f" read "$D/no/f"
	umount "$D/mnt" "$D/ok/sub"
	expect_out "read: ok"$'\n'"read: ok"$'\n'"read: errno EACCES"
}

@test "--why names the path or port and the right a denial lacked" {
	llpolicy p "path $D/ok: read" "path $D/a, $D/b: read create remove" "connect tcp: 1"
	echo 1 >"$D/a/x"
	cd "$D"
	for libc in glibc musl; do
		prog=$FSPROBE
		[ $libc = musl ] && prog=$PROGS/musl/fsprobe
		run_split "$SF_RUN" --why -p "$T/p.policy" -- "$prog" read no/f read ok/f write ok/f \
			create "$D/new" rename a/x b/x connect 2 connect 1
		expect_status 0
		expect_in "$out" "read: errno EACCES"$'\n'"read: ok"
		expect_in "$err" "]: why: open"
		expect_in "$err" " \"no/f\" failed with EACCES: no path rule of $T/p.policy grants read on $D/no/f"
		expect_in "$err" "grants write on $D/ok/f"
		expect_in "$err" "grants create on $D"$'\n'
		expect_in "$err" "]: why: rename \"a/x\" failed with EXDEV: no path rule of $T/p.policy grants refer on $D/a"
		expect_in "$err" "]: why: connect to TCP port 2 failed with EACCES: $T/p.policy has no 'connect tcp: 2'"
		expect_not_in "$err" "port 1"
		[ "$(grep -c 'why:' <<<"$err")" -eq 5 ]
		# openat2 keeps its flags in memory
		run_split "$SF_RUN" --why -p "$T/p.policy" -- "$prog" read2 no/f write2 ok/f read2 ok/f
		expect_status 0
		expect_in "$out" "read2: errno EACCES"$'\n'"write2: errno EACCES"$'\n'"read2: ok"
		expect_in "$err" "]: why: openat2 \"no/f\" failed with EACCES: no path rule of $T/p.policy grants read on $D/no/f"
		expect_in "$err" "]: why: openat2 \"ok/f\" failed with EACCES: no path rule of $T/p.policy grants write on $D/ok/f"
	done
	# a denial of the file's own permissions is not Landlock's: nothing said
	chmod 000 "$D/ok/f"
	llpolicy q "path $D: read"
	run_split "$SF_RUN" --why -p "$T/q.policy" -- "$FSPROBE" read "$D/ok/f"
	[ "$(id -u)" -eq 0 ] || expect_in "$out" "read: errno EACCES"
	expect_not_in "$err" "why:"
}

@test "--test answers for a path and rights, or a port, as the rules do" {
	llpolicy p "path $D/ok: read" "path $D/a: read write create" "connect tcp: 443"
	run_split "$SF_RUN" --test "open $D/ok/f read" -p "$T/p.policy"
	expect_status 0
	[ "$out" = allow ]
	run_split "$SF_RUN" --test "open $D/ok/../no/f read" -p "$T/p.policy"
	[ "$out" = "errno EACCES  # by $T/p.policy: no path rule grants read on $D/no/f" ]
	run_split "$SF_RUN" --test "open $D/ok/f read write" -p "$T/p.policy"
	expect_in "$out" "no path rule grants write on $D/ok/f"
	run_split "$SF_RUN" --test "open $D/a/new create" -p "$T/p.policy"
	[ "$out" = allow ]
	run_split "$SF_RUN" --test "open $D/ok/new create" -p "$T/p.policy"
	expect_in "$out" "grants create on $D/ok"
	run_split "$SF_RUN" --test "connect 443" -p "$T/p.policy"
	[ "$out" = allow ]
	run_split "$SF_RUN" --test "connect 80" -p "$T/p.policy"
	[ "$out" = "errno EACCES  # by $T/p.policy: no 'connect tcp: 80'" ]
	run_split "$SF_RUN" --test "bind 80" -p "$T/p.policy"
	expect_in "$out" "no 'bind tcp: 80'"
	run_split "$SF_RUN" --test "open /etc/passwd read" -e 'default: allow'
	expect_in "$out" "allow  # no path rule"
	run_split "$SF_RUN" --test "open /etc/passwd raed" -p "$T/p.policy"
	expect_status 125
	expect_in "$err" "unknown right 'raed'"
}

@test "no Landlock at all: a warning, or 125 when strict; no descriptor is left to the program" {
	llpolicy p "path $D/ok: read"
	SF_LANDLOCK_ABI=0 run_split "$SF_RUN" -p "$T/p.policy" -- "$FSPROBE" read "$D/no/f"
	expect_status 0
	expect_in "$err" "sf: warning: this kernel has no Landlock: path, port and scope rules are not enforced"
	expect_in "$out" "read: ok"
	SF_LANDLOCK_ABI=0 run_split env LD_PRELOAD="$SHIM" SF_POLICY="$T/p.policy" "$FSPROBE" read "$D/no/f"
	expect_in "$err" "this kernel has no Landlock"
	SF_LANDLOCK_ABI=0 run_split "$SF_RUN" --landlock-strict -p "$T/p.policy" -- "$FSPROBE" read "$D/no/f"
	expect_status 125
	[ -z "$out" ]
	llpolicy all "path /: read execute"
	run_split "$SF_RUN" -p "$T/all.policy" -- /bin/ls -l /proc/self/fd/
	expect_not_in "$out" "anon_inode:landlock"
}

@test "a constructor that swaps a granted path for a symlink does not move the rule" {
	# The widened rules of the loader's directories are in force forever,
	# the exact ones narrow them: a rule moved onto /usr/lib would keep
	# /usr/lib readable after the entry point.
	mkdir "$D/a/cfg"
	llpolicy p "path $D/a: write create remove" "path $D/a/cfg: read" \
		"path $PROGS/libfsctor.so: read execute"
	FSCTOR=swap:$D/a/cfg:/usr/lib run_split "$SF_RUN" -p "$T/p.policy" -- \
		"$PROGS/fsprobe-ctor" read /usr/lib/os-release read "$D/a/cfg/os-release"
	expect_in "$out" "fsctor swap: ok"
	expect_in "$out" "read: errno EACCES"$'\n'"read: errno EACCES"
}

@test "a policy that grants what the loader needs is exact from exec on" {
	llpolicy p @loader "path $PROGS: read execute" "path $D/ok: read"
	for way in glibc:sf-run musl:sf-run static:early; do
		way_run $way "$T/p.policy" read "$D/ok/f" read "$D/no/f" read /etc/passwd
		expect_status 0
		expect_out "read: ok"$'\n'"read: errno EACCES"$'\n'"read: errno EACCES"
	done
	# code before the entry point is under the exact rules already
	FSCTOR=read:$D/no/f run_split "$SF_RUN" -p "$T/p.policy" -- "$PROGS/fsprobe-ctor" read "$D/ok/f"
	expect_in "$out" "fsctor read: denied"$'\n'"read: ok"
}

@test "rules that deny exec the program itself: exec'd under widened rules, exact from the entry point" {
	# The exact rules deny execve the program (no rule for its
	# directory): sf-run's first child is refused by the kernel, and a
	# second runs the program under rules widened by exactly the files
	# exec and the loader need; at the entry point the exact rules go
	# in, and the program file is out of reach again.
	llpolicy p @loader "path $D/ok: read"
	for way in glibc:sf-run musl:sf-run; do
		way_run $way "$T/p.policy" read "$D/ok/f" read "$D/no/f" read "$FSPROBE"
		expect_status 0
		expect_out "read: ok"$'\n'"read: errno EACCES"$'\n'"read: errno EACCES"
	done
	# a file that cannot be executed at all is still said so, once
	chmod -x "$D/ok/f"
	run_split "$SF_RUN" -p "$T/p.policy" -- "$D/ok/f"
	expect_status 126
	expect_in "$err" "Permission denied"
	[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ]
}

@test "rules that reach the loader's files through a symlink grant them: exact from exec on" {
	# Landlock ties a rule to the inode its path opens, and so does
	# sf-run's check of whether the rules grant what the loader needs: a
	# rule through a symlink to / grants /usr as one on /usr would.
	# Were the rules widened, the thread a constructor starts before the
	# entry point would stop the program (125).
	ln -s / "$D/root"
	llpolicy p "path $D/root/usr, $D/root/lib, $D/root/lib64, $D/root/etc: read execute" \
		"path $PROGS: read execute" "path $D/ok: read"
	FSCTOR=thread FSCTOR_PATH=$D/no/f run_split "$SF_RUN" -p "$T/p.policy" -- \
		"$PROGS/fsprobe-ctor" read "$D/ok/f" read "$D/no/f" sleep 2
	expect_status 0
	expect_in "$out" "fsctor thread read: denied"
	expect_in "$out" "read: ok"$'\n'"read: errno EACCES"
	# without the libraries' directories the rules are widened
	llpolicy q "path $D/root/etc: read execute" "path $PROGS: read execute" "path $D/ok: read"
	FSCTOR=thread FSCTOR_PATH=$D/no/f run_split "$SF_RUN" -p "$T/q.policy" -- \
		"$PROGS/fsprobe-ctor" read "$D/ok/f"
	expect_status 125
	expect_in "$err" "started a thread"
}

@test "--explain writes the path rules back; --diff names the ones only one side has" {
	llpolicy a "path \"$D/my dir\", $D/ok: read" "connect tcp: 443" "scope: signal"
	llpolicy b "path \"$D/my dir\": read" "path $D/ok: read write" "connect tcp: 443"
	run_split "$SF_RUN" --explain -p "$T/a.policy"
	expect_status 0
	expect_in "$out" "# path, port and scope rules (Landlock, not in the filter):"$'\n'"path \"$D/my dir\": read"$'\n'"path $D/ok: read"$'\n'"connect tcp: 443"$'\n'"scope: signal"
	run_split "$SF_RUN" --diff "$T/a.policy" "$T/b.policy"
	expect_status 1
	expect_in "$out" "# 0 syscalls differ"
	expect_in "$out" "path $D/ok: read: only in A"
	expect_in "$out" "path $D/ok: read write: only in B"
	expect_in "$out" "scope: signal: only in A"
	expect_in "$out" "# 3 path, port or scope rules differ"
	run_split "$SF_RUN" --diff "$T/a.policy" "$T/a.policy"
	expect_status 0
}

@test "musl: library constructors run after the entry point, under the exact rules" {
	llpolicy p "path $D/ok: read" "path $PROGS/musl: read execute"
	FSCTOR=read:/usr/lib/os-release run_split "$SF_RUN" -p "$T/p.policy" -- \
		"$PROGS/musl/fsprobe-ctor" read "$D/ok/f"
	expect_status 0
	expect_in "$out" "fsctor read: denied"$'\n'"read: ok"
	# a thread it starts is inside the domain: nothing to refuse
	FSCTOR=thread FSCTOR_PATH=/usr/lib/os-release run_split "$SF_RUN" -p "$T/p.policy" -- \
		"$PROGS/musl/fsprobe-ctor" read "$D/ok/f" sleep 2
	expect_in "$out" "fsctor thread read: denied"
}

@test "sf_restrict's path rules in a process with another thread: that thread is restricted too" {
	# (bats/restrict-threads.bats tries each thread; here the second one
	# sits in pause(), which the broadcast's signal interrupts)
	for prog in restrict restrict-static; do
		RESTRICT_THREAD=1 run_split "$PROGS/$prog" - "path $D/ok: read" "read:$D/no/f" \
			"read:$D/ok/f"
		expect_in "$out" "restrict: ok"$'\n'"read: denied"$'\n'"read: ok"
	done
}

@test "stacked policies: each is its own domain, an access must pass every one" {
	llpolicy a "path $D/ok, $D/no: read"
	llpolicy b "path $D/ok: read write"
	run_split "$SF_RUN" -p "$T/a.policy" -p "$T/b.policy" -- "$FSPROBE" read "$D/ok/f" \
		read "$D/no/f" write "$D/ok/f"
	expect_status 0
	expect_in "$out" "read: ok"$'\n'"read: errno EACCES"$'\n'"write: errno EACCES"
	run_split env LD_PRELOAD="$SHIM" SF_POLICY="$T/a.policy:$T/b.policy" "$FSPROBE" \
		read "$D/ok/f" read "$D/no/f" write "$D/ok/f"
	expect_in "$out" "read: ok"$'\n'"read: errno EACCES"$'\n'"write: errno EACCES"
}
