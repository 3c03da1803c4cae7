/* What the benchmark programs share: loading a policy, compiling it as
 * sf-run installs it, the clock, medians and the rows of the table. */
#ifndef SF_BENCH_COMMON_H
#define SF_BENCH_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "bpf.h"
#include "compile.h"
#include "error.h"
#include "policy.h"

/* The token sf-run would draw at random; any non-zero value compiles to
 * the same shape. */
#define BENCH_TOKEN 0x5eed5eedu

/* Parses and finishes the policy in path for the native arch; exits with a
 * message on error. */
void bench_load(struct sf_policy *p, const char *path);

/* Compiles p as sf-run does by default (report mode, policy index 0) and
 * checks it as the kernel will; exits with a message on error. The exact
 * filter is the policy itself; the pre-exec one is the policy after
 * bench_widen (sf_policy_widen_for_loader). */
void bench_compile(const struct sf_policy *p, struct sf_prog *out);
/* The same with kill-process as written (sf-run --kill). */
void bench_compile_trap(const struct sf_policy *p, struct sf_prog *out);
void bench_widen(struct sf_policy *p);

/* Installs prog as sf's installer does: no_new_privs, then seccomp() with
 * TSYNC and SPEC_ALLOW. Returns 0, or -1 if the kernel refused. */
int bench_install(const struct sf_prog *prog);

/* Runs child(arg, out) in a forked child, which sends out (size bytes)
 * back through a pipe: a filter cannot be removed, so whatever installs
 * one runs there. The child's filters must allow write and exit_group.
 * Returns 0, or -1 if the child failed (it exits non-zero, dies, or sends
 * less). */
int bench_in_child(void (*child)(const void *arg, void *out), const void *arg, void *out,
		   size_t size);

/* CLOCK_MONOTONIC in nanoseconds. */
double bench_now_ns(void);

/* Sorts v and returns its median (0 when n is 0). */
double bench_median(double *v, size_t n);

/* One row of the table: section, what, value, target and verdict, tab
 * separated for bench/run.sh. verdict is "PASS", "MISS" or "info". */
void bench_row(const char *section, const char *what, const char *value, const char *target,
	       const char *verdict);
/* A line for the notes under the table. */
void bench_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* PASS when value <= limit. */
const char *bench_verdict(double value, double limit);

void bench_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
