#!/usr/bin/env bats
# The policies in examples/ against the real programs they are written for:
# each program works under its policy, and a forbidden action is blocked
# with a report and death by SIGSYS.
load helpers

EX=$ROOT/examples

@test "cat works under the cat example policy" {
	printf 'hello\n' >"$T/in"
	run_split "$SF_RUN" -p "$EX/cat.policy" cat "$T/in" "$T/in"
	expect_status 0
	[ "$out" = "$(printf 'hello\nhello')" ]
}

@test "the cat policy blocks another program, uname, with a report" {
	run_split "$SF_RUN" -p "$EX/cat.policy" uname
	expect_status 159
	expect_in "$err" "]: blocked uname(name=0x"
	expect_in "$err" "cat.policy:4 (default kill-process)"
	[ -z "$out" ]
}

@test "cat reads what cat-paths.policy grants, and gets EACCES elsewhere" {
	cd "$ROOT"
	run_split "$SF_RUN" -p "$EX/cat-paths.policy" cat examples/hello.txt
	expect_status 0
	expect_in "$out" "Hello"
	run_split "$SF_RUN" -p "$EX/cat-paths.policy" cat /etc/passwd
	expect_status 1
	expect_in "$err" "Permission denied"
	[ -z "$out" ]
}

@test "ls works under the ls example policy" {
	touch "$T/a" "$T/b"
	run_split "$SF_RUN" -p "$EX/ls.policy" ls "$T"
	expect_status 0
	expect_in "$out" "a"
	expect_in "$out" "b"
}

@test "the ls policy blocks ls -l reading extended attributes, with a report" {
	touch "$T/a"
	run_split "$SF_RUN" -p "$EX/ls.policy" ls -l "$T"
	expect_status 159
	expect_in "$err" "]: blocked "
	expect_in "$err" "ls.policy"
}

@test "sh -c runs commands under the sh example policy, children included" {
	printf 'data\n' >"$T/in"
	run_split "$SF_RUN" -p "$EX/sh.policy" sh -c "echo one; cat $T/in; ls $T; grep -E '^Seccomp:' /proc/self/status"
	expect_status 0
	expect_in "$out" "one"
	expect_in "$out" "data"
	expect_in "$out" "Seccomp:	2"
}

@test "the sh policy blocks creating a file, with the call and its flags in the report" {
	run_split "$SF_RUN" -p "$EX/sh.policy" sh -c "echo x > $T/out"
	expect_status 159
	expect_in "$err" "]: blocked openat(dfd=AT_FDCWD, filename=\"/"
	expect_in "$err" "flags=O_WRONLY|O_CREAT|O_TRUNC"
	[ ! -e "$T/out" ]
}

@test "python3 -c works under the python3 example policy" {
	[ -x /usr/bin/python3 ] || skip "no /usr/bin/python3"
	mkdir "$T/d" && touch "$T/d/x" "$T/d/y"
	run_split "$SF_RUN" -p "$EX/python3.policy" /usr/bin/python3 -c 'import json, os; print(json.dumps(sorted(os.listdir("'"$T/d"'"))), sum(range(10)))'
	expect_status 0
	[ "$out" = '["x", "y"] 45' ]
}

@test "the python3 policy blocks opening a socket, with a report" {
	[ -x /usr/bin/python3 ] || skip "no /usr/bin/python3"
	run_split "$SF_RUN" -p "$EX/python3.policy" /usr/bin/python3 -c 'import socket; socket.socket(); print("escaped")'
	expect_status 159
	expect_in "$err" "]: blocked socket(family=AF_INET"
	[[ "$out" != *escaped* ]]
}

# http-server.policy with its port and directory moved to $T: a free port,
# and a served directory the test may put a symlink in.
http_policy() {
	PORT=$((20000 + RANDOM % 20000))
	mkdir -p "$T/www"
	printf 'served\n' >"$T/www/index.txt"
	sed -e "s|^bind tcp: 8080|bind tcp: $PORT|" -e "s|^path examples/www: read|path $T/www: read|" \
		"$EX/http-server.policy" >"$T/http.policy"
}

# fetch PATH: the body python's server gives for PATH, or "" when none.
fetch() {
	/usr/bin/python3 - "$PORT" "$1" <<'PY'
import sys, urllib.request, urllib.error
try:
    print(urllib.request.urlopen("http://127.0.0.1:%s%s" % (sys.argv[1], sys.argv[2]), timeout=5).read().decode(), end="")
except urllib.error.HTTPError as e:
    print("HTTP %d" % e.code)
PY
}

@test "python3 -m http.server serves its directory under http-server.policy, and nothing beside it" {
	[ -x /usr/bin/python3 ] || skip "no /usr/bin/python3"
	http_policy
	ln -s /etc/hostname "$T/www/leak"
	"$SF_RUN" -p "$T/http.policy" -- /usr/bin/python3 -m http.server --bind 127.0.0.1 "$PORT" \
		--directory "$T/www" >"$T/server.out" 2>&1 &
	local pid=$!
	for _ in $(seq 50); do
		grep -q "Serving HTTP" "$T/server.out" && break
		sleep 0.1
	done
	run fetch /index.txt
	[ "$output" = "served" ]
	# a symlink out of the granted directory: Landlock checks the target
	run fetch /leak
	[ "$output" = "HTTP 404" ]
	kill "$pid"
	wait "$pid" || true
	[ -z "$(grep 'blocked' "$T/server.out")" ]
}

@test "http-server.policy: another port cannot be bound, and the server says why" {
	[ -x /usr/bin/python3 ] || skip "no /usr/bin/python3"
	http_policy
	run_split timeout 10 "$SF_RUN" -p "$T/http.policy" -- /usr/bin/python3 -m http.server \
		--bind 127.0.0.1 $((PORT + 1)) --directory "$T/www"
	expect_status 1
	expect_in "$err" "PermissionError"
}

@test "tar packs and unpacks in its directory under tar.policy, and gets EACCES elsewhere" {
	cd "$ROOT"
	rm -rf /tmp/sf-tar
	mkdir -p /tmp/sf-tar
	run_split "$SF_RUN" -p "$EX/tar.policy" -- tar -cf /tmp/sf-tar/ex.tar examples
	expect_status 0
	run_split "$SF_RUN" -p "$EX/tar.policy" -- tar -C /tmp/sf-tar -xf /tmp/sf-tar/ex.tar
	expect_status 0
	cmp examples/hello.txt /tmp/sf-tar/examples/hello.txt
	run_split "$SF_RUN" -p "$EX/tar.policy" -- tar -cf "$T/elsewhere.tar" examples
	expect_status 2
	expect_in "$err" "Permission denied"
	[ ! -e "$T/elsewhere.tar" ]
	run_split "$SF_RUN" -p "$EX/tar.policy" -- tar -cf /tmp/sf-tar/etc.tar /etc/hostname
	expect_status 2
	expect_in "$err" "/etc/hostname: Cannot open: Permission denied"
	rm -rf /tmp/sf-tar
}

@test "the example policies pass --check" {
	for p in "$EX"/*.policy; do
		run_split "$SF_RUN" --check -p "$p"
		expect_status 0
	done
}
