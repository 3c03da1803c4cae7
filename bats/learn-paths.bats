#!/usr/bin/env bats
# sf-run --learn: the files and TCP ports a program used, recorded (by
# default; not with --learn-no-paths) as path and port rules after the
# syscall rules.
load helpers

# learn_paths NAME CMD...: learns $T/NAME.policy from CMD with sf-run's
# default (the paths too) and the options in LEARN_OPTS; the path and
# port lines (after the heading) in $T/NAME.paths.
learn_paths() {
	local name=$1
	shift
	run_split timeout 60 env LC_ALL=C "$SF_RUN" --learn "$T/$name.policy" ${LEARN_OPTS:-} -- "$@"
	expect_status 0
	sed -n '/^# Files and TCP ports/,$p' "$T/$name.policy" | { grep -v '^#' || true; } >"$T/$name.paths"
	paths=$(cat "$T/$name.paths")
	# The policy parses, path and port rules and all.
	"$SF_RUN" --check -p "$T/$name.policy"
}

# has_line LINE: a path or port line exactly so.
has_line() {
	if ! grep -qxF -- "$1" "$T/$name.paths" 2>/dev/null && ! grep -qxF -- "$1" <<<"$paths"; then
		echo "expected the line: $1"
		echo "in:"
		echo "$paths"
		return 1
	fi
}

# rerun: whether to run a program again under the policy learned from a
# direct run of it. Not with the sanitized shim (SF_TEST_SANITIZED): under
# it the C library's malloc makes its one getrandom before the shim's
# mark, where learn mode takes it for the loader's and writes no rule, and
# the program run again makes it under the policy and is killed. (The
# plain shim allocates nothing there; tools-learn.bats runs programs again
# with it.)
rerun() {
	[ -z "${SF_TEST_SANITIZED:-}" ]
}

# grants POLICY PATH: the path rules of POLICY grant read on PATH.
grants() {
	run_split "$SF_RUN" --test "open $2" -p "$1"
	expect_status 0
	[ "$out" = allow ]
}

# denies POLICY PATH: they do not, and say which rule is missing.
denies() {
	run_split "$SF_RUN" --test "open $2" -p "$1"
	expect_status 0
	expect_in "$out" "errno EACCES"
	expect_in "$out" "no path rule grants read on $2"
}

@test "learn-paths: the default --learn of cat FILE grants FILE, and no file beside it" {
	mkdir "$T/d"
	echo hello >"$T/d/f"
	echo other >"$T/g"
	learn_paths cat cat "$T/d/f"
	[ "$out" = hello ]
	# A path rule names the file or a directory it was folded into.
	grep -Eq "^path (.*, )?$T/d(/f)?(,.*)?: read( |\$)" "$T/cat.policy"
	grants "$T/cat.policy" "$T/d/f"
	denies "$T/cat.policy" "$T/g"
	learn_paths probe "$PROBE" - open "$T/d/f"
	expect_in "$out" "open: ok"
	rerun || skip "the sanitized shim: no run again under a policy learned directly"
	# cat runs again under it, and its open of a file outside fails with
	# EACCES (--why says so; cat is then killed for writing its complaint
	# to stderr, which it never did while learning).
	run_split env LC_ALL=C "$SF_RUN" -p "$T/cat.policy" -- cat "$T/d/f"
	expect_status 0
	[ "$out" = hello ]
	run_split env LC_ALL=C "$SF_RUN" --why -p "$T/cat.policy" -- cat "$T/g"
	[ -z "$out" ]
	expect_in "$err" "why: openat \"$T/g\" failed with EACCES: no path rule"
	# The errno itself, from a program that prints it.
	run_split "$SF_RUN" -p "$T/probe.policy" -- "$PROBE" - open "$T/d/f" open "$T/g"
	expect_status 0
	[[ "$(sed -n 1p <<<"$out")" == "open: ok "* ]]
	[ "$(sed -n 2p <<<"$out")" = "open: errno EACCES" ]
}

@test "learn-paths: cat FILE records the file, read" {
	mkdir "$T/d"
	echo hello >"$T/d/f"
	learn_paths cat cat "$T/d/f"
	[ "$out" = hello ]
	has_line "path $T/d/f: read"
	# The loader's own opens, before main, are the pre-exec stage's.
	expect_not_in "$paths" "libc.so.6"
	# Under a policy learned from a shell that also writes to stderr: the
	# file reads, another does not (and cat says so).
	learn_paths sh sh -c 'cat "$1"; echo done >&2' sh "$T/d/f"
	echo other >"$T/d/g"
	run_split env LC_ALL=C "$SF_RUN" -p "$T/sh.policy" -- sh -c 'cat "$1"; echo done >&2' sh "$T/d/f"
	expect_status 0
	[ "$out" = hello ]
	run_split env LC_ALL=C "$SF_RUN" -p "$T/sh.policy" -- sh -c 'cat "$1"; echo done >&2' sh "$T/d/g"
	expect_in "$err" "Permission denied"
	[ -z "$out" ]
}

@test "learn-paths: every file of a directory read alike folds into it" {
	mkdir -p "$T/www/sub"
	for f in a b sub/c sub/d; do echo "$f" >"$T/www/$f"; done
	echo other >"$T/other"
	learn_paths fold cat "$T/www/a" "$T/www/b" "$T/www/sub/c" "$T/www/sub/d"
	has_line "path $T/www: read"
	expect_not_in "$paths" "$T/www/a"
	# One more file beneath $T is not read: no wider.
	expect_not_in "$paths" "path $T: "
}

@test "learn-paths: touch NEW is create (and write) in its directory" {
	learn_paths touch touch "$T/new"
	has_line "path $T: write create"
	[ -f "$T/new" ]
}

@test "learn-paths: mkdir is create in the parent, rm is remove" {
	mkdir "$T/in"
	learn_paths mkdir mkdir "$T/in/sub"
	has_line "path $T/in: create"
	echo x >"$T/in/gone"
	learn_paths rm rm "$T/in/gone"
	has_line "path $T/in: remove"
	[ ! -e "$T/in/gone" ]
}

@test "learn-paths: mv a/x b/x is remove and refer, create and refer" {
	mkdir "$T/a" "$T/b"
	echo x >"$T/a/x"
	learn_paths mv mv "$T/a/x" "$T/b/x"
	has_line "path $T/a: remove refer"
	has_line "path $T/b: create refer"
	[ -f "$T/b/x" ]
	# The same move runs under the policy learned; the move back does not.
	mv "$T/b/x" "$T/a/x"
	run_split env LC_ALL=C "$SF_RUN" -p "$T/mv.policy" -- mv "$T/a/x" "$T/b/x"
	expect_status 0
	[ -f "$T/b/x" ]
	run_split env LC_ALL=C "$SF_RUN" -p "$T/mv.policy" -- mv "$T/b/x" "$T/a/x"
	[ "$status" -ne 0 ]
	[ -f "$T/b/x" ]
}

@test "learn-paths: a rename within one directory needs no refer" {
	mkdir "$T/a"
	echo x >"$T/a/x"
	learn_paths mv1 mv "$T/a/x" "$T/a/y"
	has_line "path $T/a: create remove"
}

@test "learn-paths: a name with a blank and a comma is quoted" {
	echo hi >"$T/my file, 1"
	learn_paths quoted cat "$T/my file, 1"
	has_line "path \"$T/my file, 1\": read"
}

@test "learn-paths: TCP bind and connect on 127.0.0.1 record their ports, UDP none" {
	command -v python3 >/dev/null || skip "no python3"
	cat >"$T/net.py" <<'PY'
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
port = int(sys.argv[1]) if len(sys.argv) > 1 else s.getsockname()[1]
s.close()
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(1)
c = socket.socket()
c.connect(("127.0.0.1", port))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.connect(("127.0.0.1", 9))
print(port)
PY
	learn_paths net python3 "$T/net.py"
	port=$out
	[ -n "$port" ]
	has_line "connect tcp: $port"
	expect_not_in "$paths" "tcp: 9"
	expect_not_in "$paths" ", 9"
	# The first bind, to port 0, asks Landlock for port 0.
	has_line "bind tcp: 0, $port"
	# The policy learned runs the program again on the same port, and
	# Landlock denies another.
	run_split timeout 60 "$SF_RUN" -p "$T/net.policy" -- python3 "$T/net.py" "$port"
	expect_status 0
	other=$((port == 65535 ? port - 1 : port + 1))
	run_split timeout 60 "$SF_RUN" -p "$T/net.policy" -- python3 "$T/net.py" "$other"
	expect_status 1
	expect_in "$err" "PermissionError"
}

@test "learn-paths: a nested exec records the program, its loader and the script's interpreter" {
	printf '#!/bin/sh\nexit 0\n' >"$T/s.sh"
	chmod +x "$T/s.sh"
	learn_paths nested sh -c "$T/s.sh; true"
	expect_in "$paths" "$T/s.sh"
	has_line "path $T/s.sh: read execute"
	expect_in "$paths" "ld-linux-x86-64.so.2"
}

@test "learn-paths: a program that uses no file nor port is told so" {
	learn_paths none "$PROBE" -
	[ -z "$paths" ]
	grep -qx "# No file was used; without a path rule, files are not restricted." "$T/none.policy"
	grep -qx "# No TCP port was used; without a port rule, ports are not restricted." "$T/none.policy"
}

# syscall_names POLICY: the names of its syscall rules, one a line.
syscall_names() {
	grep -E '^[a-z0-9_]+:' "$1" | grep -v '^default:' | cut -d: -f1
}

@test "learn-paths: --learn-no-paths writes syscall rules only; --learn-paths is the default" {
	echo hi >"$T/f"
	echo other >"$T/g"
	LEARN_OPTS=--learn-no-paths learn_paths plain cat "$T/f"
	[ -z "$paths" ]
	run grep -c '^path \|^connect tcp\|^bind tcp\|Files and TCP ports' "$T/plain.policy"
	[ "$output" = 0 ]
	# No file is restricted: another file reads under it.
	if rerun; then
		run_split env LC_ALL=C "$SF_RUN" -p "$T/plain.policy" -- cat "$T/g"
		expect_status 0
		[ "$out" = other ]
	fi
	# The default and --learn-paths: the same syscall rules, and the path.
	learn_paths dflt cat "$T/f"
	has_line "path $T/f: read"
	LEARN_OPTS=--learn-paths learn_paths explicit cat "$T/f"
	has_line "path $T/f: read"
	[ "$(syscall_names "$T/dflt.policy")" = "$(syscall_names "$T/plain.policy")" ]
	[ "$(syscall_names "$T/explicit.policy")" = "$(syscall_names "$T/plain.policy")" ]
	diff <(grep '^path ' "$T/dflt.policy") <(grep '^path ' "$T/explicit.policy")
}

@test "learn-paths: --learn-paths and --learn-no-paths exclude each other; both go with --learn" {
	run_split "$SF_RUN" --learn "$T/e.policy" --learn-paths --learn-no-paths -- true
	expect_status 125
	expect_one_sf_line
	expect_in "$err" "--learn-paths and --learn-no-paths exclude each other"
	[ ! -e "$T/e.policy" ]
	run_split "$SF_RUN" --learn-paths -e 'default: allow' -- true
	expect_status 125
	expect_one_sf_line
	expect_in "$err" "--learn-paths goes with --learn OUT"
	run_split "$SF_RUN" --learn-no-paths -e 'default: allow' -- true
	expect_status 125
	expect_one_sf_line
	expect_in "$err" "--learn-no-paths goes with --learn OUT"
}

@test "learn-paths: --merge into a policy without path or port rules learns none, and says so" {
	echo a >"$T/a"
	echo b >"$T/b"
	echo c >"$T/c"
	LEARN_OPTS=--learn-no-paths learn_paths m cat "$T/a"
	for opts in "" --learn-paths; do
		run_split timeout 60 "$SF_RUN" --learn "$T/m.policy" --merge $opts -- cat "$T/b"
		expect_status 0
		expect_in "$err" "sf: note: $T/m.policy has no path or port rules, so --merge learns none"
		expect_in "$err" "--learn into a new policy"
		[ "$(grep -c '^sf: note:' <<<"$err")" = 1 ]
	done
	run grep -c '^path \|^connect tcp\|^bind tcp' "$T/m.policy"
	[ "$output" = 0 ]
	# Not narrowed: a file neither run read still reads.
	if rerun; then
		run_split "$SF_RUN" -p "$T/m.policy" -- cat "$T/c"
		expect_status 0
		[ "$out" = c ]
	fi
	# Asked for no paths: nothing to note.
	run_split timeout 60 "$SF_RUN" --learn "$T/m.policy" --merge --learn-no-paths -- cat "$T/b"
	expect_status 0
	expect_not_in "$err" "note"
}

@test "learn-paths: --merge into a policy with path rules adds the run's, a union" {
	mkdir "$T/a" "$T/b"
	# '#' in a name: the rule is quoted, and its '#' is no comment.
	echo one >"$T/a/x#1"
	echo two >"$T/b/y#2"
	echo three >"$T/c"
	learn_paths u cat "$T/a/x#1"
	has_line "path \"$T/a/x#1\": read"
	denies "$T/u.policy" "$T/b/y#2"
	run_split timeout 60 env LC_ALL=C "$SF_RUN" --learn "$T/u.policy" --merge -- cat "$T/b/y#2"
	expect_status 0
	expect_in "$err" "added to $T/u.policy"
	expect_not_in "$err" "note"
	grep -qxF "path \"$T/b/y#2\": read" "$T/u.policy"
	grep -qxF "path \"$T/a/x#1\": read" "$T/u.policy"
	"$SF_RUN" --check -p "$T/u.policy"
	grants "$T/u.policy" "$T/a/x#1"
	grants "$T/u.policy" "$T/b/y#2"
	denies "$T/u.policy" "$T/c"
	if rerun; then
		run_split env LC_ALL=C "$SF_RUN" -p "$T/u.policy" -- cat "$T/a/x#1" "$T/b/y#2"
		expect_status 0
		[ "$out" = "$(printf 'one\ntwo')" ]
	fi
	# The same run again adds nothing.
	run_split timeout 60 env LC_ALL=C "$SF_RUN" --learn "$T/u.policy" --merge -- cat "$T/b/y#2"
	expect_status 0
	expect_in "$err" "0 rules added"
}

@test "learn-paths: --merge leaves out the ports a policy with path rules has no rule for" {
	[ -x /usr/bin/python3 ] || skip "no /usr/bin/python3"
	bind='import socket; socket.socket().bind(("127.0.0.1", 0)); print("bound")'
	learn_paths pp /usr/bin/python3 -c 'import socket'
	grep -q '^path ' "$T/pp.policy"
	run_split timeout 60 env LC_ALL=C "$SF_RUN" --learn "$T/pp.policy" --merge -- \
		/usr/bin/python3 -c "$bind"
	expect_status 0
	expect_in "$err" "sf: note: $T/pp.policy has no port rules, so the ports learned are left out"
	run grep -c '^bind tcp\|^connect tcp' "$T/pp.policy"
	[ "$output" = 0 ]
	# Ports stay unrestricted: the bind runs under it.
	run_split timeout 60 env LC_ALL=C "$SF_RUN" -p "$T/pp.policy" -- /usr/bin/python3 -c "$bind"
	expect_status 0
	[ "$out" = bound ]
}

@test "learn-paths: an ioctl on a device the program opened is ioctl on it" {
	[ -x /usr/bin/python3 ] || skip "no /usr/bin/python3"
	cat >"$T/tty.py" <<'PY'
import errno, fcntl, os, termios
fd = os.open("/dev/zero", os.O_RDONLY)
try:
    fcntl.ioctl(fd, termios.TCGETS, bytes(64))
except OSError as e:
    print(errno.errorcode[e.errno])
PY
	learn_paths ioctl /usr/bin/python3 "$T/tty.py"
	[ "$out" = ENOTTY ]
	has_line "path /dev/zero: read ioctl"
	# Under the policy learned the driver answers, as it did.
	run_split timeout 60 env LC_ALL=C "$SF_RUN" -p "$T/ioctl.policy" -- /usr/bin/python3 "$T/tty.py"
	expect_status 0
	[ "$out" = ENOTTY ]
	# Without the ioctl right, Landlock (ABI 5) answers first.
	sed -i 's|^path /dev/zero: read ioctl$|path /dev/zero: read|' "$T/ioctl.policy"
	run_split timeout 60 env LC_ALL=C "$SF_RUN" -p "$T/ioctl.policy" -- /usr/bin/python3 "$T/tty.py"
	expect_status 0
	[ "$out" = EACCES ]
}
