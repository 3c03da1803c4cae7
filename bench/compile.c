/* Part 5 of the benchmarks: how long sf takes to parse and compile a
 * policy (text already in memory, as sf-run and the shim compile it: report
 * mode), the median of many repetitions timed with CLOCK_MONOTONIC, in
 * rounds that interleave the policies.
 *
 *   sf-bench-compile LABEL POLICY TARGET_US [LABEL POLICY TARGET_US]...
 *
 * TARGET_US is a limit in microseconds, or "-" for a row without one. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "dispatch.h"
#include "parse.h"

#define ROUND_NS 4e6 /* time one round spends on one policy */
#define ROUNDS 50
#define MAX_ROWS 32

struct row {
	const char *label, *target;
	char *text;
	size_t len, per_round, n;
	double *parse, *total; /* one sample per repetition */
	size_t rules, insns, path;
	int rejected;
	double us; /* the median */
};

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		bench_die("%s: %s", path, strerror(errno));
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
	    !(buf = malloc((size_t)n + 1)) || fread(buf, 1, (size_t)n, f) != (size_t)n)
		bench_die("%s: cannot read", path);
	fclose(f);
	buf[n] = 0;
	*len = (size_t)n;
	return buf;
}

/* One parse + compile, timed; the first one also records the outcome. */
static void once(struct row *r, int first)
{
	struct sf_compile_opts opts = {SF_REPORT_KILL, 0, 1};
	struct sf_policy p;
	struct sf_prog prog = {NULL, 0};
	struct sf_error err;
	const char *big;
	double t0, t1, t2;
	int failed;

	t0 = bench_now_ns();
	sf_policy_init(&p, sf_arch_native());
	if (sf_parse_text(&p, r->label, r->text, r->len, &err) || sf_parse_finish(&p, &err))
		bench_die("%s", err.msg);
	t1 = bench_now_ns();
	failed = sf_compile(&p, &opts, &prog, &err);
	t2 = bench_now_ns();
	if (first) {
		r->rules = p.nrules;
		r->rejected = failed;
		if (!failed) {
			r->insns = prog.len;
			r->path = longest_path(&prog);
		} else if (!(big = strstr(err.msg, "compiles to ")) ||
			   sscanf(big, "compiles to %zu", &r->insns) != 1) {
			bench_die("%s", err.msg);
		}
		/* As many repetitions per round as fit in ROUND_NS. */
		r->per_round = (size_t)(ROUND_NS / (t2 - t0 > 1 ? t2 - t0 : 1));
		r->per_round = r->per_round < 1 ? 1 : r->per_round > 400 ? 400 : r->per_round;
		r->parse = malloc(r->per_round * ROUNDS * sizeof(double));
		r->total = malloc(r->per_round * ROUNDS * sizeof(double));
		if (!r->parse || !r->total)
			bench_die("out of memory");
	} else {
		r->parse[r->n] = t1 - t0;
		r->total[r->n++] = t2 - t0;
	}
	sf_prog_free(&prog);
	sf_policy_free(&p);
}

static const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *f, ...)
{
	static char bufs[4][512];
	static int next;
	char *b = bufs[next++ % 4];
	va_list ap;

	va_start(ap, f);
	vsnprintf(b, sizeof bufs[0], f, ap);
	va_end(ap);
	return b;
}

/* How time and path grow along the sweep: consecutive rows whose labels
 * start with "mixed-". */
static void growth(const struct row *rows, size_t n)
{
	char text[1024];
	size_t len = 0;

	text[0] = 0;
	for (size_t i = 1; i < n && len < sizeof text; i++) {
		const struct row *a = &rows[i - 1], *b = &rows[i];
		if (strncmp(a->label, "mixed-", 6) || strncmp(b->label, "mixed-", 6) || !a->rules)
			continue;
		len += (size_t)snprintf(text + len, sizeof text - len,
					"%s%zu -> %zu rules: time x%.1f, longest path %zu -> %s",
					len ? "; " : "", a->rules, b->rules, b->us / a->us, a->path,
					b->rejected ? "rejected" : fmt("%zu", b->path));
	}
	if (len)
		bench_note("compile growth along the mixed sweep (rules x10 each step): %s.", text);
}

int main(int argc, char **argv)
{
	static struct row rows[MAX_ROWS];
	size_t n = 0;

	if (argc < 4 || (argc - 1) % 3 || (argc - 1) / 3 > MAX_ROWS) {
		fprintf(stderr, "usage: sf-bench-compile LABEL POLICY TARGET_US...\n");
		return 2;
	}
	for (int i = 1; i + 2 < argc; i += 3, n++) {
		rows[n].label = argv[i];
		rows[n].target = argv[i + 2];
		rows[n].text = slurp(argv[i + 1], &rows[n].len);
		once(&rows[n], 1);
	}
	/* Rounds interleave the policies, so a slow spell of the machine
	 * falls on all of them alike. */
	for (int round = 0; round < ROUNDS; round++)
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < rows[i].per_round; k++)
				once(&rows[i], 0);
	for (size_t i = 0; i < n; i++) {
		struct row *r = &rows[i];
		double us = bench_median(r->total, r->n) / 1e3;
		double parse = bench_median(r->parse, r->n) / 1e3;
		const char *what = fmt("parse + compile, %zu rules [%s]", r->rules, r->label);
		const char *value;

		if (r->rejected)
			value = fmt("%.1f µs; rejected: %zu insns > %d", us, r->insns,
				    SF_BPF_MAX_INSNS);
		else
			value = fmt("%.1f µs; %zu insns, longest path %zu", us, r->insns, r->path);
		if (strcmp(r->target, "-"))
			bench_row("5", what, value, fmt("≤ %s µs", r->target),
				  r->rejected ? "MISS" : bench_verdict(us, atof(r->target)));
		else
			bench_row("5", what, value, "-", "info");
		bench_note("compile %s: median of %zu runs in %d interleaved rounds; parsing alone "
			   "%.1f µs (the rest, about %.1f µs, compiles); %.3f µs per rule.",
			   r->label, r->n, ROUNDS, parse, us - parse,
			   r->rules ? us / (double)r->rules : 0);
		r->us = us;
	}
	growth(rows, n);
	for (size_t i = 0; i < n; i++) {
		free(rows[i].parse);
		free(rows[i].total);
		free(rows[i].text);
	}
	return fflush(stdout) ? 1 : 0;
}
