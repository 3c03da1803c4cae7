/* The same rules built with libseccomp's binary tree, for comparison.
 * Everything here is a stub answering "not available" unless the bench is
 * built with SF_BENCH_LIBSECCOMP (bench.mk sets it when <seccomp.h> is
 * there). */
#ifndef SF_BENCH_LSC_H
#define SF_BENCH_LSC_H

#include <stddef.h>

#include "bpf.h"
#include "policy.h"

struct bench_lsc; /* a libseccomp filter context */

/* 1 when built with libseccomp. */
int bench_lsc_available(void);
/* "libseccomp 2.5.4" or "libseccomp (not built)". */
const char *bench_lsc_name(void);

/* Builds p as libseccomp rules: SCMP_FLTATR_CTL_OPTIMIZE 2 (binary tree),
 * SCMP_FLTATR_CTL_SSB 1 (SECCOMP_FILTER_FLAG_SPEC_ALLOW, like sf),
 * SCMP_FLTATR_CTL_TSYNC 1 (like sf). Conditions are turned into OR-ed
 * rules of AND-ed comparisons. NULL with a reason when p cannot be said in
 * libseccomp's terms. */
struct bench_lsc *bench_lsc_build(const struct sf_policy *p, char *why, size_t size);
/* The BPF libseccomp generates (seccomp_export_bpf). 0 or -1. */
int bench_lsc_export(struct bench_lsc *l, struct sf_prog *out);
/* seccomp_load: installs the filter on the calling process. 0 or -1. */
int bench_lsc_load(struct bench_lsc *l);
void bench_lsc_free(struct bench_lsc *l);

#endif
