#!/usr/bin/env bats
# The man pages: they render without warnings and make install puts them
# under MANDIR.
load helpers

@test "the man pages render cleanly with man -l" {
	command -v man >/dev/null || skip "man is not installed"
	for page in sf-run.1 sf-policy.5 libsf.3; do
		run_split env LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$ROOT/man/$page"
		expect_status 0
		[ -z "$err" ] || { echo "$page: $err"; return 1; }
		[ -n "$out" ]
	done
	out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$ROOT/man/sf-policy.5")
	expect_in "$out" "default-unknown"
	expect_in "$out" "32-bit types"
	out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$ROOT/man/sf-run.1")
	expect_in "$out" "--explain-bpf"
	out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$ROOT/man/libsf.3")
	expect_in "$out" "sf_restrict"
	expect_in "$out" "SF_ACTIVE"
}

@test "sf-run(1) documents every long option --help does" {
	opts=$("$SF_RUN" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
	for o in $opts; do
		grep -q -- "$(printf '%s' "$o" | sed 's/-/\\\\-/g')" "$ROOT/man/sf-run.1" ||
			{ echo "sf-run.1 lacks $o"; return 1; }
	done
}

@test "make install puts the man pages under MANDIR" {
	run_split make -C "$ROOT" install DESTDIR="$T/root" PREFIX=/usr
	expect_status 0
	[ -f "$T/root/usr/share/man/man1/sf-run.1" ]
	[ -f "$T/root/usr/share/man/man5/sf-policy.5" ]
	[ -f "$T/root/usr/share/man/man3/libsf.3" ]
}

@test "make install: a C program links sf_restrict through pkg-config; the examples are installed" {
	command -v pkg-config >/dev/null || skip "no pkg-config"
	run_split make -C "$ROOT" install DESTDIR="$T/root" PREFIX="$T/usr"
	expect_status 0
	[ -f "$T/root$T/usr/share/sf/examples/cat.policy" ]
	# the installed tree where its .pc says it is
	cp -a "$T/root$T/usr" "$T/"
	flags=$(PKG_CONFIG_PATH="$T/usr/lib/pkgconfig" pkg-config --cflags --libs sf)
	[[ "$flags" == *"-lsf"* ]]
	cc -o "$T/restrict" "$ROOT/tests/progs/restrict.c" $flags
	run_split "$T/restrict" - 'sys_mmap: 0' getpid mmap
	expect_status 159
	expect_in "$out" "restrict: ok"
	expect_in "$out" "getpid: ok"
}
