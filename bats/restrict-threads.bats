#!/usr/bin/env bats
# sf_restrict's path rules in a process with threads (preload/allthreads.c):
# every thread ends up in the new Landlock domain, or sf_restrict fails and
# says which thread and why. tests/progs/restrict-threads.c starts four
# threads and calls sf_restrict from one of them; built with glibc (libsf.so
# and libsf.a) and musl (the musl libsf.so).
load helpers

eval "$(declare -f setup | sed '1s/^setup/helpers_setup/')"

BUILDS="restrict-threads restrict-threads-static musl/restrict-threads"

setup() {
	helpers_setup
	for b in $BUILDS; do
		[ -x "$PROGS/$b" ] || skip "build first: make test-programs"
	done
	[ -z "$("$SF_RUN" -e 'default: allow' -e 'path /: read' -- /bin/true 2>&1)" ] ||
		skip "no Landlock on this kernel"
	D=$T/data
	mkdir -p "$D/ok" "$D/no"
	echo yes >"$D/ok/f"
	echo secret >"$D/no/f"
}

# threads BUILD MODE [RULES]: the program, granted $D/ok/f and not $D/no/f.
threads() {
	run_split timeout 30 "$PROGS/$1" "$2" "$D/ok/f" "$D/no/f" "${3:-path $D/ok: read}"
}

# Every thread of the output opened the granted file and got EACCES for
# the other; N lines of threads.
expect_all_restricted() {
	local n
	n=$(grep -c '^\(main\|t[0-9]\): granted ok, denied EACCES$' <<<"$out")
	if [ "$n" -ne "$1" ] || grep -q 'denied ok' <<<"$out"; then
		echo "expected $1 restricted threads, got $n:"
		echo "$out"
		echo "stderr: $err"
		return 1
	fi
}

@test "sf_restrict from one of four threads: every thread, the main one too, gets EACCES for what the rules do not grant" {
	for b in $BUILDS; do
		threads $b all
		expect_status 0
		expect_in "$out" "restrict: ok"
		expect_all_restricted 5
	done
}

@test "a thread that blocks every signal: sf_restrict fails, names it, and no thread is restricted" {
	for b in $BUILDS; do
		threads $b block
		# the thread unblocks its signals afterwards: nothing was left
		# pending to kill the process
		expect_status 0
		expect_in "$out" "restrict: error: sf_restrict: thread "
		expect_in "$out" " blocks signal 50, by which sf_restrict reaches every thread; no thread was restricted"
		expect_not_in "$out" "EACCES"
		[ "$(grep -c 'granted ok, denied ok$' <<<"$out")" -eq 5 ]
	done
}

@test "a thread that cannot take the signal in time (in vfork): sf_restrict fails after 2 s, names it, and no thread is restricted" {
	for b in $BUILDS; do
		threads $b stuck
		expect_status 0
		expect_in "$out" "restrict: error: sf_restrict: thread "
		expect_in "$out" " did not answer signal 50 within 2 s (state D"
		expect_in "$out" "; no thread was restricted"
		expect_not_in "$out" "EACCES"
	done
}

@test "a thread the kernel refuses a domain (16 already): sf_restrict fails and says the process is half restricted" {
	for b in $BUILDS; do
		threads $b deep
		expect_status 0
		expect_in "$out" "restrict: error: sf_restrict: thread "
		expect_in "$out" " could not restrict itself (errno 7); other threads may be restricted already and the calling one is not, which cannot be undone: stop the program"
		# as said: the others restricted, thread 3 and the caller not
		expect_in "$out" "main: granted ok, denied EACCES"
		expect_in "$out" "t1: granted ok, denied ok"
		expect_in "$out" "t2: granted ok, denied EACCES"
		expect_in "$out" "t3: granted ok, denied ok"
		expect_in "$out" "t4: granted ok, denied EACCES"
	done
}

@test "threads started after sf_restrict returned are restricted too (inherited)" {
	for b in $BUILDS; do
		threads $b after
		expect_status 0
		expect_in "$out" "restrict: ok"
		expect_all_restricted 9
	done
}

@test "threads started and ending all through sf_restrict: none opens the file after it returned" {
	# A broadcast that read /proc/self/task only once missed a thread in
	# about one run of five here: five runs of each build.
	for b in $BUILDS; do
		for i in 1 2 3 4 5; do
			threads $b churn
			expect_status 0
			expect_in "$out" "restrict: ok"
			expect_all_restricted 5
			expect_in "$out" " 0 leaks"
			expect_not_in "$out" "churn: 0 threads"
		done
	done
}

@test "the program's own handler of signal 50 is back in place after sf_restrict" {
	for b in $BUILDS; do
		threads $b handler
		expect_status 0
		expect_all_restricted 5
		expect_in "$out" "own handler: ran"
	done
}

@test "a signal 50 of the program's own that comes while sf_restrict holds it reaches the program's handler" {
	# thread 3's vfork child sends it to the thread in sf_restrict, which
	# waits 2 s for thread 3 (the call fails: that is the stuck case)
	for b in $BUILDS; do
		threads $b forward
		expect_status 0
		expect_in "$out" "; no thread was restricted"
		expect_in "$out" "own handler: ran"
	done
}

@test "the main thread has ended (pthread_exit): the others are still all restricted" {
	for b in $BUILDS; do
		threads $b leader
		expect_status 0
		expect_in "$out" "restrict: ok"
		expect_all_restricted 4
	done
}

@test "under sf-run, which traces every thread (each signal stops at the tracer first): the same" {
	printf 'default: allow\nsys_mount: 0\n' >"$T/p.policy"
	for mode in all churn; do
		run_split timeout 30 "$SF_RUN" -p "$T/p.policy" -- "$PROGS/restrict-threads" $mode \
			"$D/ok/f" "$D/no/f" "path $D/ok: read"
		expect_status 0
		expect_in "$out" "restrict: ok"
		expect_all_restricted 5
	done
	expect_in "$out" " 0 leaks"
}

@test "path and syscall rules together in a process with threads" {
	for b in $BUILDS; do
		threads $b all "path $D/ok: read"$'\n'"sys_mount: 0"
		expect_status 0
		expect_in "$out" "restrict: ok"
		expect_all_restricted 5
	done
}

@test "a second sf_restrict in a process with threads: stacked where /proc is granted, else an error that restricts none" {
	for b in $BUILDS; do
		threads $b twice "path $D/ok, /proc: read"
		expect_in "$out" "restrict: ok"$'\n'"restrict: ok"
		expect_all_restricted 5
		# the first domain hides /proc/self/task: the threads cannot be
		# found, so the second call fails and changes nothing
		threads $b twice "path $D/ok: read"
		expect_in "$out" "restrict: ok"$'\n'"restrict: error: sf_restrict: cannot open /proc/self/task to find the other threads (errno 13); no thread was restricted"
		expect_all_restricted 5
	done
}
