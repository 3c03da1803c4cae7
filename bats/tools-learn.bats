#!/usr/bin/env bats
# sf-run --learn: a program run with every call recorded, then run again
# under the policy it taught, with the same output. The policy has the
# files and ports it used too (by default; learn-paths.bats tests those).
load helpers

# A directory whose listing does not change between the two runs.
make_data() {
	D=$T/data
	mkdir -p "$D/sub"
	printf 'hello\n' >"$D/f.txt"
	printf 'x\n' >"$D/sub/x"
	touch -d '2020-01-01 00:00:00' "$D/f.txt" "$D/sub/x" "$D/sub" "$D"
}

# learn NAME CMD...: learns $T/NAME.policy from CMD (stdout to
# $T/NAME.out1), checks it, runs CMD again under it (stdout to
# $T/NAME.out2) and compares the two byte for byte.
learn() {
	local name=$1 p=$T/$1.policy
	shift
	run_split timeout 60 "$SF_RUN" --learn "$p" -- "$@"
	expect_status 0
	cp "$T/stdout" "$T/$name.out1"
	[ -s "$p" ]
	run_split "$SF_RUN" --check -p "$p"
	expect_status 0
	run_split timeout 60 "$SF_RUN" -p "$p" -- "$@"
	expect_status 0
	cp "$T/stdout" "$T/$name.out2"
	cmp "$T/$name.out1" "$T/$name.out2"
}

# rules FILE: the number of syscall rules (not default:).
rules() {
	grep -E '^[a-z0-9_]+:' "$1" | grep -vc '^default:'
}

# smaller_than_strace NAME CMD...: the policy learned from CMD is smaller
# than "allow every syscall strace -f sees CMD make": it allows a strict
# subset of the calls that one allows (sf-run --diff on the two compiled
# programs finds nothing only it allows, and something only the other
# does), with no more syscalls. The strace policy is a working one: CMD
# runs under it with the same output. strace watches CMD as the learning
# run did, stdout to a file. With WITH_SHIM=1 it watches CMD with the shim
# preloaded (SF_RULES='default: allow'), as sf-run runs it: a program that
# execs others needs, in each new image, the calls sf's shim makes there
# (prctl), which a trace of the bare program lacks, and the policy of that
# trace kills the program's children. The counts go to bats' fd 3.
smaller_than_strace() {
	local name=$1 n s env=()
	shift
	if ! command -v strace >/dev/null; then
		echo "# $name: no strace, comparison skipped" >&3
		return 0
	fi
	[ -z "${WITH_SHIM:-}" ] || env=(-E "LD_PRELOAD=$SHIM" -E "SF_RULES=default: allow")
	if ! strace -f -qq -o "$T/$name.trace" "${env[@]}" "$@" >"$T/$name.strace-out" 2>/dev/null; then
		echo "# $name: strace does not work here, comparison skipped" >&3
		return 0
	fi
	sed -nE -e 's/^[0-9]+ +([a-z0-9_]+)\(.*/\1/p' \
		-e 's/^[0-9]+ +<\.\.\. ([a-z0-9_]+) resumed>.*/\1/p' "$T/$name.trace" |
		sort -u >"$T/$name.seen"
	s=$(wc -l <"$T/$name.seen")
	[ "$s" -gt 0 ]
	{
		echo 'default: kill-process'
		sed 's/$/: allow/' "$T/$name.seen"
	} >"$T/$name.strace.policy"
	run_split timeout 60 "$SF_RUN" -p "$T/$name.strace.policy" -- "$@"
	expect_status 0
	cmp "$T/$name.out1" "$T/stdout"
	n=$(rules "$T/$name.policy")
	run_split "$SF_RUN" --diff "$T/$name.policy" "$T/$name.strace.policy"
	echo "# $name: learned $n syscall rules, strace saw $s syscalls;" \
		"strace's policy allows more for $(grep -c 'B allows calls A does not' <<<"$out")" >&3
	[ "$n" -le "$s" ]
	expect_not_in "$out" "A allows calls B does not"
	expect_not_in "$out" "each allows calls the other does not"
	expect_in "$out" "B allows calls A does not"
}

@test "ls: learned, run again with the same output, smaller than strace's list" {
	make_data
	learn ls ls -la "$D" "$D/sub"
	grep -q 'total' "$T/ls.out1"
	smaller_than_strace ls ls -la "$D" "$D/sub"
	# Sorted, counted, conditions with named constants.
	names=$(grep -E '^[a-z0-9_]+:' "$T/ls.policy" | grep -v '^default:' | cut -d: -f1)
	[ "$names" = "$(printf '%s\n' "$names" | LC_ALL=C sort)" ]
	grep -q '^default: kill-process$' "$T/ls.policy"
	grep -Eq '^openat: \(flags & \(O_ACCMODE\|O_CREAT\|O_TRUNC\)\) == O_RDONLY +# [0-9]+ calls' \
		"$T/ls.policy"
	grep -Eq '^mmap: \(prot & PROT_WRITE\) == 0 \|\| \(prot & PROT_EXEC\) == 0 ' "$T/ls.policy"
	grep -q '^# Run:   sf-run -p ' "$T/ls.policy"
	# The loader's calls before main are not in it.
	run grep -E '^(execve|arch_prctl|set_tid_address):' "$T/ls.policy"
	[ "$status" -ne 0 ]
}

@test "cat: learned and run again" {
	make_data
	learn cat cat "$D/f.txt" "$D/sub/x"
	[ "$(cat "$T/cat.out2")" = "$(printf 'hello\nx')" ]
	# The files read are granted, by path rules, and a file beside them
	# is not.
	grep -q '^path ' "$T/cat.policy"
	for f in "$D/f.txt" "$D/sub/x"; do
		run_split "$SF_RUN" --test "open $f" -p "$T/cat.policy"
		[ "$out" = allow ]
	done
	echo other >"$T/other"
	run_split "$SF_RUN" --test "open $T/other" -p "$T/cat.policy"
	expect_in "$out" "errno EACCES"
	smaller_than_strace cat cat "$D/f.txt" "$D/sub/x"
}

@test "sh -c: nested execs are recorded and run again under the policy" {
	make_data
	learn sh sh -c "ls $D; cat $D/f.txt; echo done \$((1 + 2))"
	expect_in "$(cat "$T/sh.out2")" "done 3"
	grep -q '^execve:' "$T/sh.policy"
	# What the shim in the new image calls under the policy.
	grep -q "the shim's, in nested execs" "$T/sh.policy"
	WITH_SHIM=1 smaller_than_strace sh sh -c "ls $D; cat $D/f.txt; echo done \$((1 + 2))"
}

@test "python3 -c: learned and run again" {
	[ -x /usr/bin/python3 ] || skip "no /usr/bin/python3"
	make_data
	learn py /usr/bin/python3 -c "import json, os; print(json.dumps(sorted(os.listdir('$D'))))"
	[ "$(cat "$T/py.out2")" = '["f.txt", "sub"]' ]
	smaller_than_strace py /usr/bin/python3 -c "import json, os; print(json.dumps(sorted(os.listdir('$D'))))"
}

@test "tar: creating and listing an archive, learned and run again" {
	make_data
	learn tarc tar -cvf "$T/a.tar" -C "$D" .
	cp "$T/a.tar" "$T/a1.tar"
	# The second run wrote the same archive again.
	learn tarc2 tar -cvf "$T/a.tar" -C "$D" .
	cmp "$T/a.tar" "$T/a1.tar"
	learn tart tar -tvf "$T/a.tar"
	expect_in "$(cat "$T/tart.out2")" "./sub/x"
	smaller_than_strace tart tar -tvf "$T/a.tar"
}

@test "a call the learning run did not make is still denied" {
	learn probe "$PROBE" - say hi
	run_split "$SF_RUN" -p "$T/probe.policy" -- "$PROBE" - say hi socket
	expect_status 159
	expect_in "$err" "$SOCKET_REPORT"
}

@test "socket families are learned as a condition, also from a descendant" {
	run_split timeout 60 "$SF_RUN" --learn "$T/d.policy" -- sh -c "$PROBE - socket; true"
	expect_status 0
	expect_in "$out" "socket: ok"
	grep -Eq '^socket: family == AF_INET +# 1 call' "$T/d.policy"
	run_split "$SF_RUN" --test 'socket(AF_UNIX, SOCK_STREAM, 0)' -p "$T/d.policy"
	expect_in "$out" "kill-process"
}

@test "-p BASE: what the base forbids stays forbidden" {
	printf '%s\n' 'socket: errno EACCES' '@network-io: errno EPERM' >"$T/base.policy"
	run_split timeout 60 "$SF_RUN" --learn "$T/b.policy" -p "$T/base.policy" -- \
		"$PROBE" - socket say hi
	expect_status 0
	expect_in "$out" "socket: ok"
	grep -qx "@include $T/base.policy" "$T/b.policy"
	run grep -E '^(socket|default):' "$T/b.policy"
	[ "$status" -ne 0 ]
	grep -q '^#   .*socket (1)' "$T/b.policy"
	# said aloud: in the policy, under its own heading, and on stderr
	grep -A1 '^# Calls seen that the base DENIES' "$T/b.policy" | grep -q 'socket (1)'
	expect_in "$err" "sf: warning: the program called socket 1 time, which the base denies"
	run_split "$SF_RUN" --check -p "$T/b.policy"
	expect_status 0
	run_split "$SF_RUN" -p "$T/b.policy" -- "$PROBE" - socket say hi
	expect_status 0
	expect_in "$out" "socket: errno EACCES"
	expect_in "$out" "hi"
}

@test "--early learns from exec on, for a static program" {
	[ -x "$PROGS/probe-static" ] || skip "no static probe"
	run_split timeout 60 "$SF_RUN" --learn "$T/s.policy" --early -- "$PROGS/probe-static" - say hi
	expect_status 0
	grep -q '^execve:' "$T/s.policy"
	grep -q '^# Run:   sf-run --early -p ' "$T/s.policy"
	run_split "$SF_RUN" --early -p "$T/s.policy" -- "$PROGS/probe-static" - say hi
	expect_status 0
	[ "$out" = hi ]
}

@test "--learn exits with the program's status and still writes the policy" {
	run_split timeout 60 "$SF_RUN" --learn "$T/x.policy" -- sh -c 'exit 7'
	expect_status 7
	[ -s "$T/x.policy" ]
	run_split timeout 60 "$SF_RUN" --learn "$T/y.policy" -- sh -c 'kill -TERM $$'
	expect_status 143
	[ -s "$T/y.policy" ]
}

@test "--learn errors: one line, 125, and no policy written" {
	run_split "$SF_RUN" --learn "$T/e.policy"
	expect_status 125
	expect_one_sf_line
	run_split "$SF_RUN" --learn "$T/e.policy" --check -p "$BASE"
	expect_status 125
	expect_one_sf_line
	run_split "$SF_RUN" --learn "$T/e.policy" -e 'read: 1' -- true
	expect_status 125
	expect_one_sf_line
	run_split "$SF_RUN" --learn "$T" -- true
	expect_status 125
	expect_one_sf_line
	run_split "$SF_RUN" --learn "$T/none/e.policy" -- true
	expect_status 125
	expect_one_sf_line
	run_split "$SF_RUN" --learn "$T/e.policy" -- "$PROGS/probe-static" - say hi
	expect_status 125
	expect_one_sf_line
	run_split "$SF_RUN" --learn "$BASE" -p "$BASE" -- true
	expect_status 125
	expect_one_sf_line
	run_split "$SF_RUN" --learn "$T/e.policy" --learn-no-paths --learn-paths -- true
	expect_status 125
	expect_one_sf_line
	# an option is never the output's name
	cd "$T"
	for opt in -- --check; do
		run_split "$SF_RUN" --learn "$opt" -- true
		expect_status 125
		expect_one_sf_line
		[ ! -e "$T/$opt" ]
	done
	cd - >/dev/null
	[ ! -e "$T/e.policy" ]
	[ -z "$(ls "$T" | grep 'e\.policy\.')" ]
}

@test "--learn: background processes that outlive the program are announced, and SIGINT ends them" {
	"$SF_RUN" --learn "$T/bg.policy" -- sh -c "sleep 60 & echo started" >"$T/out" 2>"$T/err" &
	pid=$!
	for _ in $(seq 1 50); do
		grep -q "still run" "$T/err" && break
		sleep 0.1
	done
	grep -q "the program has exited; 1 process it started still runs" "$T/err"
	kill -INT $pid
	wait $pid
	[ -s "$T/bg.policy" ]
	grep -q '^nanosleep\|^clock_nanosleep' "$T/bg.policy"
	! pgrep -f "sleep 60" -P $$ >/dev/null
}

@test "--learn --merge: several runs into one policy, each run's calls allowed" {
	run_split timeout 60 "$SF_RUN" --learn "$T/m.policy" -- \
		python3 -c 'import socket; socket.socket(socket.AF_UNIX)'
	expect_status 0
	run_split "$SF_RUN" -p "$T/m.policy" -- python3 -c 'import socket; socket.socket(socket.AF_INET)'
	expect_status 159
	run_split timeout 60 "$SF_RUN" --learn "$T/m.policy" --merge -- \
		python3 -c 'import socket; socket.socket(socket.AF_INET)'
	expect_status 0
	expect_in "$err" "added to $T/m.policy"
	grep -q '^# Merged from a run of python3' "$T/m.policy"
	run_split "$SF_RUN" -p "$T/m.policy" -- \
		python3 -c 'import socket; socket.socket(socket.AF_INET); socket.socket(socket.AF_UNIX); print("both")'
	expect_status 0
	expect_in "$out" "both"
	# nothing to add: nothing added, and --merge needs the policy there
	run_split timeout 60 "$SF_RUN" --learn "$T/m.policy" --merge -- \
		python3 -c 'import socket; socket.socket(socket.AF_INET)'
	expect_in "$err" "0 rules added"
	run_split "$SF_RUN" --learn "$T/none.policy" --merge -- true
	expect_status 125
	expect_one_sf_line
}
