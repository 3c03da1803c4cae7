#!/bin/sh
# make bench: runs every benchmark, prints one table and writes it, with
# the machine, the notes and the method, to BENCHMARKS.md. Run from the
# top of the tree after `make all` and the bench programs (bench.mk).
# HAVE_LIBSECCOMP=1 when the programs were built with libseccomp.
set -eu
cd "$(dirname "$0")/.."
# Numbers with a dot whatever the user's locale.
LC_ALL=C
export LC_ALL

B=build
BB=$B/bench
POL=bench/policies
OUT=BENCHMARKS.md
TAB=$(printf '\t')
TOP=$(pwd)
SHIM=$TOP/$B/libsf.so
DOCKER=$TOP/$POL/docker-like.policy
rows=$BB/rows.tsv

mkdir -p "$BB/policies"
: >"$rows"
echo "bench: running (about two minutes)..." >&2

# The synthetic policies: the 2,000-rule one and the size sweep.
for n in 10 100 1000 2000 10000; do
	sh bench/gen-synthetic.sh "$n" >"$BB/policies/mixed-$n.policy"
done
sh bench/gen-synthetic.sh 10000 unconditional >"$BB/policies/unconditional-10000.policy"

row() {
	printf 'ROW\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >>"$rows"
}
note() {
	printf 'NOTE\t%s\n' "$1" >>"$rows"
}

# Everything timed runs on one CPU, the fastest right now (see bench/cpu.c).
pin=
if command -v taskset >/dev/null 2>&1; then
	pick=$("$BB/sf-bench-cpu")
	cpu=${pick%%"$TAB"*}
	pin="taskset -c $cpu"
	note "timing: every timed program ran pinned to CPU $cpu, the fastest at a fixed spin when the run began (${pick#*"$TAB"})."
else
	note "timing: taskset is missing, so nothing was pinned to one CPU."
fi

# 1 and 2: instructions per syscall, the kernel's action cache.
lsc=
[ "${HAVE_LIBSECCOMP:-}" = 1 ] && lsc=-l
"$BB/sf-bench-insns" -t -c $lsc docker-like "$POL/docker-like.policy" >>"$rows"
"$BB/sf-bench-insns" docker-like+freq "$POL/docker-like-hot.policy" >>"$rows"
"$BB/sf-bench-insns" -c $lsc cat "$POL/cat.policy" >>"$rows"
# How low the allowed mean could go with jeq and jset tests in the tree.
if command -v python3 >/dev/null 2>&1; then
	"$B/sf-run" --dump -p "$POL/docker-like.policy" 2>/dev/null |
		python3 bench/tree-bound.py docker-like >>"$rows"
else
	note "docker-like: python3 is missing, so bench/tree-bound.py's bound is not shown."
fi

# 3: ns per call, each configuration in its own child, rounds interleaved.
$pin "$BB/sf-bench-nscall" 21 "$POL/docker-like.policy" >>"$rows"

# 4, per open: a file four directories deep under /tmp, which
# docker-like-paths grants, with and without its Landlock domain.
mkdir -p /tmp/sf-bench-open/a/b/c && : >/tmp/sf-bench-open/a/b/c/f
$pin "$BB/sf-bench-llopen" 11 "$POL/docker-like-paths.policy" /tmp/sf-bench-open/a/b/c/f >>"$rows"

# 4: start-up under hyperfine, several rounds, medians of the rounds.
# PASS when $1 <= $2.
verdict() {
	awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "PASS" : "MISS" }'
}
median() {
	sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# The start-up rows from the medians in startup-medians.txt (a line per
# round: /bin/true, env, env + shim, sf-run, the floor with one program,
# with two, with none, the report path's two, sf-run and env + shim with
# 20 path rules, and both with the same policy without them; in seconds).
# The 20 path rules' row comes from llstartup-medians.txt instead (a line
# per round, µs, each a median of round-robin pairs: sf-run, env + shim,
# and the kernel's floor, each with the rules less without).
startup_rows() {
	m=$BB/startup-medians.txt
	col() {
		awk -v c="$1" '{ print $c }' "$m" | median
	}
	sfrun=$(awk '{ print $4 / $2 }' "$m" | median)
	shim=$(awk '{ print 1 + ($3 - $2) / $1 }' "$m" | median)
	floor1=$(awk '{ print 1 + ($5 - $2) / $1 }' "$m" | median)
	floor2=$(awk '{ print $6 / $2 }' "$m" | median)
	floor0=$(awk '{ print 1 + ($7 - $2) / $1 }' "$m" | median)
	row 4 "start-up µs: /bin/true / env /bin/true / env + shim / sf-run -p docker-like" \
		"$(awk -v a="$(col 1)" -v b="$(col 2)" -v c="$(col 3)" -v d="$(col 4)" 'BEGIN { printf "%.0f / %.0f / %.0f / %.0f", a * 1e6, b * 1e6, c * 1e6, d * 1e6 }')" - info
	row 4 "sf-run -p docker-like /bin/true ÷ env /bin/true" \
		"$(printf '%.2f×' "$sfrun")" "≤ 1.15×" "$(verdict "$sfrun" 1.15)"
	row 4 "the report path, µs: sf-run with a denied uname reported, less the same killed with --kill" \
		"$(awk '{ print ($8 - $9) * 1e6 }' "$m" | median | awk '{ printf "%+.0f", $1 }')" - info
	row 4 "LD_PRELOAD=libsf.so SF_POLICY=docker-like /bin/true ÷ /bin/true" \
		"$(printf '%.2f×' "$shim")" "≤ 1.15×" "$(verdict "$shim" 1.15)"
	row 4 "floor: a preload that only installs the compiled program ÷ /bin/true; with two programs ÷ env" \
		"$(printf '%.2f× / %.2f×' "$floor1" "$floor2")" - info
	row 4 "floor, first part: a preload that installs nothing ÷ /bin/true" \
		"$(printf '%.2f×' "$floor0")" - info
	# The kernel's part of the floor, beside /bin/true's time in this run.
	$pin "$BB/sf-bench-install" 41 "$DOCKER" "$(awk -v a="$(col 1)" 'BEGIN { printf "%.1f", a * 1e6 }')" >>"$rows"
	ll=$BB/llstartup-medians.txt
	paths=$(awk '{ print $1 }' "$ll" | median)
	row 4 "20 path rules, µs over the same policy without them, round-robin: sf-run / env + shim" \
		"$(awk -v a="$paths" -v b="$(awk '{ print $2 }' "$ll" | median)" 'BEGIN { printf "%+.0f / %+.0f", a, b }')" \
		"≤ +100 (sf-run)" "$(verdict "$paths" 100)"
	row 4 "floor: the same 20 rules as a bare Landlock domain (bench/llfloor.c: open, build, exec and exit under it), µs" \
		"$(awk '{ print $3 }' "$ll" | median | awk '{ printf "%+.0f", $1 }')" - info
	# sf-run execs once, where the floor's commands exec env and then
	# /bin/true: env's own exec is taken out of sf-run's floor.
	row 4 "above the floor, µs: libsf.so (parse, compile, load) / sf-run (all but two installs)" \
		"$(awk -v a="$(col 3)" -v b="$(col 5)" -v c="$(col 4)" -v d="$(col 6)" -v e="$(col 2)" -v f="$(col 1)" 'BEGIN { printf "%.0f / %.0f", (a - b) * 1e6, (c - (d - (e - f))) * 1e6 }')" - info
}
startup_missing() {
	row 4 "sf-run -p docker-like /bin/true ÷ env /bin/true" "$1" "≤ 1.15×" "$2"
	row 4 "LD_PRELOAD=libsf.so SF_POLICY=docker-like /bin/true ÷ /bin/true" "$1" "≤ 1.15×" "$2"
}
rounds=5
FLOOR=$TOP/$BB/sf-bench-floor.so
# The report path: uname denied, reported by sf-run, against --kill.
DENY_UNAME=$TOP/$BB/deny-uname.policy
printf 'default: allow\nuname: 0\n' >"$DENY_UNAME"
UNAME=$(command -v uname)
# The same with 20 path rules (Landlock): what they add to the start-up.
DOCKER_PATHS=$TOP/$POL/docker-like-paths.policy
DOCKER_NOPATHS=$TOP/$POL/docker-like-nopaths.policy
DOCKER_BPF=$TOP/$BB/docker-like.bpf
"$TOP/$B/sf-run" -p "$DOCKER" --emit-bpf "$DOCKER_BPF"
# The 20 path rules round-robin: each run with them right after one
# without, so that the machine's drift falls out of each difference;
# and the same rules as a bare domain, the kernel's share of any tool's.
ENV=$(command -v env)
LL_PATHS=$(awk '/^path / { sub(/^path /, ""); sub(/:.*/, ""); print }' "$DOCKER_PATHS")
: >"$BB/llstartup-medians.txt"
r=1
while [ "$r" -le "$rounds" ]; do
	{
		$pin "$BB/sf-bench-rr" 400 "$TOP/$B/sf-run" -p "$DOCKER_PATHS" /bin/true -- \
			"$TOP/$B/sf-run" -p "$DOCKER_NOPATHS" /bin/true | awk '{ printf "%s ", $3 }'
		$pin "$BB/sf-bench-rr" 400 "$ENV" LD_PRELOAD="$SHIM" SF_POLICY="$DOCKER_PATHS" /bin/true -- \
			"$ENV" LD_PRELOAD="$SHIM" SF_POLICY="$DOCKER_NOPATHS" /bin/true | awk '{ printf "%s ", $3 }'
		# shellcheck disable=SC2086 # one argument a path
		$pin "$BB/sf-bench-rr" 400 "$BB/sf-bench-llfloor" 20 $LL_PATHS /bin/true -- \
			"$BB/sf-bench-llfloor" 0 /bin/true | awk '{ print $3 }'
	} >>"$BB/llstartup-medians.txt"
	r=$((r + 1))
done
if command -v hyperfine >/dev/null 2>&1; then
	: >"$BB/startup-medians.txt"
	r=1
	while [ "$r" -le "$rounds" ]; do
		# -i: the report path's commands end by SIGSYS, as they should
		if ! $pin hyperfine -N -i --warmup 20 --runs 100 --export-json "$BB/startup-$r.json" \
			/bin/true "env /bin/true" \
			"env LD_PRELOAD=$SHIM SF_POLICY=$DOCKER /bin/true" \
			"$TOP/$B/sf-run -p $DOCKER /bin/true" \
			"env LD_PRELOAD=$FLOOR SF_BENCH_BPF=$DOCKER_BPF /bin/true" \
			"env LD_PRELOAD=$FLOOR SF_BENCH_BPF=$DOCKER_BPF:$DOCKER_BPF /bin/true" \
			"env LD_PRELOAD=$FLOOR SF_BENCH_BPF= /bin/true" \
			"$TOP/$B/sf-run -p $DENY_UNAME $UNAME" \
			"$TOP/$B/sf-run --kill -p $DENY_UNAME $UNAME" \
			>"$BB/startup-$r.log" 2>&1; then
			r=failed
			break
		fi
		# The nine medians, in the order of the commands.
		awk '/"median":/ { gsub(/[^0-9.eE+-]/, "", $2); printf "%s ", $2 } END { print "" }' \
			"$BB/startup-$r.json" >>"$BB/startup-medians.txt"
		r=$((r + 1))
	done
	if [ "$r" = failed ]; then
		startup_missing "hyperfine failed" MISS
		note "start-up: hyperfine failed; see $BB/startup-*.log."
	else
		startup_rows
		note "start-up: $(hyperfine --version), -N (no shell), 20 warm-up runs and 100 timed runs per command, $rounds rounds; each figure is the median over the rounds of hyperfine's medians (JSON in $BB/startup-*.json). The shim's ratio is 1 + (T(env + shim) - T(env)) / T(/bin/true): hyperfine -N cannot set a variable without env, so env's own cost is taken out. The floor (bench/floor.c) is a preload whose constructor only reads docker-like's program as sf-run --emit-bpf writes it and installs it (no new privileges, TSYNC, SPEC_ALLOW): what any seccomp shim pays for loading a library and for the kernel's work on a filter (checking it, converting it, JIT-compiling it, and precomputing its action cache); with two programs it stands for two filters of that size. Where a floor is above its target, no shim that installs this filter meets the target on this machine. The 20 path rules (bench/policies/docker-like-paths.policy against docker-like-nopaths.policy, which has the same @include) are timed round-robin by bench/rr.c instead: 400 pairs a round after 20 warm-up pairs, each run with the rules right after one without, the median of the pairs' differences, then the median over the rounds; bench/llfloor.c builds the same 20 rules as a bare domain (open each path, one rule each, restrict, exec /bin/true) against the same program without: the kernel's share, which any tool pays."
	fi
else
	startup_missing skipped skipped
	note "start-up: skipped, hyperfine is not installed (apt-get install hyperfine)."
fi

# 5: parse + compile time.
$pin "$BB/sf-bench-compile" \
	docker-like "$POL/docker-like.policy" 50 \
	synthetic-2000 "$BB/policies/mixed-2000.policy" 1000 \
	cat "$POL/cat.policy" - \
	mixed-10 "$BB/policies/mixed-10.policy" - \
	mixed-100 "$BB/policies/mixed-100.policy" - \
	mixed-1000 "$BB/policies/mixed-1000.policy" - \
	mixed-10000 "$BB/policies/mixed-10000.policy" - \
	unconditional-10000 "$BB/policies/unconditional-10000.policy" - >>"$rows"

# 6: memory.
$pin "$BB/sf-bench-rss" 21 "$SHIM" "$DOCKER" "$TOP/$B/sf-run" /bin/true >>"$rows"
row 6 "size build/libsf.so: text / data / bss (bytes)" \
	"$(size "$B/libsf.so" | awk 'NR == 2 { printf "%s / %s / %s", $1, $2, $3 }')" - info

# The table: rows sorted by section (stable), columns padded by characters.
table=$BB/table.md
grep "^ROW$TAB" "$rows" | sort -s -t "$TAB" -k2,2n | awk -F "$TAB" '
function width(s, c) { c = s; return length(s) - gsub(/[\200-\277]/, "", c) }
function pad(s, w) { while (width(s) < w) s = s " "; return s }
{
	n++
	for (i = 2; i <= 6; i++) {
		cell[n, i] = $i
		if (width($i) > w[i]) w[i] = width($i)
	}
}
END {
	split("#|Measure|Value|Target|Result", head, "|")
	for (i = 2; i <= 6; i++) if (width(head[i - 1]) > w[i]) w[i] = width(head[i - 1])
	line = "|"; rule = "|"
	for (i = 2; i <= 6; i++) {
		line = line " " pad(head[i - 1], w[i]) " |"
		dash = ""; while (length(dash) < w[i]) dash = dash "-"
		rule = rule " " dash " |"
	}
	print line; print rule
	for (r = 1; r <= n; r++) {
		line = "|"
		for (i = 2; i <= 6; i++) line = line " " pad(cell[r, i], w[i]) " |"
		print line
	}
}' >"$table"
pass=$(grep -c "^ROW$TAB.*${TAB}PASS\$" "$rows" || true)
miss=$(grep -c "^ROW$TAB.*${TAB}MISS\$" "$rows" || true)
skipped=$(grep -c "^ROW$TAB.*${TAB}skipped\$" "$rows" || true)
summary="Targets: $pass PASS, $miss MISS, $skipped skipped."

cat "$table"
echo
echo "$summary (notes and method: $OUT)"

cpu=$(awk -F ': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
{
	echo "# Benchmarks"
	echo
	echo "Generated by \`make bench\` (bench/run.sh); rerun it rather than edit this file."
	echo
	echo "- Machine: \`$(uname -a)\`"
	echo "- CPU: ${cpu:-unknown} ($(nproc) CPUs online)"
	echo "- Kernel: $(uname -r)"
	echo "- Date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	echo "- Command: \`make bench\`"
	echo "- Compiler: $(${CC:-cc} --version | head -n 1)"
	echo
	echo "## Results"
	echo
	cat "$table"
	echo
	echo "$summary"
	echo
	echo "## Notes"
	echo
	grep "^NOTE$TAB" "$rows" | cut -f 2- | sed 's/^/- /'
	echo
	cat bench/METHOD.md
} >"$OUT"
